using System.Text.Json;

namespace FragilityIndex.Definition;

/// <summary>
/// Finds the line and column of a JSON path (such as <c>$.indicators[2].source</c>) in a document, so that a problem
/// found after parsing can still be reported where the user wrote it.
/// </summary>
internal static class JsonLocator
{
    /// <summary>Returns the 1-based line and column of the member or value at <paramref name="path"/>, or (0, 0) when the path is absent.</summary>
    public static (long Line, long Column) Locate(byte[] utf8Json, string path)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var segments = new List<string>();
        var isArray = new List<bool>();
        var counters = new List<int>();
        var pending = "";
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    pending = "." + reader.GetString();
                    if ("$" + string.Concat(segments) + pending == path) return LineAndColumn(utf8Json, reader.TokenStartIndex);
                    continue;
                }

                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    segments.RemoveAt(segments.Count - 1);
                    isArray.RemoveAt(isArray.Count - 1);
                    counters.RemoveAt(counters.Count - 1);
                    continue;
                }

                var segment = "";
                if (isArray.Count > 0 && isArray[^1]) segment = $"[{counters[^1]++}]";
                else if (isArray.Count > 0) segment = pending;
                if ("$" + string.Concat(segments) + segment == path) return LineAndColumn(utf8Json, reader.TokenStartIndex);
                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    segments.Add(segment);
                    isArray.Add(token == JsonTokenType.StartArray);
                    counters.Add(0);
                }
            }
        }
        catch (JsonException)
        {
            // A malformed document is reported by the parser itself; here it only means "not found".
        }

        return (0, 0);
    }

    /// <summary>
    /// The members given twice in one object, each with its path and its 1-based line and column: a JSON parser keeps one
    /// of the two silently, and the user cannot tell which.
    /// </summary>
    public static IReadOnlyList<(string Path, long Line, long Column)> DuplicateMembers(byte[] utf8Json)
    {
        var found = new List<(string, long, long)>();
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var names = new Stack<HashSet<string>?>();
        var segments = new List<string>();
        var counters = new Stack<int>();
        var pending = "";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pending = reader.GetString() ?? "";
                        if (names.Peek() is { } seen && !seen.Add(pending))
                        {
                            var (line, column) = LineAndColumn(utf8Json, reader.TokenStartIndex);
                            found.Add(("$" + string.Concat(segments) + "." + pending, line, column));
                        }

                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        segments.Add(Segment(names, counters, pending));
                        names.Push(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null);
                        counters.Push(0);
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        names.Pop();
                        counters.Pop();
                        segments.RemoveAt(segments.Count - 1);
                        continue;
                    default:
                        Segment(names, counters, pending);
                        continue;
                }
            }
        }
        catch (JsonException)
        {
            // A malformed document is reported by the parser.
        }

        return found;
    }

    // The path segment of the value about to be read: ".member" in an object, "[i]" in an array (counting it).
    private static string Segment(Stack<HashSet<string>?> names, Stack<int> counters, string pending)
    {
        if (names.Count == 0) return "";
        if (names.Peek() is not null) return "." + pending;
        var index = counters.Pop();
        counters.Push(index + 1);
        return $"[{index}]";
    }

    private static (long Line, long Column) LineAndColumn(byte[] utf8Json, long offset)
    {
        long line = 1, column = 1;
        for (long i = 0; i < offset && i < utf8Json.Length; i++)
        {
            if (utf8Json[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((utf8Json[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (line, column);
    }
}
