using FragilityIndex.Territory;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace FragilityIndex.Geography;

/// <summary>
/// The contours of the territories of a level, built from the contours of their units: a commune, an EPCI or a
/// département is the union of its IRIS, in the units' CRS. IRIS contours form a coverage (they share edges and do not
/// overlap), so NetTopologySuite's coverage union, which only has to drop the shared edges, does the job several times
/// faster than an overlay; where the contours are not a clean coverage (its result is invalid or it gives up), the
/// general cascaded union takes over for that territory.
/// </summary>
public static class LevelGeometries
{
    public static Geometry[] Of(TerritoryModel territory, TerritoryLevel level)
    {
        var units = territory.Geometries ?? throw new FragilityException(FailureKind.BadData, "the territory has no contours: its source is not a layer of polygons");
        if (level == TerritoryLevel.Iris) return units;
        var partition = territory[level];
        var members = new List<Geometry>[partition.Count];
        for (var g = 0; g < members.Length; g++) members[g] = [];
        for (var u = 0; u < units.Length; u++) members[partition.GroupOfUnit[u]].Add(units[u]);
        // Each territory's union is independent of the others': they are built on every core.
        var contours = new Geometry[members.Length];
        Parallel.For(0, members.Length, g => contours[g] = members[g].Count == 1 ? members[g][0] : Union(members[g]));
        return contours;
    }

    private static Geometry Union(List<Geometry> parts)
    {
        try
        {
            var union = NetTopologySuite.Coverage.CoverageUnion.Union([.. parts]);
            if (union is not null && union.IsValid) return union;
        }
        catch (TopologyException)
        {
            // Not a clean coverage: the overlay below copes.
        }

        return CascadedPolygonUnion.Union(parts);
    }
}
