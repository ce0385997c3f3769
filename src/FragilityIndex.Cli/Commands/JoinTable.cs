using FragilityIndex.Diagnostics;
using FragilityIndex.Territory;

namespace FragilityIndex.Cli.Commands;

/// <summary>
/// The short table <c>run</c> and <c>validate</c> print on stderr: for every source joined by code, its key, the
/// units it matched and the rows that matched no unit, so a user sees at once a source that does not fit.
/// </summary>
internal static class JoinTable
{
    public static void Write(TextWriter error, IReadOnlyList<JoinReport> joins, int unitCount)
    {
        if (joins.Count == 0) return;
        var rows = joins.OrderBy(j => j.Source, StringComparer.Ordinal).Select(j => new[]
        {
            j.Source,
            $"{j.Key} ({j.KeyLevel})",
            $"{j.UnitsMatched + j.UnitsViaCity} of {unitCount} ({j.MatchedShare:P0})" + (j.UnitsViaCity > 0 ? $", {j.UnitsViaCity} through their city" : ""),
            (j.RowsOutside + j.RowsSetAside).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        string[] header = ["source", "key", "units matched", "rows matching no unit"];
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((cell, c) => c == cells.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd();
        error.WriteLine(Line(header));
        foreach (var row in rows) error.WriteLine(Line(row));
    }

    /// <summary>Under <c>--strict</c>, the warnings of a run are its errors: one line each, and exit code 1.</summary>
    public static void RefuseWarnings(bool strict, IReadOnlyList<string> warnings)
    {
        if (!strict || warnings.Count == 0) return;
        throw new FragilityException(FailureKind.BadData,
            $"--strict: {warnings.Count} warning{(warnings.Count > 1 ? "s" : "")}, so nothing was written:\n" + string.Join("\n", warnings));
    }
}
