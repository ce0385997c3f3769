using System.Text.Json;
using NetTopologySuite.Features;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads the features of a GeoJSON FeatureCollection one at a time from a stream, with System.Text.Json's
/// Utf8JsonReader over a buffer of blocks (it grows only for a feature larger than itself): the document is never held
/// whole, in bytes or as a tree. Each feature is parsed once, straight from the block, by the compact parser (or
/// NetTopologySuite's converter for the geometry types it leaves aside), then handed to the caller, who keeps only
/// what it needs. The legacy <c>crs</c> member is read wherever it stands.
/// </summary>
internal static class GeoJsonFeatureStream
{
    /// <summary>Calls <paramref name="onFeature"/> for each feature, in order; returns the <c>crs</c> name, or null.</summary>
    /// <param name="stream">The file.</param>
    /// <param name="fileName">Its name, for messages.</param>
    /// <param name="options">The serializer options holding NetTopologySuite's GeoJSON converter.</param>
    /// <param name="onFeature">Called with each feature's 1-based number and the feature.</param>
    /// <param name="blockSize">The size of the blocks a large file is read in (tests make it small, to exercise the refills).</param>
    /// <param name="onBuffer">Called with the buffer's size each time one is made (tests check it stays near the block size).</param>
    public static string? Read(Stream stream, string fileName, JsonSerializerOptions options, Action<int, IFeature> onFeature, int blockSize = DefaultBlockSize, Action<int>? onBuffer = null)
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
            try
            {
                while (!needMore)
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
                        case Place.InFeatures:
                            // Parsed straight from the block; a feature the block ends inside is parsed again once
                            // the next block is in.
                            var attempt = reader;
                            IFeature? feature;
                            try
                            {
                                feature = ParseFeature(ref attempt, options);
                            }
                            catch (GeoJsonFeatureParser.EndOfBlock)
                            {
                                (state, start, needMore) = (resumeState, start + (int)resumeAt, true);
                                break;
                            }
                            catch (JsonException e)
                            {
                                throw FragilityException.InFile(fileName, 0, null, $"feature {count + 1} is not valid GeoJSON: {SourceReader.OneLine(e.Message.Split('.')[0])}");
                            }

                            onFeature(++count, feature ?? throw FragilityException.InFile(fileName, 0, null, $"feature {count + 1} is null"));
                            reader = attempt;
                            break;
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

    // The compact parser first; a geometry type it leaves aside (a line, a collection) goes to NetTopologySuite's converter.
    internal static IFeature? ParseFeature(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var start = reader;
        if (GeoJsonFeatureParser.Parse(ref reader, GeometryFactoryFor.Default) is { } feature) return feature;
        reader = start;
        // The converter needs the feature whole in the block.
        var whole = reader;
        if (!whole.TrySkip()) throw GeoJsonFeatureParser.EndOfBlock.Instance;
        return JsonSerializer.Deserialize<IFeature>(ref reader, options);
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
