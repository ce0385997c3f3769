using System.Text.RegularExpressions;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Finds the column a definition names in a file's header. A name matches exactly, then ignoring case, a BOM and the
/// difference between a space and an underscore (INSEE writes P16_POP65P, the Design4Green export "P16 Pop65P").
/// A name may be a pattern over census vintages: <c>{yy}</c> stands for two digits and <c>{yyyy}</c> for four, so
/// <c>P{yy}_POP65P</c> finds P16_POP65P in RP2016 and P22_POP65P in RP2022.
/// </summary>
internal static class ColumnResolver
{
    /// <summary>The position of <paramref name="column"/> in <paramref name="header"/>.</summary>
    /// <exception cref="FragilityException">No column matches, or a pattern matches several.</exception>
    public static int Find(IReadOnlyList<string> header, string column, string fileName, long headerLine)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == column) return i;
        }

        var wanted = Normalize(column);
        if (column.Contains("{yy", StringComparison.Ordinal))
        {
            var pattern = Pattern(wanted);
            var matches = Enumerable.Range(0, header.Count).Where(i => pattern.IsMatch(Normalize(header[i]))).ToArray();
            if (matches.Length == 1) return matches[0];
            if (matches.Length > 1)
                throw FragilityException.InFile(fileName, headerLine, column,
                    $"the pattern matches {string.Join(" and ", matches.Select(i => header[i]))}: name one vintage");
        }
        else
        {
            for (var i = 0; i < header.Count; i++)
            {
                if (Normalize(header[i]) == wanted) return i;
            }
        }

        var shown = string.Join(", ", header.Take(12).Select(h => Excerpt.Of(h)));
        if (header.Count > 12) shown += ", …";
        // One column whose name holds separators: the file was split on the wrong one.
        var hint = header.Count == 1 && header[0].IndexOfAny([';', ',', '\t', '|']) >= 0 ? " (a single column: is the separator right?)" : "";
        throw FragilityException.InFile(fileName, headerLine, column, $"no such column in the header{hint}: expected one of {shown}");
    }

    /// <summary>
    /// Whether <paramref name="name"/> is one that <see cref="Find"/> could return for <paramref name="column"/> (the
    /// same name, the same once normalised, or a vintage of its pattern): a reader that learns its header as it goes
    /// keeps the values of such names until the header is whole.
    /// </summary>
    public static bool CouldBe(string name, string column)
    {
        if (name == column) return true;
        var wanted = Normalize(column);
        return column.Contains("{yy", StringComparison.Ordinal) ? Pattern(wanted).IsMatch(Normalize(name)) : Normalize(name) == wanted;
    }

    private static Regex Pattern(string wanted) =>
        new("^" + Regex.Escape(wanted).Replace(@"\{YYYY}", @"\d{4}", StringComparison.Ordinal).Replace(@"\{YY}", @"\d{2}", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static string Normalize(string name) => name.Trim().TrimStart('\uFEFF').Replace(' ', '_').ToUpperInvariant();
}
