using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace FragilityIndex.Territory;

/// <summary>
/// The contours of the territories of a level, built from the contours of their units: a commune, an EPCI or a
/// département is the union of its IRIS (or of its communes, when it holds them whole), in the units' CRS. IRIS contours form a coverage (they share edges and do not
/// overlap), so NetTopologySuite's coverage union, which only has to drop the shared edges, does the job several times
/// faster than an overlay; where the contours are not a clean coverage (its result is invalid or it gives up), the
/// general cascaded union takes over for that territory.
/// </summary>
internal static class LevelGeometries
{
    // The contours already built for a territory model, by level: a level is built from the finest level nested in
    // it that has them (a département from its communes, not from its IRIS again).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TerritoryModel, System.Collections.Concurrent.ConcurrentDictionary<TerritoryLevel, Lazy<Geometry[]>>> Built = new();

    public static Geometry[] Of(TerritoryModel territory, TerritoryLevel level)
    {
        var units = territory.Geometries ?? throw new FragilityException(FailureKind.BadData, "the territory has no contours: its source is not a layer of polygons");
        if (level == territory.UnitLevel) return units;
        // Built once, whoever asks first; others asking meanwhile wait for it (writers of several levels run at once).
        return Built.GetValue(territory, _ => new()).GetOrAdd(level, l => new Lazy<Geometry[]>(() => Build(territory, l))).Value;
    }

    private static Geometry[] Build(TerritoryModel territory, TerritoryLevel level)
    {
        // Each territory is the union of the largest pieces it holds whole: the finer territories (départements, then
        // EPCI, then communes) that lie wholly inside it, then IRIS for what is left. Their contours have lost their
        // inner edges already, so the union has far fewer of them to drop (a région from its départements: a few
        // thousand vertices where its IRIS have millions); an EPCI across a départemental border leaves the rest of
        // each of its départements built from whole EPCI, and its own part from its communes.
        var partition = territory[level];
        var members = new List<Geometry>[partition.Count];
        for (var g = 0; g < members.Length; g++) members[g] = [];
        var covered = new bool[territory.UnitCount];
        foreach (var finer in new[] { TerritoryLevel.Departement, TerritoryLevel.Epci, TerritoryLevel.Commune })
        {
            if (finer >= level || !territory.Has(finer)) continue;
            var child = territory[finer];
            // A piece is taken when it lies in one territory and no larger piece took any of its units.
            var home = new int[child.Count];
            Array.Fill(home, -1);
            for (var u = 0; u < territory.UnitCount; u++)
            {
                var (f, g) = (child.GroupOfUnit[u], partition.GroupOfUnit[u]);
                home[f] = covered[u] || (home[f] >= 0 && home[f] != g) || home[f] == -2 ? -2 : g;
            }

            if (home.All(h => h < 0)) continue;
            var parts = Of(territory, finer);
            for (var f = 0; f < child.Count; f++)
                if (home[f] >= 0) members[home[f]].Add(parts[f]);
            for (var u = 0; u < territory.UnitCount; u++)
                if (home[child.GroupOfUnit[u]] >= 0) covered[u] = true;
        }

        var units = territory.Geometries!;
        for (var u = 0; u < units.Length; u++)
            if (!covered[u]) members[partition.GroupOfUnit[u]].Add(units[u]);

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
