using FragilityIndex.Definition;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;

namespace FragilityIndex.Ingestion;

/// <summary>Opens the file of a source; the CLI resolves paths, tests hand in memory streams.</summary>
/// <param name="sourceName">The source's name in the definition.</param>
/// <param name="source">Its definition (the path, as overridden by <c>--input</c>).</param>
/// <returns>The stream and the name to use for it in messages.</returns>
public delegate (Stream Stream, string FileName) SourceOpener(string sourceName, SourceDefinition source);

/// <summary>Everything the scorer needs, read and joined: the territory and one set of columns per indicator.</summary>
public sealed record AssembledInputs(TerritoryModel Territory, IReadOnlyList<IndicatorData> Indicators,
    IReadOnlyDictionary<string, SourceTable> Sources, IReadOnlyList<string> Warnings);

/// <summary>
/// Reads each source once, keeping only the columns the definition uses, builds the territory from the territory
/// source, and joins every indicator's columns onto the units: directly for the territory source, by code (IRIS or
/// commune) for the others.
/// </summary>
public static class InputAssembler
{
    public static AssembledInputs Assemble(IndexDefinition definition, SourceOpener open, TerritoryLevel referenceLevel)
    {
        var territoryDefinition = definition.Territory!;
        var needs = ColumnsBySource(definition, referenceLevel);
        var tables = new Dictionary<string, SourceTable>(StringComparer.Ordinal);
        foreach (var (name, (text, numbers)) in needs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var source = definition.Sources[name];
            var (stream, fileName) = open(name, source);
            using (stream)
            {
                tables[name] = CsvSourceReader.Read(stream, name, fileName, source, text, numbers);
            }
        }

        var warnings = new List<string>();
        var territoryTable = tables[territoryDefinition.Source];
        var territory = TerritoryBuilder.Build(territoryDefinition, territoryTable, out var territoryRows);
        var rowsBySource = new Dictionary<string, int[]>(StringComparer.Ordinal) { [territoryDefinition.Source] = territoryRows };
        double[]? population = null;
        if (territoryDefinition.Population is { } populationColumn)
        {
            var populationSource = territoryDefinition.PopulationSource ?? territoryDefinition.Source;
            if (!rowsBySource.TryGetValue(populationSource, out var populationRows))
                rowsBySource[populationSource] = populationRows = JoinRows(definition.Sources[populationSource], tables[populationSource], territory, warnings);
            population = Gather(tables[populationSource].Numbers[populationColumn], populationRows);
        }

        var indicators = new List<IndicatorData>();
        foreach (var indicator in definition.Indicators)
        {
            var table = tables[indicator.Source];
            var source = definition.Sources[indicator.Source];
            if (!rowsBySource.TryGetValue(indicator.Source, out var rows))
                rowsBySource[indicator.Source] = rows = JoinRows(source, table, territory, warnings);
            var keyLevel = TerritoryLevels.Parse(source.KeyLevel);
            var countedOnce = indicator.Source == territoryDefinition.Source || keyLevel == TerritoryLevel.Iris
                ? Enumerable.Repeat(true, territory.UnitCount).ToArray()
                : IndicatorData.CountOncePer(territory, keyLevel);
            double[]? reference = indicator.ReferenceColumns is { } referenceColumns && referenceColumns.TryGetValue(referenceLevel.Name(), out var referenceColumn)
                ? Gather(table.Numbers[referenceColumn], rows)
                : null;
            if (indicator.Value is { } valueColumn)
            {
                var weight = indicator.Weight is { } weightColumn ? GatherSum(table, weightColumn, rows)
                    : population is null ? Enumerable.Repeat(1.0, territory.UnitCount).ToArray()
                    : keyLevel == TerritoryLevel.Iris || indicator.Source == territoryDefinition.Source ? population
                    : SumOver(population, territory[keyLevel].GroupOfUnit);
                indicators.Add(IndicatorData.Value(indicator, GatherSum(table, valueColumn, rows), weight, countedOnce, reference));
            }
            else
            {
                indicators.Add(IndicatorData.Share(indicator, GatherSum(table, indicator.Numerator!, rows),
                    GatherSum(table, indicator.Denominator!, rows), countedOnce, reference));
            }
        }

        return new AssembledInputs(territory, indicators, tables, warnings);
    }

