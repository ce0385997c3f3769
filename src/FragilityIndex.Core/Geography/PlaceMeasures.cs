using FragilityIndex.Territory;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace FragilityIndex.Geography;

/// <summary>Places (France services, mediation places) gathered from their sources, each point with the CRS it was read in.</summary>
public sealed class Places
{
    internal Places(IReadOnlyList<(Point Point, Crs Crs)> points) => Points = points;

    /// <summary>The points and their CRSs, in the order of their sources.</summary>
    public IReadOnlyList<(Point Point, Crs Crs)> Points { get; }

    /// <summary>The number of places.</summary>
    public int Count => Points.Count;

    /// <summary>Points given in one CRS (for tests and callers that already hold them).</summary>
    public static Places In(Crs crs, IEnumerable<Point> points) => new(points.Select(p => (p, crs)).ToArray());
}

/// <summary>
/// Measures the offer of places around each unit: how many fall inside it (point in polygon, through an STRtree of the
/// contours) and how far the nearest one is from it (from a point inside the unit, through an STRtree of the places).
/// Both are computed in metres, in the projected CRS of each unit's own département: Lambert-93 in metropolitan France,
/// the local UTM systems overseas (Guadeloupe and Martinique EPSG:5490, Guyane 2972, La Réunion 2975, Mayotte 4471), so
/// that a unit of La Réunion measures the same in a run over La Réunion alone and in a run over several départements.
/// </summary>
public sealed class PlaceMeasures
{
    private readonly int _unitCount;
    private readonly MeasuringGroup[] _groups;

