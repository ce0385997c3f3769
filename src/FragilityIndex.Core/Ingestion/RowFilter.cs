using FragilityIndex.Diagnostics;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Keeps the rows of a source whose columns hold one of the accepted values (a source's <c>where</c>): every
/// condition must hold, values compared as text, ordinally, spaces around them ignored.
/// </summary>
internal static class RowFilter
{
    public static SourceTable Keep(SourceTable table, IReadOnlyDictionary<string, List<string>> where)
    {
        var keep = new bool[table.RowCount];
        Array.Fill(keep, true);
        foreach (var (column, accepted) in where)
        {
            var values = table.Text.TryGetValue(column, out var found) ? found
                : throw FragilityException.InFile(table.FileName, 0, column, $"no column '{column}' for the source's \"where\"");
            var set = accepted.Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
            for (var r = 0; r < keep.Length; r++) keep[r] &= set.Contains(values[r].Trim());
        }

        var rows = Enumerable.Range(0, keep.Length).Where(r => keep[r]).ToArray();
        if (rows.Length == 0)
            throw FragilityException.InFile(table.FileName, 0, where.Keys.First(),
                $"no row holds the values of the source's \"where\" ({string.Join("; ", where.Select(w => $"{w.Key}: {string.Join(", ", w.Value)}"))})");
        var numbers = table.Numbers.ToDictionary(kv => kv.Key, kv => Array.ConvertAll(rows, r => kv.Value[r]), StringComparer.Ordinal);
        // Missing values are those of the rows kept.
        var missing = numbers.ToDictionary(kv => kv.Key, kv => kv.Value.Count(double.IsNaN), StringComparer.Ordinal);
        return new SourceTable(table.Name, table.FileName, Array.ConvertAll(rows, r => table.LineNumbers[r]),
            table.Text.ToDictionary(kv => kv.Key, kv => Array.ConvertAll(rows, r => kv.Value[r]), StringComparer.Ordinal), numbers,
            table.Report with { MissingCounts = missing, RowsLeftOut = table.RowCount - rows.Length })
        {
            Geometries = table.Geometries is { } geometries ? Array.ConvertAll(rows, r => geometries[r]) : null,
            Crs = table.Crs,
        };
    }
}
