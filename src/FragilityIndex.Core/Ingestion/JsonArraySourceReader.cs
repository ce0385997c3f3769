using System.Text;
using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads a JSON array of objects (the mediation-places exports of the ANCT's national map and its hubs): one row per
/// object, its members as columns, whatever their type (Hinaura's "Code postal" is an integer, its coordinates strings).
/// Two passes of a <see cref="Utf8JsonReader"/> over the file's bytes, with no document tree: the first gathers the
/// member names (the header, as in a CSV, against which the definition's columns are resolved), the second turns only
/// the members a definition uses into values. Hinaura's 1,171 objects have 40 members each, of which a run uses two:
/// a tree of every member was a tenth of the Design4Green run's processor time.
/// </summary>
internal static class JsonArraySourceReader
{
    private static readonly JsonReaderOptions Options = new() { AllowTrailingCommas = true };

    public static SourceTable Read(SourceFile file, string name, SourceDefinition source,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        byte[] bytes;
        using (var stream = file.Open()) bytes = AllBytes(stream);

        var json = bytes.AsSpan();
        if (json.StartsWith(Encoding.UTF8.Preamble)) json = json[Encoding.UTF8.Preamble.Length..];
        try
        {
            var header = new Dictionary<string, int>(StringComparer.Ordinal);
            MemberNames(json, header, file.DisplayName);
            var names = new string[header.Count];
            foreach (var (member, position) in header) names[position] = member;
            var builder = new RowTableBuilder(file.DisplayName, names, source, textColumns, numberColumns);
            var wanted = new bool[names.Length];
            foreach (var position in builder.Positions) wanted[position] = true;
            AddRows(json, header, wanted, builder);
            return builder.Build(name, new IngestionReport { Format = "json" });
        }
        catch (JsonException e)
        {
            throw FragilityException.InFile(file.DisplayName, (e.LineNumber ?? -1) + 1, null, $"not valid JSON: {SourceReader.OneLine(e.Message.Split('.')[0])}");
        }
    }

    // Sized from the file's length where it has one (no doubling copies), and not zeroed before it is read over.
    private static byte[] AllBytes(Stream stream)
    {
        if (!stream.CanSeek)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)(stream.Length - stream.Position)));
        stream.ReadExactly(bytes);
        return bytes;
    }

    // The first pass: checks the shape (an array of objects) and numbers each distinct member name in order of first
    // appearance; a name is made a string only the first time it is met.
    private static void MemberNames(ReadOnlySpan<byte> json, Dictionary<string, int> header, string fileName)
    {
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read()) throw FragilityException.InFile(fileName, 1, null, "not valid JSON: the file is empty");
        if (reader.TokenType != JsonTokenType.StartArray)
            throw FragilityException.InFile(fileName, 1, null, $"expected an array of objects, found a JSON {KindOf(reader.TokenType)}");
        var known = header.GetAlternateLookup<ReadOnlySpan<char>>();
        var buffer = new char[256];
        var items = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items++;
            if (reader.TokenType != JsonTokenType.StartObject) throw FragilityException.InFile(fileName, 0, null, $"item {items} is not an object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = Name(ref reader, buffer);
                if (!known.ContainsKey(member)) header.Add(member.ToString(), header.Count);
                reader.Read();
                reader.Skip();
            }
        }

        // Whatever follows the array (a second value) is an error the reader raises here.
        while (reader.Read()) { }
    }

    // The second pass: one row per object, the values of the wanted members only (the last of a repeated member).
    private static void AddRows(ReadOnlySpan<byte> json, Dictionary<string, int> header, bool[] wanted, RowTableBuilder builder)
    {
        var reader = new Utf8JsonReader(json, Options);
        var known = header.GetAlternateLookup<ReadOnlySpan<char>>();
        var buffer = new char[256];
        var row = new object?[wanted.Length];
        Func<int, object?> valueAt = position => row[position];
        reader.Read();
        var item = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            item++;
            Array.Clear(row);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var position = known[Name(ref reader, buffer)];
                reader.Read();
                if (wanted[position]) row[position] = Value(ref reader, json);
                else reader.Skip();
            }

            builder.Add(item, valueAt);
        }
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
