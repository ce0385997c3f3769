using System.Globalization;
using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Scoring;

namespace FragilityIndex.Export;

/// <summary>The two CSV dialects: international (comma, decimal point) and French spreadsheet (semicolon, decimal comma, BOM).</summary>
public enum CsvDialect
{
    /// <summary>Comma separator, decimal point, UTF-8 without BOM.</summary>
    International,

    /// <summary>Semicolon separator, decimal comma, UTF-8 with BOM, as French spreadsheets open it.</summary>
    French,
}

/// <summary>
/// Writes the scores of one level as CSV: a header row, first column <c>code</c>, then the numeric columns in the order
/// of <see cref="LevelScores.Columns"/>, then name, reference territory and parent codes. Numbers are written in their
/// shortest round-trip form (<see cref="ShortestDouble"/>), missing values as empty fields, so the same scores give byte-identical files. Rows are
/// composed as UTF-8 bytes straight into a buffer (numbers formatted in place, no string per value); a text field is
/// quoted when it holds the separator, a quote or a line break, or starts or ends with a space (RFC 4180).
/// </summary>
internal static class ScoreCsvWriter
{
    /// <param name="scores">The level's scores.</param>
    /// <param name="destination">Where the CSV goes.</param>
    /// <param name="dialect">International or French separators and decimal mark.</param>
    /// <param name="headers">French headers from the definition's labels instead of the ids (values unchanged, full precision).</param>
    public static void Write(LevelScores scores, Stream destination, CsvDialect dialect = CsvDialect.International, Func<IReadOnlyList<string>, string[]>? headers = null)
    {
        var french = dialect == CsvDialect.French;
        var row = new CsvRow(destination, french ? (byte)';' : (byte)',');
        if (french) destination.Write("\uFEFF"u8);
        var parentNames = scores.ParentCodes.Select(p => $"{p.Level.Name()}_code").ToArray();
        string[] header = ["code", .. scores.Columns.Select(c => c.Name), "name", "reference_code", .. parentNames];
        foreach (var name in headers is null ? header : headers(header)) row.Text(name);
        row.End();
        // Arrays, not the lists' enumerators: a foreach over an IReadOnlyList allocates one per row.
        var columns = scores.Columns.ToArray();
        var parentCodes = scores.ParentCodes.Select(p => p.Codes).ToArray();
        for (var r = 0; r < scores.Count; r++)
        {
            row.Text(scores.Codes[r]);
            foreach (var column in columns)
            {
                if (column.IsWhole) row.Whole(column.Wholes[r]);
                else row.Number(column.Reals[r], french);
            }

            row.Text(scores.Names[r]);
            row.Text(scores.ReferenceCodes[r]);
            foreach (var codes in parentCodes) row.Text(codes[r]);
            row.End();
        }

        row.Flush();
    }

    /// <summary>The file name of a level's scores: <c>scores-&lt;level&gt;.csv</c>.</summary>
    public static string FileName(TerritoryLevel level) => $"scores-{level.Name()}.csv";

    // One record at a time into a buffer of bytes, flushed to the stream as it fills.
    private sealed class CsvRow(Stream destination, byte separator)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _length;
        private bool _first = true;

        public void Text(string? value)
        {
            Separate();
            value ??= "";
            var quote = value.Length > 0 && (value[0] is ' ' or '\t' || value[^1] is ' ' or '\t' || value.AsSpan().IndexOfAny((char)separator, '"', '\n') >= 0 || value.Contains('\r', StringComparison.Ordinal));
            var text = quote ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
            var most = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (most > _buffer.Length)
            {
                Flush();
                destination.Write(Encoding.UTF8.GetBytes(text));
                return;
            }

            Reserve(most);
            _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
        }

        public void Number(double value, bool decimalComma)
        {
            Separate();
            if (double.IsNaN(value)) return;
            Reserve(32);
            var written = ShortestDouble.Format(value, _buffer.AsSpan(_length));
            if (decimalComma) _buffer.AsSpan(_length, written).Replace((byte)'.', (byte)',');
            _length += written;
        }

        public void Whole(int value)
        {
            Separate();
            if (value == ScoreColumn.Missing) return;
            Reserve(11);
            value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
            _length += written;
        }

        public void End()
        {
            Reserve(1);
            _buffer[_length++] = (byte)'\n';
            _first = true;
            if (_length > _buffer.Length / 2) Flush();
        }

        public void Flush()
        {
            destination.Write(_buffer, 0, _length);
            _length = 0;
        }

        private void Separate()
        {
            if (!_first)
            {
                Reserve(1);
                _buffer[_length++] = separator;
            }

            _first = false;
        }

        // Room for count more bytes (never more than the buffer): what is written so far goes to the stream first.
        private void Reserve(int count)
        {
            if (_length + count > _buffer.Length) Flush();
        }
    }
}
