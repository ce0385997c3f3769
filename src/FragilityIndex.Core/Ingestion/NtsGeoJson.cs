using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace FragilityIndex.Ingestion;

/// <summary>
/// NetTopologySuite's GeoJSON converters behind serializer options that need no reflection: each type they read is
/// described by the converter itself, so that features and geometries deserialise the same in a program compiled ahead
/// of time (Native AOT), where the reflection-based contract is absent.
/// </summary>
internal static class NtsGeoJson
{
    private static readonly GeoJsonConverterFactory Factory = new(GeometryFactoryFor.Default);

    /// <summary>Options holding the converters, with a contract for every type they read (features call back into the serializer for their geometry and properties).</summary>
    public static readonly JsonSerializerOptions Options = new() { Converters = { Factory }, TypeInfoResolver = new ConverterContracts() };

    /// <summary>A feature, the reader on its opening brace.</summary>
    public static IFeature? ReadFeature(ref Utf8JsonReader reader) =>
        JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<IFeature>)Options.GetTypeInfo(typeof(IFeature)));

    /// <summary>A geometry from its whole GeoJSON text; content after it is refused as the serializer refuses it.</summary>
    public static Geometry? ReadGeometry(string text) => JsonSerializer.Deserialize(text, (JsonTypeInfo<Geometry>)Options.GetTypeInfo(typeof(Geometry)));

    private sealed class ConverterContracts : IJsonTypeInfoResolver
    {
        public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
            type == typeof(IFeature) ? Contract<IFeature>(options)
            : type == typeof(Geometry) ? Contract<Geometry>(options)
            : type == typeof(IAttributesTable) ? Contract<IAttributesTable>(options)
            // The attributes table reads nested values (objects, arrays) back as JsonElement.
            : type == typeof(JsonElement) ? JsonMetadataServices.CreateValueInfo<JsonElement>(options, JsonMetadataServices.JsonElementConverter)
            : null;

        private static JsonTypeInfo<T> Contract<T>(JsonSerializerOptions options) =>
            JsonMetadataServices.CreateValueInfo<T>(options, Factory.CreateConverter(typeof(T), options)
                ?? throw new InvalidOperationException($"NetTopologySuite has no GeoJSON converter for {typeof(T).Name}"));
    }
}
