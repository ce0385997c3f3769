using FragilityIndex.Definition;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Territory;

/// <summary>What bringing a source to the territory's vintage of the COG did (reported in run.json).</summary>
internal sealed record PassageReport(string Source)
{
    /// <summary>Rows of communes merged since, whose figures went to the commune that absorbed them.</summary>
    public int RowsMerged { get; init; }

    /// <summary>Rows of communes split since, shared out among their successors.</summary>
    public int RowsSplit { get; init; }

    /// <summary>Codes neither in the territory nor in the table de passage: left as they are (they will match nothing).</summary>
    public int CodesUnknown { get; init; }
}

/// <summary>
/// Brings a commune-level source published for another vintage of the Code officiel géographique to the territory's,
/// with an INSEE table de passage (one row per pair of codes, old → new). Counts are summed over communes merged
/// into one, and shared out over the communes a split one became, in proportion to their population (equally when
/// it is unknown). Values that are not counts (rates, medians) cannot be summed: a merged commune takes the mean of
/// its predecessors' values, and the parts of a split commune each take its value.
/// </summary>
internal static class VintagePassage
{
    public static SourceTable Apply(SourceTable table, SourceDefinition source, SourceTable passage, PassageDefinition definition,
        TerritoryModel territory, double[]? population, IReadOnlySet<string> countColumns, out PassageReport report)
    {
        var communes = territory[TerritoryLevel.Commune];
        var current = new HashSet<string>(communes.Codes, StringComparer.Ordinal);
        foreach (var code in communes.Codes)
        {
            if (TerritoryCodes.CityOfArrondissement(code) is { } city) current.Add(city);
        }

        var populationOfCommune = new double[communes.Count];
        for (var u = 0; u < territory.UnitCount; u++)
            populationOfCommune[communes.GroupOfUnit[u]] += population is not null && double.IsFinite(population[u]) ? population[u] : 0;
        var populationByCode = communes.Codes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => populationOfCommune[x.i], StringComparer.Ordinal);

        var successors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var r = 0; r < passage.RowCount; r++)
        {
            var from = TerritoryCodes.Repair(passage.Text[definition.From][r], TerritoryLevel.Commune, out _);
            var to = TerritoryCodes.Repair(passage.Text[definition.To][r], TerritoryLevel.Commune, out _);
            if (from.Length == 0 || to.Length == 0) continue;
            if (!successors.TryGetValue(from, out var list)) successors[from] = list = [];
            if (!list.Contains(to)) list.Add(to);
        }

        var keys = table.Text[source.Key!];
        var order = new List<string>();
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts = table.Numbers.Keys.ToDictionary(c => c, _ => new Dictionary<string, double>(StringComparer.Ordinal), StringComparer.Ordinal);
        var valueSums = new Dictionary<string, Dictionary<string, (double Sum, int N)>>(StringComparer.Ordinal);
        foreach (var column in table.Numbers.Keys) valueSums[column] = new(StringComparer.Ordinal);
        int merged = 0, split = 0, unknown = 0;

        void Add(string code, int row, double share)
        {
            if (firstRow.TryAdd(code, row)) order.Add(code);
            foreach (var (column, values) in table.Numbers)
            {
                var value = values[row];
                if (countColumns.Contains(column))
                {
                    var sums = counts[column];
                    // A missing count stays missing in the sum: it cannot be told from zero.
                    sums[code] = sums.TryGetValue(code, out var sum) ? sum + (value * share) : value * share;
                }
                else if (double.IsFinite(value))
                {
                    var (total, n) = valueSums[column].GetValueOrDefault(code);
                    valueSums[column][code] = (total + value, n + 1);
                }
            }
        }

        for (var r = 0; r < keys.Length; r++)
        {
            var code = TerritoryCodes.Repair(keys[r], TerritoryLevel.Commune, out _);
            if (current.Contains(code) || TerritoryCodes.IsNotATerritory(code) || !successors.TryGetValue(code, out var targets))
            {
                if (!current.Contains(code) && !TerritoryCodes.IsNotATerritory(code)) unknown++;
                Add(code, r, 1);
                continue;
            }

            if (targets.Count == 1)
            {
                if (targets[0] != code) merged++;
                Add(targets[0], r, 1);
                continue;
            }

            split++;
            var weights = targets.Select(t => populationByCode.GetValueOrDefault(t)).ToArray();
            var total = weights.Sum();
            for (var t = 0; t < targets.Count; t++) Add(targets[t], r, total > 0 ? weights[t] / total : 1.0 / targets.Count);
        }

        report = new PassageReport(table.Name) { RowsMerged = merged, RowsSplit = split, CodesUnknown = unknown };
        var rows = order.Select(c => firstRow[c]).ToArray();
        var text = table.Text.ToDictionary(kv => kv.Key, kv => rows.Select(r => kv.Value[r]).ToArray(), StringComparer.Ordinal);
        text[source.Key!] = [.. order];
        var numbers = table.Numbers.Keys.ToDictionary(column => column, column => order.Select(code => countColumns.Contains(column)
            ? counts[column][code]
            : valueSums[column].TryGetValue(code, out var v) ? v.Sum / v.N : double.NaN).ToArray(), StringComparer.Ordinal);
        return new SourceTable(table.Name, table.FileName, rows.Select(r => table.LineNumbers[r]).ToArray(), text, numbers, table.Report);
    }
}
