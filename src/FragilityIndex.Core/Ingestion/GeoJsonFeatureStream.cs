using System.Text.Json;
using FragilityIndex.Diagnostics;
using NetTopologySuite.Features;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads the features of a GeoJSON FeatureCollection from a stream, with System.Text.Json's Utf8JsonReader over a
/// buffer of blocks (it grows only for a feature larger than itself): the document is never held whole, in bytes or as
/// a tree. In the features array, the features whole in the block are found by a scan of braces and strings (vectorised:
/// the coordinates hold neither) and parsed on every core, each by its own Utf8JsonReader, by the compact parser (or
/// NetTopologySuite's converter for the geometry types it leaves aside); they are handed to the caller in order, who
/// keeps only what it needs. The legacy <c>crs</c> member is read wherever it stands.
/// </summary>
internal static class GeoJsonFeatureStream
{
    /// <summary>Calls <paramref name="onFeature"/> for each feature, in order; returns the <c>crs</c> name, or null.</summary>
    /// <param name="stream">The file.</param>
    /// <param name="fileName">Its name, for messages.</param>
    /// <param name="onFeature">Called with each feature's 1-based number and the feature.</param>
    /// <param name="blockSize">The size of the blocks a large file is read in (tests make it small, to exercise the refills).</param>
    /// <param name="onBuffer">Called with the buffer's size each time one is made (tests check it stays near the block size).</param>
    public static string? Read(Stream stream, string fileName, Action<int, IFeature> onFeature, int blockSize = DefaultBlockSize, Action<int>? onBuffer = null)
    {
        // A file of up to 64 MiB is read in one block; a larger one in blocks of 64 MiB.
        var size = stream.CanSeek ? stream.Length - stream.Position : -1;
        var buffer = new byte[size >= 0 && size < blockSize ? (int)size + 1 : blockSize];
        onBuffer?.Invoke(buffer.Length);
        var filled = Fill(stream, buffer, 0);
        if (filled == 0) throw FragilityException.InFile(fileName, 0, null, "the file is empty: expected a GeoJSON FeatureCollection");
        var final = filled < buffer.Length;
        var start = 0;
        var state = new JsonReaderState(new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        string? crs = null;
        var count = 0;
        // Where the reader is in the document: before the root, in the root's members, inside "features".
        var depth = Place.BeforeRoot;

        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, filled - start), final, state);
            var needMore = false;
            // Set when reading goes on in the same block from another place (after features parsed apart).
            var restart = false;
            try
            {
                while (!needMore && !restart)
                {
                    // The state before each token: if what follows is cut by the buffer's end, reading resumes here.
                    var resumeState = reader.CurrentState;
                    var resumeAt = reader.BytesConsumed;
                    if (!reader.Read())
                    {
                        if (final) break;
                        (state, start) = (resumeState, start + (int)resumeAt);
                        needMore = true;
                        break;
                    }

                    switch (depth)
                    {
                        case Place.BeforeRoot:
                            if (reader.TokenType != JsonTokenType.StartObject) throw FragilityException.InFile(fileName, 1, null, "expected a GeoJSON FeatureCollection (a JSON object)");
                            depth = Place.InRoot;
                            break;
                        case Place.InRoot when reader.TokenType == JsonTokenType.EndObject:
                            depth = Place.Done;
                            break;
                        case Place.InRoot:
                            var member = reader.GetString();
                            var value = reader;
                            if (!value.Read())
                            {
                                if (final) throw Cut(fileName);
                                (state, start, needMore) = (resumeState, start + (int)resumeAt, true);
                                break;
                            }

                            if (member == "features")
                            {
                                reader.Read();
                                if (reader.TokenType != JsonTokenType.StartArray) throw FragilityException.InFile(fileName, 0, "features", "expected an array of features");
                                depth = Place.InFeatures;
                                break;
                            }

                            // Any other member (crs, name, bbox) is small: it is read once it is whole in the buffer.
                            if (!value.TrySkip())
                            {
                                if (final) throw Cut(fileName);
                                (state, start, needMore) = (resumeState, start + (int)resumeAt, true);
                                break;
                            }

                            reader.Read();
                            if (member == "crs" && reader.TokenType == JsonTokenType.StartObject)
                            {
                                using var document = JsonDocument.ParseValue(ref reader);
                                crs = document.RootElement.TryGetProperty("properties", out var properties) && properties.TryGetProperty("name", out var name) ? name.GetString() : null;
                            }
                            else reader.TrySkip();
                            break;
                        case Place.InFeatures when reader.TokenType == JsonTokenType.EndArray:
                            depth = Place.InRoot;
                            break;
                        case Place.InFeatures when reader.TokenType == JsonTokenType.StartObject:
                        {
                            // The features whole in the block, found by a scan of their braces and strings, are parsed
                            // on every core and handed over in order; reading resumes after them with the state from
                            // before the first (a value expected: the next feature, or the end of the array).
                            var (spans, resume, cut) = WholeFeatures(buffer, start + (int)reader.TokenStartIndex, filled);
                            if (cut && final) throw Cut(fileName);
                            var features = ParseAll(buffer, spans, fileName, count);
                            foreach (var parsed in features) onFeature(++count, parsed);
                            (state, start) = (resumeState, resume);
                            if (cut) needMore = true;
                            else restart = true;
                            break;
                        }

                        case Place.InFeatures:
                            // A value of the array that is not an object (null, a number, a string, an array).
                            throw FragilityException.InFile(fileName, 0, null, $"feature {count + 1} is not valid GeoJSON: expected a feature object");
                        default:
                            throw FragilityException.InFile(fileName, 0, null, "unexpected content after the FeatureCollection");
                    }
                }
            }
            catch (JsonException e)
            {
                // The reader's state carries the line across refills: the number is the file's.
                throw FragilityException.InFile(fileName, (int)(e.LineNumber ?? 0) + 1, null, $"not valid GeoJSON: {SourceReader.OneLine(e.Message.Split('.')[0])}");
            }

