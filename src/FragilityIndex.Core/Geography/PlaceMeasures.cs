using FragilityIndex.Territory;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace FragilityIndex.Geography;

/// <summary>
/// Measures the offer of places (France services, digital-mediation places) around each unit: how many fall inside it
/// (point in polygon, through an STRtree of the contours) and how far the nearest one is from it (from a point inside
/// the unit, through an STRtree of the places). Both are computed in metres, in the projected CRS of the territory.
/// </summary>
public sealed class PlaceMeasures
{
    private readonly Geometry[] _units;
    private readonly Crs _working;

    public PlaceMeasures(TerritoryModel territory)
    {
        var geometries = territory.Geometries ?? throw new FragilityException(FailureKind.BadData,
            "counting places needs the contours of the units: the territory source must be a layer of polygons");
        var crs = territory.Crs!;
        _working = crs.IsGeographic ? CrsCatalog.ProjectedFor(territory[TerritoryLevel.Departement].Codes[territory[TerritoryLevel.Departement].GroupOfUnit[0]]) : crs;
        var reprojection = new Reprojection(crs, _working);
        _units = geometries.Select(reprojection.Apply).ToArray();
    }

    /// <summary>
    /// The places of several sources, brought to the working CRS. A source none of whose places lies within 100 km of
    /// the territory is refused: its latitude and longitude are swapped, or it is a file of another country.
    /// </summary>
    public Point[] Gather(IEnumerable<(string FileName, Geometry[] Points, Crs Crs)> sources)
    {
        var points = new List<Point>();
        var near = new Envelope();
        foreach (var unit in _units) near.ExpandToInclude(unit.EnvelopeInternal);
        near.ExpandBy(100_000);
        foreach (var (fileName, geometries, crs) in sources)
        {
            var reprojection = new Reprojection(crs, _working);
            var inside = 0;
            foreach (var geometry in geometries)
            {
                var point = (Point)reprojection.Apply(geometry);
                if (near.Contains(point.Coordinate)) inside++;
                points.Add(point);
            }

            if (geometries.Length > 0 && inside == 0)
                throw FragilityException.InFile(fileName, 0, null,
                    $"none of its {geometries.Length} places lies within 100 km of the territory: are its latitude and longitude columns swapped?");
        }

        return [.. points];
    }

    /// <summary>
    /// How many of <paramref name="places"/> each unit contains (a place on a shared border counts once, for the first
    /// unit in code order), or, with <paramref name="weights"/>, the sum of their weights (a missing weight counts 0).
    /// </summary>
    public double[] Count(Point[] places, double[]? weights = null)
    {
        var tree = new STRtree<int>();
        for (var u = 0; u < _units.Length; u++) tree.Insert(_units[u].EnvelopeInternal, u);
        tree.Build();
        var prepared = new IPreparedGeometry?[_units.Length];
        var counts = new double[_units.Length];
        for (var p = 0; p < places.Length; p++)
        {
            var place = places[p];
            var candidates = tree.Query(place.EnvelopeInternal);
            var best = -1;
            foreach (var u in candidates)
            {
                if (best >= 0 && u > best) continue;
                prepared[u] ??= PreparedGeometryFactory.Prepare(_units[u]);
                if (prepared[u]!.Covers(place)) best = u;
            }

            if (best >= 0) counts[best] += weights is null ? 1 : double.IsFinite(weights[p]) ? weights[p] : 0;
        }

        return counts;
    }

    /// <summary>The distance in kilometres from each unit to the nearest of <paramref name="places"/>: 0 when one lies inside it, else from its interior point.</summary>
    public double[] NearestDistanceKm(Point[] places)
    {
        if (places.Length == 0) return Enumerable.Repeat(double.NaN, _units.Length).ToArray();
        var tree = new STRtree<Geometry>();
        foreach (var place in places) tree.Insert(place.EnvelopeInternal, place);
        tree.Build();
        var counts = Count(places);
        var distances = new double[_units.Length];
        var itemDistance = new GeometryItemDistance();
        for (var u = 0; u < _units.Length; u++)
        {
            if (counts[u] > 0) continue;
            var origin = _units[u].InteriorPoint;
            var nearest = tree.NearestNeighbour(origin.EnvelopeInternal, origin, itemDistance);
            distances[u] = origin.Distance(nearest) / 1000;
        }

        return distances;
    }
}
