using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace FragilityIndex.Territory;

/// <summary>Places (France services, mediation places) gathered from their sources, each point with the CRS it was read in.</summary>
internal sealed class Places
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
/// contours) and how far the nearest one is from it (from the unit's centroid, or from a point inside it when the centroid falls outside, through an STRtree of the places).
/// Distances are computed in metres, in the projected CRS of each unit's own département: Lambert-93 in metropolitan
/// France, the local UTM systems overseas (Guadeloupe and Martinique EPSG:5490, Guyane 2972, La Réunion 2975, Mayotte
/// 4471), so that a unit of La Réunion measures the same in a run over La Réunion alone and in a run over several
/// départements. Whether a place lies in a unit is a question of topology, answered in the contours' own CRS (where
/// their edges are the straight lines their publisher drew) with the places brought into it: the contours, millions
/// of vertices at national scale, are never reprojected; only the places and one interior point per unit are.
/// </summary>
internal sealed class PlaceMeasures
{
    private static readonly GeometryFactory OriginFactory = new();
    private readonly int _unitCount;
    private readonly Crs _contourCrs;
    private readonly Geometry[] _contours;
    private readonly MeasuringGroup[] _groups;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Places, int[]> _inUnit = new();

    public PlaceMeasures(TerritoryModel territory)
    {
        _contours = territory.Geometries ?? throw new FragilityException(FailureKind.BadData,
            "counting places needs the contours of the units: the territory source must be a layer of polygons");
        _contourCrs = territory.Crs!;
        _unitCount = _contours.Length;
        var departements = territory.Has(TerritoryLevel.Departement) ? territory[TerritoryLevel.Departement] : null;
        var units = territory[territory.UnitLevel];
        string DepartementOf(int unit) => departements is not null
            ? departements.Codes[departements.GroupOfUnit[unit]]
            : TerritoryCodes.DepartementOf(TerritoryCodes.CommuneOf(units.Codes[unit]));

        var contours = _contours;
        var contourCrs = _contourCrs;
        _groups = Enumerable.Range(0, _unitCount)
            .GroupBy(u => CrsCatalog.ProjectedFor(DepartementOf(u)).Epsg)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var working = CrsCatalog.Get(g.Key);
                var units = g.ToArray();
                // Where each unit is measured from, in the working CRS; on every core, a transformation per thread
                // (ProjNet's are not shared).
                var origins = new Coordinate[units.Length];
                var extent = new Envelope();
                foreach (var u in units) extent.ExpandToInclude(contours[u].EnvelopeInternal);
                Parallel.For(0, units.Length, () => new Reprojection(contourCrs, working),
                    (k, _, toWorking) =>
                    {
                        origins[k] = Origin(contours[units[k]], toWorking);
                        return toWorking;
                    },
                    _ => { });
                return new MeasuringGroup(working, units, origins, Projected(extent, new Reprojection(contourCrs, working)));
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
        var into = _inUnit.GetValue(places, p => UnitOf(p));
        var counts = new double[_unitCount];
        for (var p = 0; p < into.Length; p++)
        {
            if (into[p] >= 0) counts[into[p]] += weights is null ? 1 : double.IsFinite(weights[p]) ? weights[p] : 0;
        }

        return counts;
    }

    // The unit each place lies in (the first in code order on a shared border), -1 outside every unit: found once per
    // set of places, by a ray-crossing test against the contours whose envelope holds it.
    private int[] UnitOf(Places places)
    {
        var projected = Project(places, _contourCrs);
        var tree = new STRtree<int>();
        for (var u = 0; u < _unitCount; u++) tree.Insert(_contours[u].EnvelopeInternal, u);
        tree.Build();
        var into = new int[projected.Length];
        Parallel.For(0, projected.Length, p =>
        {
            var best = -1;
            var at = projected[p].Coordinate;
            foreach (var u in tree.Query(projected[p].EnvelopeInternal))
            {
                if (best >= 0 && u > best) continue;
                if (SimplePointInAreaLocator.Locate(at, _contours[u]) != Location.Exterior) best = u;
            }

            into[p] = best;
        });
        return into;
    }

