using FragilityIndex.Territory;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace FragilityIndex.Geography;

/// <summary>
/// The contours of the territories of a level, built from the contours of their units: a commune, an EPCI or a
/// département is the union of its IRIS (NetTopologySuite's cascaded union), in the units' CRS.
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
        return members.Select(m => m.Count == 1 ? m[0] : CascadedPolygonUnion.Union(m)).ToArray();
    }
}
