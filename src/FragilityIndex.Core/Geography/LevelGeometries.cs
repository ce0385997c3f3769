using FragilityIndex.Territory;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace FragilityIndex.Geography;

/// <summary>
/// The contours of the territories of a level, built from the contours of their units: a commune, an EPCI or a
/// département is the union of its IRIS (or of its communes, when it holds them whole), in the units' CRS. IRIS contours form a coverage (they share edges and do not
/// overlap), so NetTopologySuite's coverage union, which only has to drop the shared edges, does the job several times
/// faster than an overlay; where the contours are not a clean coverage (its result is invalid or it gives up), the
/// general cascaded union takes over for that territory.
/// </summary>
public static class LevelGeometries
{
    // The contours already built for a territory model, by level: a level is built from the finest level nested in
    // it that has them (a département from its communes, not from its IRIS again).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TerritoryModel, System.Collections.Concurrent.ConcurrentDictionary<TerritoryLevel, Lazy<Geometry[]>>> Built = new();

    public static Geometry[] Of(TerritoryModel territory, TerritoryLevel level)
    {
        var units = territory.Geometries ?? throw new FragilityException(FailureKind.BadData, "the territory has no contours: its source is not a layer of polygons");
        if (level == TerritoryLevel.Iris) return units;
        // Built once, whoever asks first; others asking meanwhile wait for it (writers of several levels run at once).
        return Built.GetValue(territory, _ => new()).GetOrAdd(level, l => new Lazy<Geometry[]>(() => Build(territory, l))).Value;
    }

    private static Geometry[] Build(TerritoryModel territory, TerritoryLevel level)
    {
        // The coarsest level below this one whose every territory lies in one territory of this level: its contours
        // have lost their inner edges already, so the union has far fewer of them to drop (a région from its
        // départements: a few thousand vertices where its IRIS have millions).
        var from = TerritoryLevel.Iris;
        foreach (var finer in new[] { TerritoryLevel.Departement, TerritoryLevel.Epci, TerritoryLevel.Commune })
        {
            if (finer < level && territory.Has(finer) && Nested(territory, finer, level))
            {
                from = finer;
                break;
            }
        }

        var parts = Of(territory, from);
        var partition = territory[level];
        var members = new List<Geometry>[partition.Count];
        for (var g = 0; g < members.Length; g++) members[g] = [];
        if (from == TerritoryLevel.Iris)
            for (var u = 0; u < parts.Length; u++) members[partition.GroupOfUnit[u]].Add(parts[u]);
        else
        {
            var parent = territory.ParentOf(from, level);
            for (var c = 0; c < parts.Length; c++) members[parent[c]].Add(parts[c]);
        }

        // Each territory's union is independent of the others': they are built on every core.
        var contours = new Geometry[members.Length];
        Parallel.For(0, members.Length, g => contours[g] = members[g].Count == 1 ? members[g][0] : Union(members[g]));
        return contours;
    }

    // Whether each territory of the finer level lies wholly in one territory of the coarser.
    private static bool Nested(TerritoryModel territory, TerritoryLevel finer, TerritoryLevel coarser)
    {
        var parent = territory.ParentOf(finer, coarser);
        var (child, outer) = (territory[finer], territory[coarser]);
        for (var u = 0; u < territory.UnitCount; u++)
            if (outer.GroupOfUnit[u] != parent[child.GroupOfUnit[u]]) return false;
        return true;
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