    /// <summary>
    /// The distance in kilometres from each unit to the nearest of <paramref name="places"/>: 0 when one lies inside
    /// it, else from its centroid (its interior point when the centroid lies outside it, as for a crescent).
    /// </summary>
    public double[] NearestDistanceKm(Places places)
    {
        if (places.Count == 0) return Enumerable.Repeat(double.NaN, _unitCount).ToArray();
        var counts = Count(places);
        var distances = new double[_unitCount];
        var itemDistance = new PointDistance();
        foreach (var group in _groups)
        {
            var tree = new STRtree<Point>();
            foreach (var place in Project(places, group.Crs)) tree.Insert(place.EnvelopeInternal, place);
            tree.Build();
            // The built tree is only read: the units are measured on every core.
            Parallel.For(0, group.Units.Length, k =>
            {
                var u = group.Units[k];
                if (counts[u] > 0) return;
                var origin = OriginFactory.CreatePoint(group.Origins[k]);
                var nearest = tree.NearestNeighbour(origin.EnvelopeInternal, origin, itemDistance);
                distances[u] = origin.Coordinate.Distance(nearest.Coordinate) / 1000;
            });
        }

        return distances;
    }

    // Places and origins are points: their distance is the plane's, as DistanceOp finds it for two points
    // (Coordinate.Distance), without the DistanceOp that NetTopologySuite's GeometryItemDistance builds for each pair
    // the search weighs (the Design4Green Rhône: 2 % of the run's processor time in those constructors alone).
    private sealed class PointDistance : IItemDistance<Envelope, Point>
    {
        public double Distance(IBoundable<Envelope, Point> item1, IBoundable<Envelope, Point> item2) =>
            item1.Item.Coordinate.Distance(item2.Item.Coordinate);
    }

    // Where a unit's distance is measured from, in the working CRS: its centroid when that lies in the unit, else its
    // interior point. The centroid barely moves under a projection (locally affine over a unit's extent), so it is
    // found in the contour's CRS and only the point is projected: the same unit measures the same whether its contour
    // came in Lambert-93 or in longitude and latitude. An interior point would not (it sits on a horizontal line, and
    // the two CRSs disagree on what is horizontal): for the few units whose centroid lies outside (a crescent), the
    // contour itself is projected and the interior point found there.
    private static Coordinate Origin(Geometry contour, Reprojection toWorking)
    {
        var centroid = AreaCentroid.Of(contour) ?? contour.Centroid.Coordinate;
        if (centroid is not null && SimplePointInAreaLocator.Locate(centroid, contour) != Location.Exterior)
        {
            var (x, y) = toWorking.Apply(centroid.X, centroid.Y);
            return new Coordinate(x, y);
        }

        return toWorking.Apply(contour).InteriorPoint.Coordinate;
    }

    // An extent in another CRS: the envelope of a 9 × 9 grid of its points there, for the 100 km test of Gather (its
    // edges may bow a little between the points: a few hundred metres, against 100 km).
    private static Envelope Projected(Envelope extent, Reprojection reprojection)
    {
        var projected = new Envelope();
        for (var i = 0; i <= 8; i++)
        {
            for (var j = 0; j <= 8; j++)
            {
                var (x, y) = reprojection.Apply(extent.MinX + (extent.Width * i / 8), extent.MinY + (extent.Height * j / 8));
                projected.ExpandToInclude(x, y);
            }
        }

        return projected;
    }

    // The places in one CRS, each brought from its own.
    private static Point[] Project(Places places, Crs to)
    {
        var projected = new Point[places.Count];
        Reprojection? last = null;
        Crs? lastCrs = null;
        for (var p = 0; p < projected.Length; p++)
        {
            var (point, crs) = places.Points[p];
            if (!ReferenceEquals(crs, lastCrs))
            {
                last = new Reprojection(crs, to);
                lastCrs = crs;
            }

            projected[p] = (Point)last!.Apply(point);
        }

        return projected;
    }

    /// <summary>The units measured in one projected CRS, where each is measured from, and 100 km around them.</summary>
    private sealed class MeasuringGroup
    {
        public MeasuringGroup(Crs crs, int[] units, Coordinate[] origins, Envelope extent)
        {
            Crs = crs;
            Units = units;
            Origins = origins;
            Near = extent.Copy();
            Near.ExpandBy(100_000);
        }

        public Crs Crs { get; }

        public int[] Units { get; }

        public Coordinate[] Origins { get; }

        public Envelope Near { get; }
    }
}
