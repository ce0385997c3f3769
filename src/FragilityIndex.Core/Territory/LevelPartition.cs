using FragilityIndex.Definition;

namespace FragilityIndex.Territory;

/// <summary>
/// The units grouped by the territories of one level: <see cref="GroupOfUnit"/>[u] is the position, in
/// <see cref="Codes"/>, of the territory that contains unit u. Groups are numbered in ordinal order of their codes,
/// so outputs do not depend on the order of the input rows.
/// </summary>
internal sealed class LevelPartition
{
    public LevelPartition(TerritoryLevel level, string[] codes, int[] groupOfUnit, string[] names)
    {
        Level = level;
        Codes = codes;
        GroupOfUnit = groupOfUnit;
        Names = names;
        FirstUnit = new int[codes.Length];
        UnitCounts = new int[codes.Length];
        Array.Fill(FirstUnit, -1);
        for (var unit = 0; unit < groupOfUnit.Length; unit++)
        {
            var group = groupOfUnit[unit];
            if (FirstUnit[group] < 0) FirstUnit[group] = unit;
            UnitCounts[group]++;
        }
    }

    /// <summary>The level this partition describes.</summary>
    public TerritoryLevel Level { get; }

    /// <summary>The code of each territory, sorted ordinally.</summary>
    public string[] Codes { get; }

    /// <summary>The name of each territory, or "" when no source gives it.</summary>
    public string[] Names { get; }

    /// <summary>For each unit, the position of its territory in <see cref="Codes"/>.</summary>
    public int[] GroupOfUnit { get; }

    /// <summary>For each territory, its first unit in unit order: the representative whose copy of a value keyed at this level is counted.</summary>
    public int[] FirstUnit { get; }

    /// <summary>For each territory, how many units it holds.</summary>
    public int[] UnitCounts { get; }

    /// <summary>The number of territories.</summary>
    public int Count => Codes.Length;

    /// <summary>Names the territories still unnamed from a table of codes and names (the first non-empty name of a code wins).</summary>
    public void NameFrom(IReadOnlyList<string> codes, IReadOnlyList<string> names)
    {
        var byCode = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var row = 0; row < codes.Count; row++)
        {
            var name = names[row].Trim();
            if (name.Length > 0) byCode.TryAdd(TerritoryCodes.Repair(codes[row].Trim(), Level, out _), name);
        }

        for (var g = 0; g < Codes.Length; g++)
            if (Names[g].Length == 0 && byCode.TryGetValue(Codes[g], out var name)) Names[g] = name;
    }

    /// <summary>Builds a partition from one code per unit (and an optional name per unit).</summary>
    public static LevelPartition FromUnitCodes(TerritoryLevel level, IReadOnlyList<string> unitCodes, IReadOnlyList<string>? unitNames = null)
    {
        var groupOfUnit = new int[unitCodes.Count];
        // Units come sorted by code, so the IRIS and their communes are usually in order already: then a territory's
        // units follow each other and one pass numbers them, with no table of codes and no sort.
        var distinct = InOrder(unitCodes) ? Runs(unitCodes, groupOfUnit) : Sorted(unitCodes, groupOfUnit);
        var names = new string[distinct.Length];
        Array.Fill(names, "");
        if (unitNames is not null)
        {
            for (var unit = 0; unit < unitCodes.Count; unit++)
            {
                var group = groupOfUnit[unit];
                if (names[group].Length == 0) names[group] = unitNames[unit];
            }
        }

        return new LevelPartition(level, distinct, groupOfUnit, names);
    }

    private static bool InOrder(IReadOnlyList<string> codes)
    {
        for (var i = 1; i < codes.Count; i++)
        {
            if (string.CompareOrdinal(codes[i - 1], codes[i]) > 0) return false;
        }

        return true;
    }

    // Codes in ordinal order: a new territory wherever the code changes.
    private static string[] Runs(IReadOnlyList<string> unitCodes, int[] groupOfUnit)
    {
        var distinct = new List<string>();
        for (var unit = 0; unit < unitCodes.Count; unit++)
        {
            if (unit == 0 || !string.Equals(unitCodes[unit], unitCodes[unit - 1], StringComparison.Ordinal)) distinct.Add(unitCodes[unit]);
            groupOfUnit[unit] = distinct.Count - 1;
        }

        return [.. distinct];
    }

    // Codes in any order: the distinct codes sorted ordinally, each unit given the position of its own.
    private static string[] Sorted(IReadOnlyList<string> unitCodes, int[] groupOfUnit)
    {
        var distinct = unitCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var position = new Dictionary<string, int>(distinct.Length, StringComparer.Ordinal);
        for (var i = 0; i < distinct.Length; i++) position[distinct[i]] = i;
        for (var unit = 0; unit < unitCodes.Count; unit++) groupOfUnit[unit] = position[unitCodes[unit]];
        return distinct;
    }
}
