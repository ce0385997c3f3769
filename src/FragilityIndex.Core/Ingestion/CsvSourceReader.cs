using System.Globalization;
using System.Text;
using CsvHelper;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads a CSV source as published: any separator, decimal point or comma, UTF-8 with or without BOM or
/// Windows-1252, quoted fields with line breaks, a header given in the definition instead of the file, lines of prose
/// before the header, and masked values read as missing. Only the columns asked for are kept.
/// </summary>
internal static class CsvSourceReader
{
    /// <summary>Cells that mean "not published", read as missing (besides the empty cell), compared ignoring case.</summary>
    public static readonly IReadOnlyList<string> MaskedValues = ["s", "ns", "nd", "so", "secret", "na", "n/a", "nc"];

    static CsvSourceReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Reads <paramref name="stream"/> as the source <paramref name="name"/> of the definition.</summary>
    /// <exception cref="FragilityException">A column is missing, a value is not a number, a record is truncated or the file is empty.</exception>
    public static SourceTable Read(Stream stream, string name, string fileName, SourceDefinition source,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns, IReadOnlyList<string>? headerFromFile = null,
        GeometryColumn.Cells? geometry = null)
    {
        // Checking the encoding counts the line feeds of a UTF-8 file: the most records it can hold, so that its
        // columns are allocated once at their size.
        Encoding? encoding;
        var hadBom = false;
        long lineBreaks = 0;
        switch (source.Encoding?.ToLowerInvariant())
        {
            case "windows-1252" or "cp1252": encoding = Encoding.GetEncoding(1252); break;
            case "latin1" or "iso-8859-1": encoding = Encoding.Latin1; break;
            case "utf-8" or "utf8": encoding = EncodingDetector.RequireUtf8(ref stream, fileName, out lineBreaks); break;
            case null or "auto": (encoding, hadBom, lineBreaks) = EncodingDetector.Detect(ref stream); break;
            case var other: throw new FragilityException(FailureKind.BadData, $"{fileName}: encoding '{other}' is not supported: expected utf-8, windows-1252, latin1 or auto");
        }

        var endsInsideRecord = EndsInsideRecord(stream);
        var skipped = SkipLines(stream, source.SkipLines);
        var options = CsvReaderOptions.Default with
        {
            HasHeader = source.HasHeader,
            Separator = source.Separator is { Length: 1 } s ? s[0] : null,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            SkipEmptyLines = true,
            Encoding = encoding,
        };

        using var reader = CsvReader.Create(stream, options, leaveOpen: true);
        string[] header;
        try
        {
            header = source.HasHeader ? [.. reader.Headers] : headerFromFile is not null ? [.. headerFromFile] : [.. source.Columns!];
        }
        catch (Exception e) when (e is not FragilityException)
        {
            throw FragilityException.InFile(fileName, skipped + 1, null, $"cannot read the header: {SourceReader.OneLine(e.Message)}");
        }

        if (source.HasHeader && (header.Length == 0 || (header.Length == 1 && header[0].Length == 0)))
            throw FragilityException.InFile(fileName, 0, null, "the file is empty: expected a header row and data rows");

        var textPositions = textColumns.Select(c => (Name: c, Position: ColumnResolver.Find(header, c, fileName, source.HasHeader ? skipped + 1 : 0))).ToArray();
        var numberPositions = numberColumns.Select(c => (Name: c, Position: ColumnResolver.Find(header, c, fileName, source.HasHeader ? skipped + 1 : 0))).ToArray();
        // By position in the lists above, not by name: the loop below touches every kept cell of every row.
        var mostRows = (int)Math.Clamp(lineBreaks - skipped - (source.HasHeader ? 1 : 0), 0, Array.MaxLength);
        var text = textPositions.Select(_ => new ColumnBuilder<string>(mostRows)).ToArray();
        var previous = textPositions.Select(_ => new PreviousCell()).ToArray();
        var numbers = numberPositions.Select(_ => new ColumnBuilder<double>(mostRows)).ToArray();
        var missing = new int[numberPositions.Length];
        var lines = new ColumnBuilder<int>(mostRows);
        var decimalComma = source.DecimalMark == ",";
        var masked = MaskedSet(source);
        // The geometry column, when parsed here, is handed over cell by cell as bytes: never kept as text.
        var geometryPosition = geometry is null ? -1 : ColumnResolver.Find(header, source.Geometry!, fileName, source.HasHeader ? skipped + 1 : 0);
        var needed = textPositions.Concat(numberPositions).Select(c => c.Position).Append(geometryPosition).Max() + 1;
        Span<byte> scratch = stackalloc byte[64];

        while (true)
        {
            bool more;
            try
            {
                more = reader.Read();
            }
            catch (Exception e) when (e is not FragilityException)
            {
                throw FragilityException.InFile(fileName, skipped + reader.LineNumber, null, $"malformed record: {SourceReader.OneLine(e.Message)}");
            }

            if (!more) break;
            var line = (int)(skipped + reader.LineNumber);
            if (reader.FieldCount < Math.Max(needed, header.Length))
            {
                // A record shorter than the header is a cut file or a wrong separator, never a row to read: its last
                // field would be a value cut short.
                var lacking = textPositions.Concat(numberPositions).Where(c => c.Position >= reader.FieldCount).Select(c => c.Name).FirstOrDefault()
                    ?? header[Math.Min(reader.FieldCount, header.Length - 1)];
                throw FragilityException.InFile(fileName, line, lacking,
                    $"the record has {reader.FieldCount} fields, expected {header.Length}: is the file truncated or its separator not '{reader.Separator}'?");
            }

            lines.Add(line);
            if (geometry is not null) geometry.Add(reader.GetSpan(geometryPosition), line);
            for (var c = 0; c < textPositions.Length; c++)
                text[c].Add(previous[c].Text(reader.GetSpan(textPositions[c].Position)));
            for (var c = 0; c < numberPositions.Length; c++)
            {
                var position = numberPositions[c].Position;
                var value = ParseNumber(reader.GetSpan(position), decimalComma, scratch, masked, out var wasMissing);
                if (wasMissing) missing[c]++;
                else if (double.IsNaN(value))
                    throw FragilityException.InFile(fileName, line, header[position],
                        $"expected a number{(decimalComma ? " with a decimal comma" : "")}, found '{Excerpt.Of(Encoding.UTF8.GetString(reader.GetSpan(position)))}'");
                numbers[c].Add(value);
            }
        }

        if (lines.Count == 0) throw FragilityException.InFile(fileName, 0, null, "the file has no data rows");
        if (endsInsideRecord)
            throw FragilityException.InFile(fileName, lines.Last, null,
                "the file ends inside this record, with no line break after it: it looks truncated (a whole file ends with a line break)");

        var report = new IngestionReport
        {
            Separator = reader.Separator, Encoding = encoding?.WebName ?? "utf-8", HadByteOrderMark = hadBom,
            MissingCounts = numberPositions.Select((c, i) => (c.Name, Count: missing[i])).ToDictionary(c => c.Name, c => c.Count, StringComparer.Ordinal),
        };
        return new SourceTable(name, fileName, lines.ToArray(),
            textPositions.Select((c, i) => (c.Name, Column: text[i])).ToDictionary(c => c.Name, c => c.Column.ToArray(), StringComparer.Ordinal),
            numberPositions.Select((c, i) => (c.Name, Column: numbers[i])).ToDictionary(c => c.Name, c => c.Column.ToArray(), StringComparer.Ordinal),
            report)
        {
            GeometryCells = geometry,
        };
    }

