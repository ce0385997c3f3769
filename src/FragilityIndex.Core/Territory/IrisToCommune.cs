using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Territory;

/// <summary>
/// Brings an IRIS-keyed source to a territory of communes: one row per commune, its IRIS rows summed. Only counts
/// can be summed (a share's numerator and denominator, a weight, a population): a value that is not a count (a median,
/// a rate) is averaged over the commune's IRIS weighted by its indicator's weight, and one without a weight is refused
/// rather than given a mean that means nothing.
/// </summary>
internal static class IrisToCommune
{
    /// <param name="table">The IRIS-keyed rows.</param>
    /// <param name="key">The column of IRIS codes.</param>
    /// <param name="countColumns">The columns that hold counts: summed.</param>
    /// <param name="weightOfValue">For each value column, the count column it is averaged with.</param>
    /// <param name="units">The territory's communes: the IRIS of an arrondissement of Paris, Lyon or Marseille go to
    /// their city when the territory has the city and not its arrondissements (IGN's commune contours).</param>
    /// <param name="rowsSummed">How many IRIS rows went into communes that have more than one.</param>
    public static SourceTable Sum(SourceTable table, string key, IReadOnlySet<string> countColumns, IReadOnlyDictionary<string, string> weightOfValue,
        IReadOnlySet<string> units, out int rowsSummed)
    {
        foreach (var column in table.Numbers.Keys)
        {
            if (!countColumns.Contains(column) && !weightOfValue.ContainsKey(column))
                throw FragilityException.InFile(table.FileName, 0, column,
                    $"the units are communes and this source is keyed by IRIS: '{column}' is not a count, so its IRIS cannot be summed to their commune; give the indicator that reads it a 'weight' (a count of the same source) to average it by, or a commune-level source");
        }

        var codes = table.Text[key];
        var rowOfCommune = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstRow = new List<int>();
        var groupOfRow = new int[table.RowCount];
        for (var r = 0; r < table.RowCount; r++)
        {
            var iris = TerritoryCodes.Repair(codes[r], TerritoryLevel.Iris, out _);
            if (TerritoryCodes.IsNotATerritory(iris))
            {
                groupOfRow[r] = -1;
                continue;
            }

            if (!TerritoryCodes.IsValid(iris, TerritoryLevel.Iris))
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], key,
                    $"'{Excerpt.Of(codes[r])}' is not an IRIS code: expected {TerritoryCodes.Expected(TerritoryLevel.Iris)} (the source's keyLevel is iris)");
            var commune = TerritoryCodes.CommuneOf(iris);
            if (!units.Contains(commune) && TerritoryCodes.CityOfArrondissement(commune) is { } city && units.Contains(city)) commune = city;
            if (!rowOfCommune.TryGetValue(commune, out var group))
            {
                rowOfCommune[commune] = group = firstRow.Count;
                firstRow.Add(r);
            }

            groupOfRow[r] = group;
        }

        var communes = firstRow.Count;
        var rowsIn = new int[communes];
        foreach (var g in groupOfRow) if (g >= 0) rowsIn[g]++;
        rowsSummed = rowsIn.Where(n => n > 1).Sum();

        var numbers = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var column in table.Numbers.Keys.Where(countColumns.Contains))
        {
            // A missing count stays missing in the sum: it cannot be told from zero.
            var sums = new double[communes];
            var values = table.Numbers[column];
            for (var r = 0; r < values.Length; r++) if (groupOfRow[r] >= 0) sums[groupOfRow[r]] += values[r];
            numbers[column] = sums;
        }

        foreach (var (column, weightColumn) in weightOfValue)
        {
            if (!table.Numbers.TryGetValue(column, out var values) || countColumns.Contains(column)) continue;
            var weights = table.Numbers[weightColumn];
            var weighted = new double[communes];
            var weightSums = new double[communes];
            for (var r = 0; r < values.Length; r++)
            {
                // Σ value × weight / Σ weight over the IRIS with both: an IRIS without a value does not pull the mean to 0.
                if (groupOfRow[r] < 0 || !double.IsFinite(values[r]) || !double.IsFinite(weights[r])) continue;
                weighted[groupOfRow[r]] += values[r] * weights[r];
                weightSums[groupOfRow[r]] += weights[r];
            }

            for (var g = 0; g < communes; g++) weighted[g] = weightSums[g] > 0 ? weighted[g] / weightSums[g] : double.NaN;
            numbers[column] = weighted;
        }

        var rows = firstRow.ToArray();
        var text = table.Text.ToDictionary(kv => kv.Key, kv => Array.ConvertAll(rows, r => kv.Value[r]), StringComparer.Ordinal);
        text[key] = [.. rowOfCommune.OrderBy(kv => kv.Value).Select(kv => kv.Key)];
        return new SourceTable(table.Name, table.FileName, Array.ConvertAll(rows, r => table.LineNumbers[r]), text, numbers, table.Report);
    }
}
