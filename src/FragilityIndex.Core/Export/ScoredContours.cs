using FragilityIndex.Scoring;
using FragilityIndex.Territory;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Export;

/// <summary>The contours of a level's scored territories, in the order of its rows: what the maps and the GIS exports draw.</summary>
internal static class ScoredContours
{
    public static Geometry[] Of(TerritoryModel territory, LevelScores scores)
    {
        var byGroup = LevelGeometries.Of(territory, scores.Level);
        var partition = territory[scores.Level];
        var ordered = new Geometry[scores.Count];
        for (var g = 0; g < partition.Count; g++) ordered[scores.PositionOf(partition.Codes[g])] = byGroup[g];
        return ordered;
    }
}
