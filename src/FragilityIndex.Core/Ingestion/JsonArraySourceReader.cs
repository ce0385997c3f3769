using System.Text;
using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads a JSON array of objects (the mediation-places exports of the ANCT's national map and its hubs): one row per
/// object, its members as columns, whatever their type (Hinaura's "Code postal" is an integer, its coordinates strings).
/// One pass of a <see cref="Utf8JsonReader"/> over the file's bytes, with no document tree: member names are numbered
/// as they first appear (the header, against which the definition's columns are resolved at the end, as in a CSV), and
/// only the values of members that could be a wanted column are kept (Hinaura: 2 of 40 members, 1,171 objects).
/// </summary>
internal static class JsonArraySourceReader
{
    private static readonly JsonReaderOptions Options = new() { AllowTrailingCommas = true };

    public static SourceTable Read(SourceFile file, string name, SourceDefinition source,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        byte[] bytes;
        using (var stream = file.Open()) bytes = AllBytes(stream, file.DisplayName);

        var json = bytes.AsSpan();
        if (json.StartsWith(Encoding.UTF8.Preamble)) json = json[Encoding.UTF8.Preamble.Length..];
        string[] wanted = [.. textColumns, .. numberColumns];
        var header = new List<string>();
        var kept = new List<List<object?>?>();
        int items;
        try
        {
            items = ReadItems(json, wanted, header, kept, file.DisplayName);
        }
        catch (JsonException e)
        {
            throw FragilityException.InFile(file.DisplayName, (e.LineNumber ?? -1) + 1, null, $"not valid JSON: {SourceReader.OneLine(e.Message.Split('.')[0])}");
        }

        // An empty array has no header to find the columns in: say it is empty rather than that they are missing.
        if (items == 0) throw FragilityException.InFile(file.DisplayName, 0, null, "the file has no records: expected an array of objects, found []");
        // The columns resolve against the whole header; what they resolve to is a name whose values were kept.
        var builder = new RowTableBuilder(file.DisplayName, header, source, textColumns, numberColumns);
        for (var item = 0; item < items; item++)
        {
            var row = item;
            builder.Add(item + 1, position => kept[position] is { } values && row < values.Count ? values[row] : null);
        }

        return builder.Build(name, new IngestionReport { Format = "json" });
    }

    // Sized from the file's length where it has one (no doubling copies), and not zeroed before it is read over. An
    // array of places is a few megabytes; one past what an array holds (2 GB) is refused by name, not overflowed.
    private static byte[] AllBytes(Stream stream, string fileName)
    {
        if (!stream.CanSeek)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var length = stream.Length - stream.Position;
        if (length > Array.MaxLength)
            throw FragilityException.InFile(fileName, 0, null, $"{length / (1 << 20):N0} MiB: a JSON array of objects is read whole, up to {Array.MaxLength / (1 << 20):N0} MiB; give so large a table as CSV or Parquet");
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        stream.ReadExactly(bytes);
        return bytes;
    }

    // Checks the shape (an array of objects), numbers each distinct member name in order of first appearance (a name
    // becomes a string only the first time it is met) and keeps, row by row, the values of the names that could be a
    // wanted column (the last of a repeated member, as a document tree gives it). Returns the number of items.
    private static int ReadItems(ReadOnlySpan<byte> json, string[] wanted, List<string> header, List<List<object?>?> kept, string fileName)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read()) throw FragilityException.InFile(fileName, 1, null, "not valid JSON: the file is empty");
        if (reader.TokenType != JsonTokenType.StartArray)
            throw FragilityException.InFile(fileName, 1, null, $"expected an array of objects, found a JSON {KindOf(reader.TokenType)}");
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var known = positions.GetAlternateLookup<ReadOnlySpan<char>>();
        var buffer = new char[256];
        var items = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items++;
            if (reader.TokenType != JsonTokenType.StartObject) throw FragilityException.InFile(fileName, 0, null, $"item {items} is not an object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = Name(ref reader, buffer);
                if (!known.TryGetValue(member, out var position))
                {
                    var text = member.ToString();
                    positions.Add(text, position = header.Count);
                    header.Add(text);
                    kept.Add(wanted.Any(column => ColumnResolver.CouldBe(text, column)) ? [] : null);
                }

                reader.Read();
                if (kept[position] is not { } values)
                {
                    reader.Skip();
                    continue;
                }

                // Rows before this one that lacked the member have no value.
                while (values.Count < items - 1) values.Add(null);
                var value = Value(ref reader, json);
                if (values.Count == items) values[^1] = value;
                else values.Add(value);
            }
        }

        // Whatever follows the array (a second value) is an error the reader raises here.
        while (reader.Read()) { }
        return items;
    }

    // A member's name, unescaped, in the buffer when it fits (names are short), else in a new array.
    private static ReadOnlySpan<char> Name(ref Utf8JsonReader reader, char[] buffer)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        var target = length <= buffer.Length ? buffer : new char[length];
        return target.AsSpan(0, reader.CopyString(target));
    }

    // As the document tree gave it: strings, numbers as doubles, booleans, null; an object or array as its JSON text.
    private static object? Value(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Number: return reader.GetDouble();
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.Null: return null;
            default:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
        }
    }

    private static string KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => "null",
    };
}