    // Sorted files repeat a cell down many rows (the département, the EPCI, the commune of each IRIS): the same bytes
    // as the row above give the same string, not a new one, which spares most of a national file's strings.
    private sealed class PreviousCell
    {
        private byte[] _bytes = new byte[64];
        private int _length = -1;
        private string _text = "";

        public string Text(ReadOnlySpan<byte> cell)
        {
            if (_length >= 0 && cell.SequenceEqual(_bytes.AsSpan(0, _length))) return _text;
            if (cell.Length > _bytes.Length) _bytes = new byte[Math.Max(cell.Length, 2 * _bytes.Length)];
            cell.CopyTo(_bytes);
            _length = cell.Length;
            _text = Encoding.UTF8.GetString(cell).Trim();
            return _text;
        }
    }

    /// <summary>The cells read as missing for <paramref name="source"/>: its own missing values and the usual masks, lower case.</summary>
    internal static HashSet<string> MaskedSet(SourceDefinition source) =>
        (source.MissingValues ?? []).Concat(MaskedValues).Select(v => v.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Parses a number written with a decimal point or comma (invariant otherwise). Returns NaN with
    /// <paramref name="missing"/> set for an empty or masked cell, and NaN without it for text that is not a number.
    /// </summary>
    internal static double ParseNumber(ReadOnlySpan<byte> field, bool decimalComma, Span<byte> scratch, HashSet<string> masked, out bool missing)
    {
        field = field.Trim(" \t"u8);
        missing = false;
        // .NET's parser stops at a NUL and takes what came before it: "11\05.9" would read as 11.
        if (field.Contains((byte)0)) return double.NaN;
        if (field.IsEmpty)
        {
            missing = true;
            return double.NaN;
        }

        // Lemire's fast_float (correctly rounded) for the plain forms that fill the field; .NET's parser for the rest, as before.
        if (csFastFloat.FastDoubleParser.TryParseDouble(field, out int consumed, out double fast, styles: NumberStyles.Float, decimal_separator: decimalComma ? (byte)',' : (byte)'.')
            && consumed == field.Length && double.IsFinite(fast))
            return fast;

        if (decimalComma && field.Length <= scratch.Length && field.Contains((byte)','))
        {
            field.CopyTo(scratch);
            var copy = scratch[..field.Length];
            copy.Replace((byte)',', (byte)'.');
            field = copy;
        }

        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        if (masked.Contains(Encoding.UTF8.GetString(field).ToLowerInvariant()))
        {
            missing = true;
            return double.NaN;
        }

        return double.NaN;
    }

    // A file cut short (a download stopped, a disk full) ends in the middle of its last record: its last value would
    // be read as a shorter number. Every file a producer writes ends with a line break, so its absence is the sign.
    private static bool EndsInsideRecord(Stream stream)
    {
        if (!stream.CanSeek || stream.Length == 0) return false;
        var start = stream.Position;
        stream.Seek(-1, SeekOrigin.End);
        var last = stream.ReadByte();
        stream.Position = start;
        return last is not ('\n' or '\r');
    }

    // Prose before the header (the Arcep export opens with a disclaimer) is consumed here, so that the CSV reader
    // starts at the header; the count keeps reported line numbers true to the file.
    private static long SkipLines(Stream stream, int count)
    {
        var skipped = 0L;
        while (skipped < count)
        {
            var b = stream.ReadByte();
            if (b < 0) break;
            if (b == '\n') skipped++;
        }

        return skipped;
    }
}
