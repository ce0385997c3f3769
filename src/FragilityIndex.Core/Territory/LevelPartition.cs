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
        var distinct = unitCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var position = new Dictionary<string, int>(distinct.Length, StringComparer.Ordinal);
        for (var i = 0; i < distinct.Length; i++) position[distinct[i]] = i;
        var groupOfUnit = new int[unitCodes.Count];
        var names = new string[distinct.Length];
        Array.Fill(names, "");
        for (var unit = 0; unit < unitCodes.Count; unit++)
        {
            var group = position[unitCodes[unit]];
            groupOfUnit[unit] = group;
            if (unitNames is not null && names[group].Length == 0) names[group] = unitNames[unit];
        }

        return new LevelPartition(level, distinct, groupOfUnit, names);
    }
}