    public PlaceMeasures(TerritoryModel territory)
    {
        var geometries = territory.Geometries ?? throw new FragilityException(FailureKind.BadData,
            "counting places needs the contours of the units: the territory source must be a layer of polygons");
        var crs = territory.Crs!;
        _unitCount = geometries.Length;
        var departements = territory.Has(TerritoryLevel.Departement) ? territory[TerritoryLevel.Departement] : null;
        var iris = territory[TerritoryLevel.Iris];
        string DepartementOf(int unit) => departements is not null
            ? departements.Codes[departements.GroupOfUnit[unit]]
            : TerritoryCodes.DepartementOf(TerritoryCodes.CommuneOf(iris.Codes[unit]));

        _groups = Enumerable.Range(0, _unitCount)
            .GroupBy(u => CrsCatalog.ProjectedFor(DepartementOf(u)).Epsg)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var working = CrsCatalog.Get(g.Key);
                var units = g.ToArray();
                // Every contour reprojected on every core, a transformation per thread (ProjNet's are not shared).
                var contours = new Geometry[units.Length];
                Parallel.For(0, units.Length, () => new Reprojection(crs, working),
                    (k, _, toWorking) =>
                    {
                        contours[k] = toWorking.Apply(geometries[units[k]]);
                        return toWorking;
                    },
                    _ => { });
                return new MeasuringGroup(working, units, contours);
            })
            .ToArray();
    }

    /// <summary>How many units each projected CRS measured ("EPSG:2154" → 752), as run.json records it.</summary>
    public IReadOnlyDictionary<string, int> MeasuredIn => _groups.ToDictionary(g => $"EPSG:{g.Crs.Epsg}", g => g.Units.Length, StringComparer.Ordinal);

    /// <summary>
    /// The places of several sources. A source none of whose places lies within 100 km of the territory is refused:
    /// its latitude and longitude are swapped, or it is a file of another country.
    /// </summary>
    public Places Gather(IEnumerable<(string FileName, Geometry[] Points, Crs Crs)> sources)
    {
        var points = new List<(Point, Crs)>();
        foreach (var (fileName, geometries, crs) in sources)
        {
            var inside = 0;
            var near = _groups.Select(g => (Group: g, ToWorking: new Reprojection(crs, g.Crs))).ToArray();
            foreach (var geometry in geometries)
            {
                var point = (Point)geometry;
                if (inside == 0 && near.Any(n => n.Group.Near.Contains(((Point)n.ToWorking.Apply(point)).Coordinate))) inside++;
                points.Add((point, crs));
            }

            if (geometries.Length > 0 && inside == 0)
                throw FragilityException.InFile(fileName, 0, null,
                    $"none of its {geometries.Length} places lies within 100 km of the territory: are its latitude and longitude columns swapped?");
        }

        return new Places(points);
    }

    /// <summary>
    /// How many of <paramref name="places"/> each unit contains (a place on a shared border counts once, for the first
    /// unit in code order), or, with <paramref name="weights"/>, the sum of their weights (a missing weight counts 0).
    /// </summary>
    public double[] Count(Places places, double[]? weights = null)
    {
        var counts = new double[_unitCount];
        var counted = new bool[places.Count];
        foreach (var group in _groups)
        {
            var projected = group.Project(places);
            var tree = new STRtree<int>();
            for (var k = 0; k < group.Units.Length; k++) tree.Insert(group.Contours[k].EnvelopeInternal, k);
            tree.Build();
            var prepared = new IPreparedGeometry?[group.Units.Length];
            for (var p = 0; p < projected.Length; p++)
            {
                if (counted[p]) continue;
                var best = -1;
                foreach (var k in tree.Query(projected[p].EnvelopeInternal))
                {
                    if (best >= 0 && group.Units[k] > group.Units[best]) continue;
                    prepared[k] ??= PreparedGeometryFactory.Prepare(group.Contours[k]);
                    if (prepared[k]!.Covers(projected[p])) best = k;
                }

                if (best < 0) continue;
                counted[p] = true;
                counts[group.Units[best]] += weights is null ? 1 : double.IsFinite(weights[p]) ? weights[p] : 0;
            }
        }

        return counts;
    }

    /// <summary>The distance in kilometres from each unit to the nearest of <paramref name="places"/>: 0 when one lies inside it, else from its interior point.</summary>
    public double[] NearestDistanceKm(Places places)
    {
        if (places.Count == 0) return Enumerable.Repeat(double.NaN, _unitCount).ToArray();
        var counts = Count(places);
        var distances = new double[_unitCount];
        var itemDistance = new GeometryItemDistance();
        foreach (var group in _groups)
        {
            var tree = new STRtree<Geometry>();
            foreach (var place in group.Project(places)) tree.Insert(place.EnvelopeInternal, place);
            tree.Build();
            // The built tree is only read: the units are measured on every core.
            Parallel.For(0, group.Units.Length, k =>
            {
                var u = group.Units[k];
                if (counts[u] > 0) return;
                var origin = group.Contours[k].InteriorPoint;
                var nearest = tree.NearestNeighbour(origin.EnvelopeInternal, origin, itemDistance);
                distances[u] = origin.Distance(nearest) / 1000;
            });
        }

        return distances;
    }

    /// <summary>The units measured in one projected CRS, their contours in it, and 100 km around them.</summary>
    private sealed class MeasuringGroup
    {
        public MeasuringGroup(Crs crs, int[] units, Geometry[] contours)
        {
            Crs = crs;
            Units = units;
            Contours = contours;
            Near = new Envelope();
            foreach (var contour in contours) Near.ExpandToInclude(contour.EnvelopeInternal);
            Near.ExpandBy(100_000);
        }

        public Crs Crs { get; }

        public int[] Units { get; }

        public Geometry[] Contours { get; }

        public Envelope Near { get; }

        public Point[] Project(Places places)
        {
            var projected = new Point[places.Count];
            Reprojection? last = null;
            Crs? lastCrs = null;
            for (var p = 0; p < projected.Length; p++)
            {
                var (point, crs) = places.Points[p];
                if (!ReferenceEquals(crs, lastCrs))
                {
                    last = new Reprojection(crs, Crs);
                    lastCrs = crs;
                }

                projected[p] = (Point)last!.Apply(point);
            }

            return projected;
        }
    }
}
