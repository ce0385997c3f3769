using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Geography;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads a GeoJSON FeatureCollection with NetTopologySuite: the properties as columns (integer codes such as
/// Strasbourg's dcomiris are written back as text), the CRS from the legacy <c>crs</c> member, WGS84 otherwise (RFC 7946).
/// </summary>
public static class GeoJsonSourceReader
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory(GeometryFactoryFor.Default) } };

    public static SourceTable Read(SourceFile file, string name, SourceDefinition source, Crs? declaredCrs,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        byte[] bytes;
        using (var stream = file.Open())
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }

        if (bytes.Length == 0) throw FragilityException.InFile(file.DisplayName, 0, null, "the file is empty: expected a GeoJSON FeatureCollection");
        var crs = declaredCrs ?? CrsMember(bytes, file.DisplayName) ?? CrsCatalog.Wgs84;
        FeatureCollection? features;
        try
        {
            features = JsonSerializer.Deserialize<FeatureCollection>(bytes, Options);
        }
        catch (JsonException e)
        {
            throw FragilityException.InFile(file.DisplayName, (e.LineNumber ?? -1) + 1, null, $"not valid GeoJSON: {SourceReader.OneLine(e.Message.Split('.')[0])}");
        }

        if (features is null || features.Count == 0) throw FragilityException.InFile(file.DisplayName, 0, null, "expected a FeatureCollection with features");
        var header = features.SelectMany(f => f.Attributes?.GetNames() ?? []).Distinct(StringComparer.Ordinal).ToArray();
        var builder = new RowTableBuilder(file.DisplayName, header, source, textColumns, numberColumns);
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            if (feature.Geometry is null || feature.Geometry.IsEmpty)
                throw FragilityException.InFile(file.DisplayName, 0, null, $"feature {i + 1} has no geometry");
            var attributes = feature.Attributes;
            builder.Add(i + 1, position => attributes is not null && attributes.Exists(header[position]) ? Plain(attributes[header[position]]) : null, feature.Geometry);
        }

        return builder.Build(name, new IngestionReport { Format = "geojson" }, crs);
    }

    // The converter leaves some values as JsonElement; the table wants plain strings and numbers.
    internal static object? Plain(object? value) => value is JsonElement element ? element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    } : value;

    // The legacy (2008) crs member: {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}}.
    private static Crs? CrsMember(byte[] bytes, string fileName)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = reader.GetString();
                reader.Read();
                if (member == "crs" && reader.TokenType == JsonTokenType.StartObject)
                {
                    using var document = JsonDocument.ParseValue(ref reader);
                    if (document.RootElement.TryGetProperty("properties", out var properties) && properties.TryGetProperty("name", out var crsName) && crsName.GetString() is { } text)
                        return CrsCatalog.FromName(text) ?? throw FragilityException.InFile(fileName, 0, "crs", $"unsupported coordinate system '{text}'");
                    return null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is reported by the full parse that follows, with its position.
        }

        return null;
    }
}
