using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Parses one GeoJSON feature from a reader positioned on its opening brace, straight into compact geometry: each
/// ring's coordinates go into one array of doubles (x, y, x, y, …) held by a packed coordinate sequence, 16 bytes a
/// vertex, instead of an object per vertex. Points, Polygons and MultiPolygons, the geometries of the sources, are
/// read so; any other type returns null, and the caller hands that feature to NetTopologySuite's converter.
/// </summary>
internal static class GeoJsonFeatureParser
{
    /// <summary>The feature, or null when its geometry is of a type this parser leaves to the converter.</summary>
    public static IFeature? Parse(ref Utf8JsonReader reader, GeometryFactory factory)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected a feature object");
        AttributesTable? attributes = null;
        Geometry? geometry = null;
        var supported = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("properties"u8))
            {
                reader.Read();
                attributes = Properties(ref reader);
            }
            else if (reader.ValueTextEquals("geometry"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                geometry = Geometry(ref reader, factory, out supported);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!supported) return null;
        return new Feature(geometry, attributes ?? new AttributesTable());
    }

    private static AttributesTable Properties(ref Utf8JsonReader reader)
    {
        var table = new AttributesTable();
        if (reader.TokenType == JsonTokenType.Null) return table;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected the properties object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            object? value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => reader.GetDouble(),
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                JsonTokenType.Null => null,
                _ => Raw(ref reader),
            };
            // A property given twice keeps its last value, as the converter does.
            if (table.Exists(name)) table[name] = value;
            else table.Add(name, value);
        }

        return table;
    }

    // A nested object or array as its JSON text, as the converter leaves it.
    private static string Raw(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    private static Geometry? Geometry(ref Utf8JsonReader reader, GeometryFactory factory, out bool supported)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected a geometry object");
        string? type = null;
        object? coordinates = null;
        supported = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("coordinates"u8))
            {
                reader.Read();
                coordinates = Nested(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        switch (type)
        {
            case "Point" when coordinates is double[] { Length: 2 } xy:
                return factory.CreatePoint(new PackedDoubleCoordinateSequence(xy, 2, 0));
            case "Polygon" when coordinates is List<object> rings:
                return Polygon(rings, factory);
            case "MultiPolygon" when coordinates is List<object> polygons:
                return factory.CreateMultiPolygon(polygons.Select(p => Polygon(p as List<object> ?? throw new JsonException("a MultiPolygon holds arrays of rings"), factory)).ToArray());
            case "Point" or "Polygon" or "MultiPolygon":
                throw new JsonException($"a {type} with malformed coordinates");
            case null:
                throw new JsonException("a geometry without a type");
            default:
                supported = false;
                return null;
        }
    }

    private static Polygon Polygon(List<object> rings, GeometryFactory factory)
    {
        if (rings.Count == 0) return factory.CreatePolygon();
        var linear = rings.Select(r => factory.CreateLinearRing(new PackedDoubleCoordinateSequence((r as Ring ?? throw new JsonException("a ring is an array of positions")).Xy, 2, 0))).ToArray();
        return factory.CreatePolygon(linear[0], linear[1..]);
    }

    // An array of positions, packed: x, y, x, y, …
    private sealed record Ring(double[] Xy);

    // Coordinates, by depth: a position is double[2]; an array of positions is a Ring; deeper arrays are lists of those.
    private static object Nested(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("expected an array of coordinates");
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            // A position: x, y, and any z or m, dropped.
            var x = reader.GetDouble();
            reader.Read();
            var y = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : throw new JsonException("a position has two numbers or more");
            while (reader.Read() && reader.TokenType == JsonTokenType.Number)
            {
            }

            return new[] { x, y };
        }

        if (reader.TokenType == JsonTokenType.EndArray) return new List<object>();
        var first = Nested(ref reader);
        if (first is double[] { Length: 2 } position)
        {
            // An array of positions: packed into one array.
            var packed = new List<double>(64) { position[0], position[1] };
            while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
            {
                if (Nested(ref reader) is not double[] { Length: 2 } next) throw new JsonException("a ring mixes positions and arrays");
                packed.Add(next[0]);
                packed.Add(next[1]);
            }

            return new Ring([.. packed]);
        }

        var items = new List<object> { first };
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray) items.Add(Nested(ref reader));
        return items;
    }
}