            if (restart) continue;
            if (!needMore) break;
            // Keep the unread tail, and make room: a feature larger than the buffer doubles it.
            var tail = filled - start;
            if (tail > buffer.Length / 2)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
                onBuffer?.Invoke(buffer.Length);
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, tail);
            start = 0;
            var read = Fill(stream, buffer, tail);
            filled = tail + read;
            final = filled < buffer.Length;
        }

        if (depth != Place.Done) throw Cut(fileName);
        if (count == 0) throw FragilityException.InFile(fileName, 0, null, "expected a FeatureCollection with features");
        return crs;
    }

    private const int DefaultBlockSize = 64 << 20;

    private static readonly System.Buffers.SearchValues<byte> Structure = System.Buffers.SearchValues.Create("{}\""u8);
    private static readonly System.Buffers.SearchValues<byte> InString = System.Buffers.SearchValues.Create("\"\\"u8);
    private static readonly JsonReaderOptions FeatureOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    // From the brace opening a feature at `at`: the features whole in the buffer, each followed by a comma or what
    // ends the array; where reading resumes (after them); and whether the block ends inside a feature (or before what
    // follows the last one can be seen), so that more must be read.
    private static (List<(int Start, int Length)> Spans, int Resume, bool Cut) WholeFeatures(byte[] buffer, int at, int filled)
    {
        var spans = new List<(int, int)>();
        while (true)
        {
            var length = ObjectLength(buffer.AsSpan(at, filled - at));
            var after = length < 0 ? filled : SkipWhitespace(buffer, at + length, filled);
            if (after == filled) return (spans, at, true);
            spans.Add((at, length));
            if (buffer[after] != ',') return (spans, after, false);
            var next = SkipWhitespace(buffer, after + 1, filled);
            if (next == filled) return (spans, after + 1, true);
            if (buffer[next] != '{') return (spans, next, false);
            at = next;
        }
    }

    // The length of the JSON object starting at data[0] ('{'), or -1 when it does not end within data: braces counted
    // outside strings, strings skipped to their closing quote (an escaped quote does not close one). Whether the
    // object is valid JSON is the parser's to say.
    private static int ObjectLength(ReadOnlySpan<byte> data)
    {
        var depth = 0;
        var i = 0;
        while (true)
        {
            var next = data[i..].IndexOfAny(Structure);
            if (next < 0) return -1;
            i += next;
            switch (data[i])
            {
                case (byte)'{':
                    depth++;
                    i++;
                    break;
                case (byte)'}':
                    i++;
                    if (--depth == 0) return i;
                    break;
                default:
                    i++;
                    while (true)
                    {
                        var end = data[i..].IndexOfAny(InString);
                        if (end < 0) return -1;
                        i += end;
                        if (data[i] == '"')
                        {
                            i++;
                            break;
                        }

                        i += 2;
                        if (i >= data.Length) return -1;
                    }

                    break;
            }
        }
    }

    private static int SkipWhitespace(byte[] buffer, int at, int filled)
    {
        while (at < filled && buffer[at] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') at++;
        return at;
    }

    // The features of the spans, parsed on every core; an error is that of the first feature, in order, that has one.
    private static IFeature[] ParseAll(byte[] buffer, List<(int Start, int Length)> spans, string fileName, int before)
    {
        var features = new IFeature?[spans.Count];
        var errors = new string?[spans.Count];
        Parallel.For(0, spans.Count, i =>
        {
            try
            {
                var whole = new Utf8JsonReader(buffer.AsSpan(spans[i].Start, spans[i].Length), FeatureOptions);
                whole.Read();
                features[i] = ParseFeature(ref whole);
                if (features[i] is null) errors[i] = "null";
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                // NetTopologySuite's converter reports some malformed geometries with other exceptions than JSON's.
                errors[i] = SourceReader.OneLine(e.Message.Split('.')[0]);
            }
        });
        for (var i = 0; i < spans.Count; i++)
        {
            if (errors[i] is { } error) throw FragilityException.InFile(fileName, 0, null, $"feature {before + i + 1} is not valid GeoJSON: {error}");
        }

        return features!;
    }

    // The compact parser first; a geometry type it leaves aside (a line, a collection) goes to NetTopologySuite's converter.
    internal static IFeature? ParseFeature(ref Utf8JsonReader reader)
    {
        var start = reader;
        if (GeoJsonFeatureParser.Parse(ref reader, GeometryFactoryFor.Default) is { } feature) return feature;
        reader = start;
        return NtsGeoJson.ReadFeature(ref reader);
    }

    private enum Place
    {
        BeforeRoot,
        InRoot,
        InFeatures,
        Done,
    }

    private static FragilityException Cut(string fileName) =>
        FragilityException.InFile(fileName, 0, null, "the file ends inside the FeatureCollection: it looks truncated");

    // Fills the buffer from offset on, as far as the stream goes.
    private static int Fill(Stream stream, byte[] buffer, int offset)
    {
        var total = 0;
        while (offset + total < buffer.Length)
        {
            var read = stream.Read(buffer, offset + total, buffer.Length - offset - total);
            if (read == 0) break;
            total += read;
        }

        return total;
    }
}
