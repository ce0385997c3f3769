using FragilityIndex.Definition;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Territory;

/// <summary>
/// Builds the territory from the rows of the territory source: one unit per row, sorted by IRIS code, with the
/// commune and département derived from the IRIS code when the definition names no column for them.
/// </summary>
public static class TerritoryBuilder
{
    /// <summary>The columns of the territory source that <see cref="Build"/> reads as text.</summary>
    public static IEnumerable<string> TextColumns(TerritoryDefinition territory) =>
        territory.Codes.Values.Concat((IEnumerable<string>?)territory.Names?.Values ?? []).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Builds the model. <paramref name="rowOfUnit"/>[u] is the row of the source that unit u came from.
    /// </summary>
    /// <exception cref="FragilityException">A code is empty or duplicated.</exception>
    public static TerritoryModel Build(TerritoryDefinition territory, SourceTable table, out int[] rowOfUnit)
    {
        var irisColumn = territory.Codes["iris"];
        var iris = table.Text[irisColumn];
        rowOfUnit = Enumerable.Range(0, table.RowCount).ToArray();
        Array.Sort(iris.ToArray(), rowOfUnit, StringComparer.Ordinal);
        var rows = rowOfUnit;

        var unitCodes = new string[rows.Length];
        for (var u = 0; u < rows.Length; u++)
        {
            var code = iris[rows[u]];
            if (code.Length == 0)
                throw FragilityException.InFile(table.FileName, table.LineNumbers[rows[u]], irisColumn, "empty IRIS code: expected a 9-character code");
            if (u > 0 && code == unitCodes[u - 1])
                throw FragilityException.InFile(table.FileName, table.LineNumbers[rows[u]], irisColumn,
                    $"duplicate IRIS code '{code}' (first seen on line {table.LineNumbers[rows[u - 1]]}): expected one row per IRIS");
            unitCodes[u] = code;
        }

        string[] Column(string name) => rows.Select(r => table.Text[name][r]).ToArray();
        string[]? Names(string level) => territory.Names is { } names && names.TryGetValue(level, out var column) ? Column(column) : null;

        var partitions = new List<LevelPartition> { LevelPartition.FromUnitCodes(TerritoryLevel.Iris, unitCodes, Names("iris")) };
        var communes = territory.Codes.TryGetValue("commune", out var communeColumn)
            ? Column(communeColumn)
            : unitCodes.Select(code => code.Length >= 5 ? code[..5] : code).ToArray();
        partitions.Add(LevelPartition.FromUnitCodes(TerritoryLevel.Commune, communes, Names("commune")));

        foreach (var level in new[] { TerritoryLevel.Epci, TerritoryLevel.Departement, TerritoryLevel.Region })
        {
            string[]? codes = territory.Codes.TryGetValue(level.Name(), out var column) ? Column(column) : null;
            if (codes is null && level == TerritoryLevel.Departement) codes = communes.Select(DepartementOf).ToArray();
            if (codes is not null) partitions.Add(LevelPartition.FromUnitCodes(level, codes, Names(level.Name())));
        }

        return new TerritoryModel(partitions);
    }

    /// <summary>The département of a commune code: its first two characters, three overseas (97x).</summary>
    public static string DepartementOf(string commune) =>
        commune.StartsWith("97", StringComparison.Ordinal) && commune.Length >= 3 ? commune[..3] : commune.Length >= 2 ? commune[..2] : commune;
}
