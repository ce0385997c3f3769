using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Territory;

/// <summary>
/// The scored units (IRIS, with communes not split into IRIS as <c>XXXXX0000</c>; or communes) and, for each level above them that the
/// inputs describe, the partition of the units into its territories. <see cref="TerritoryLevel.France"/> is always present.
/// </summary>
internal sealed class TerritoryModel
{
    private readonly Dictionary<TerritoryLevel, LevelPartition> _partitions;

    public TerritoryModel(IReadOnlyList<LevelPartition> partitions)
    {
        _partitions = partitions.ToDictionary(p => p.Level);
        // The units are the finest level given: IRIS, or communes for commune contours and tables.
        UnitLevel = _partitions.ContainsKey(TerritoryLevel.Iris) ? TerritoryLevel.Iris
            : _partitions.ContainsKey(TerritoryLevel.Commune) ? TerritoryLevel.Commune
            : throw new ArgumentException("A territory needs its IRIS or its commune level.", nameof(partitions));
        var units = _partitions[UnitLevel];
        if (units.Count != units.GroupOfUnit.Length)
            throw new ArgumentException($"The {UnitLevel.Name()} level holds the units: one territory per unit.", nameof(partitions));
        UnitCount = units.GroupOfUnit.Length;
        if (!_partitions.ContainsKey(TerritoryLevel.France))
            _partitions[TerritoryLevel.France] = new LevelPartition(TerritoryLevel.France, ["FR"], new int[UnitCount], ["France"]);
        Levels = _partitions.Keys.Order().ToArray();
    }

    /// <summary>The number of units.</summary>
    public int UnitCount { get; }

    /// <summary>The level of the units: <see cref="TerritoryLevel.Iris"/>, or <see cref="TerritoryLevel.Commune"/> for a territory of communes.</summary>
    public TerritoryLevel UnitLevel { get; }

    /// <summary>The contour of each unit, in <see cref="Crs"/>, when the territory comes from a layer of polygons.</summary>
    public NetTopologySuite.Geometries.Geometry[]? Geometries { get; init; }

    /// <summary>The coordinate system of <see cref="Geometries"/>.</summary>
    public Geography.Crs? Crs { get; init; }

    /// <summary>The levels present, finest first.</summary>
    public IReadOnlyList<TerritoryLevel> Levels { get; }

    /// <summary>The partition of the units at <paramref name="level"/>.</summary>
    public LevelPartition this[TerritoryLevel level] =>
        _partitions.TryGetValue(level, out var partition)
            ? partition
            : throw new FragilityException(FailureKind.BadData, $"the territory has no {level.Name()} level: the definition's territory section names no column for it");

    /// <summary>Whether the inputs describe <paramref name="level"/>.</summary>
    public bool Has(TerritoryLevel level) => _partitions.ContainsKey(level);

    /// <summary>The unit codes (the codes of <see cref="UnitLevel"/>).</summary>
    public string[] UnitCodes => _partitions[UnitLevel].Codes;

    /// <summary>
    /// For each territory of <paramref name="level"/>, the territory of <paramref name="parentLevel"/> that holds most of its
    /// units (ties go to the lower code). Exact for nested levels; a reasonable home for an EPCI that straddles départements.
    /// </summary>
    public int[] ParentOf(TerritoryLevel level, TerritoryLevel parentLevel)
    {
        if (_parents.TryGetValue((level, parentLevel), out var cached)) return cached;
        var child = this[level];
        var parent = this[parentLevel];
        var result = new int[child.Count];
        if (parent.Count > 1)
        {
            // Nested levels (the usual case) need one pass: each territory's parent is that of its first unit.
            var nested = true;
            for (var g = 0; g < child.Count; g++) result[g] = parent.GroupOfUnit[child.FirstUnit[g]];
            for (var unit = 0; unit < UnitCount && nested; unit++) nested = parent.GroupOfUnit[unit] == result[child.GroupOfUnit[unit]];
            if (!nested) result = MajorityParent(child, parent);
        }

        _parents[(level, parentLevel)] = result;
        return result;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(TerritoryLevel, TerritoryLevel), int[]> _parents = new();

    private int[] MajorityParent(LevelPartition child, LevelPartition parent)
    {
        var result = new int[child.Count];
        var counts = new Dictionary<(int Child, int Parent), int>();
        for (var unit = 0; unit < UnitCount; unit++)
        {
            var key = (child.GroupOfUnit[unit], parent.GroupOfUnit[unit]);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var best = new int[child.Count];
        Array.Fill(result, int.MaxValue);
        foreach (var ((c, p), n) in counts)
        {
            if (n > best[c] || (n == best[c] && p < result[c]))
            {
                best[c] = n;
                result[c] = p;
            }
        }

        return result;
    }
}
