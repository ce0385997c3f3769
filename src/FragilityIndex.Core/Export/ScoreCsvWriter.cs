using System.Globalization;
using CsvHelper;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;

namespace FragilityIndex.Export;

/// <summary>The two CSV dialects: international (comma, decimal point) and French spreadsheet (semicolon, decimal comma, BOM).</summary>
public enum CsvDialect
{
    International,
    French,
}

/// <summary>
/// Writes the scores of one level as CSV: a header row, first column <c>code</c>, then the numeric columns in the order
/// of <see cref="LevelScores.Columns"/>, then name, reference territory and parent codes. Numbers are written in their
/// shortest round-trip form, missing values as empty fields, so the same scores give byte-identical files.
/// </summary>
public static class ScoreCsvWriter
{
    /// <param name="scores">The level's scores.</param>
    /// <param name="destination">Where the CSV goes.</param>
    /// <param name="dialect">International or French separators and decimal mark.</param>
    /// <param name="headers">French headers from the definition's labels instead of the ids (values unchanged, full precision).</param>
    public static void Write(LevelScores scores, Stream destination, CsvDialect dialect = CsvDialect.International, Func<IReadOnlyList<string>, string[]>? headers = null)
    {
        var french = dialect == CsvDialect.French;
        var options = CsvWriterOptions.Default with
        {
            Separator = french ? ';' : ',',
            NewLine = "\n",
            WriteByteOrderMark = french,
        };
        using var writer = CsvWriter.Create(destination, options, leaveOpen: true);
        var parentNames = scores.ParentCodes.Select(p => $"{p.Level.Name()}_code").ToArray();
        string[] header = ["code", .. scores.Columns.Select(c => c.Name), "name", "reference_code", .. parentNames];
        writer.WriteHeader(headers is null ? header : headers(header));
        Span<char> buffer = stackalloc char[32];
        for (var row = 0; row < scores.Count; row++)
        {
            writer.WriteField(scores.Codes[row]);
            foreach (var column in scores.Columns)
            {
                var value = column.Values[row];
                if (double.IsNaN(value))
                {
                    writer.WriteField(ReadOnlySpan<char>.Empty);
                    continue;
                }

                value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
                var text = buffer[..written];
                if (french) text.Replace('.', ',');
                writer.WriteField(text);
            }

            writer.WriteField(scores.Names[row]);
            writer.WriteField(scores.ReferenceCodes[row]);
            foreach (var (_, codes) in scores.ParentCodes) writer.WriteField(codes[row]);
            writer.EndRecord();
        }
    }

    /// <summary>The file name of a level's scores: <c>scores-&lt;level&gt;.csv</c>.</summary>
    public static string FileName(TerritoryLevel level) => $"scores-{level.Name()}.csv";
}