    /// <summary>The text and numeric columns each source must provide.</summary>
    public static Dictionary<string, (List<string> Text, List<string> Numbers)> ColumnsBySource(IndexDefinition definition, TerritoryLevel referenceLevel)
    {
        var needs = new Dictionary<string, (List<string> Text, List<string> Numbers)>(StringComparer.Ordinal);
        (List<string> Text, List<string> Numbers) For(string source) =>
            needs.TryGetValue(source, out var existing) ? existing : needs[source] = ([], []);
        void Text(string source, string column) { if (!For(source).Text.Contains(column)) For(source).Text.Add(column); }
        void Number(string source, string column) { if (!For(source).Numbers.Contains(column)) For(source).Numbers.Add(column); }

        var territory = definition.Territory!;
        foreach (var column in TerritoryBuilder.TextColumns(territory)) Text(territory.Source, column);
        if (territory.Population is { } population)
        {
            Number(territory.PopulationSource ?? territory.Source, population);
            if (territory.PopulationSource is { } populationSource && populationSource != territory.Source)
                Text(populationSource, definition.Sources[populationSource].Key ?? throw new FragilityException(FailureKind.BadData,
                    $"source '{populationSource}' gives the population but has no 'key' column"));
        }
        foreach (var indicator in definition.Indicators)
        {
            var source = definition.Sources[indicator.Source];
            if (indicator.Source != territory.Source)
                Text(indicator.Source, source.Key ?? throw new FragilityException(FailureKind.BadData,
                    $"source '{indicator.Source}' is joined to the territory but has no 'key' column"));
            foreach (var formula in new[] { indicator.Numerator, indicator.Denominator, indicator.Value, indicator.Weight })
            {
                foreach (var column in Terms(formula)) Number(indicator.Source, column);
            }

            if (indicator.ReferenceColumns is { } references && references.TryGetValue(referenceLevel.Name(), out var referenceColumn))
                Number(indicator.Source, referenceColumn);
        }

        return needs;
    }

    // For each unit, the row of the source that holds its code (−1 when none): its IRIS code, or its commune's code.
    private static int[] JoinRows(SourceDefinition source, SourceTable table, TerritoryModel territory, List<string> warnings)
    {
        var keyLevel = TerritoryLevels.Parse(source.KeyLevel);
        var keys = table.Text[source.Key!];
        var rowOfCode = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (var r = 0; r < keys.Length; r++)
        {
            if (!rowOfCode.TryAdd(keys[r], r))
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], source.Key,
                    $"duplicate code '{keys[r]}' (first seen on line {table.LineNumbers[rowOfCode[keys[r]]]}): expected one row per {keyLevel.Name()}");
        }

        var partition = territory[keyLevel];
        var rows = new int[territory.UnitCount];
        var unmatched = 0;
        for (var u = 0; u < rows.Length; u++)
        {
            var code = partition.Codes[partition.GroupOfUnit[u]];
            if (rowOfCode.TryGetValue(code, out var row)) rows[u] = row;
            else
            {
                rows[u] = -1;
                unmatched++;
            }
        }

        if (unmatched > 0) warnings.Add($"{table.FileName}: {unmatched} of {rows.Length} units have no row (matched by {keyLevel.Name()} code '{source.Key}'); their values are missing");
        return rows;
    }

    // A commune-level value weighs with its commune's population: the sum over its units, given to each of them.
    private static double[] SumOver(double[] values, int[] group)
    {
        var sums = new double[group.Length == 0 ? 0 : group.Max() + 1];
        for (var u = 0; u < values.Length; u++)
        {
            if (double.IsFinite(values[u])) sums[group[u]] += values[u];
        }

        return group.Select(g => sums[g]).ToArray();
    }

    /// <summary>
    /// The columns of a formula: one column name, or several joined by " + " (the Arcep export splits premises into
    /// speed classes, so "≥ 30 Mbit/s" is elig_thd30 + elig_thd100 + elig_thd1g).
    /// </summary>
    public static IEnumerable<string> Terms(string? formula) =>
        formula is null ? [] : formula.Split(" + ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static double[] GatherSum(SourceTable table, string formula, int[] rows)
    {
        var terms = Terms(formula).ToArray();
        var result = Gather(table.Numbers[terms[0]], rows);
        foreach (var term in terms.Skip(1)) System.Numerics.Tensors.TensorPrimitives.Add(result, Gather(table.Numbers[term], rows), result);
        return result;
    }

    private static double[] Gather(double[] column, int[] rows)
    {
        var result = new double[rows.Length];
        for (var u = 0; u < rows.Length; u++) result[u] = rows[u] < 0 ? double.NaN : column[rows[u]];
        return result;
    }
}
