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
    // The positions of the ring being read, reused from ring to ring on each thread: a ring costs one array, its own.
    [ThreadStatic]
    private static double[]? t_positions;

    /// <summary>
    /// The feature, or null when its geometry is of a type this parser leaves to the converter. The reader holds the
    /// feature whole (its last block): the stream finds each feature's end before handing it over.
    /// </summary>
    public static IFeature? Parse(ref Utf8JsonReader reader, GeometryFactory factory)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected a feature object");
        AttributesTable? attributes = null;
        Geometry? geometry = null;
        var supported = true;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("properties"u8))
            {
                Next(ref reader);
                attributes = Properties(ref reader);
            }
            else if (reader.ValueTextEquals("geometry"u8))
            {
                if (Next(ref reader) == JsonTokenType.Null) continue;
                geometry = Geometry(ref reader, factory, out supported);
            }
            else
            {
                Next(ref reader);
                Skip(ref reader);
            }
        }

        if (!supported) return null;
        return new Feature(geometry, attributes ?? new AttributesTable());
    }

    /// <summary>
    /// A geometry object alone (a "Geo Shape" cell), the reader on its opening brace: null when its type is one this
    /// parser leaves to NetTopologySuite's converter (<paramref name="supported"/> false).
    /// </summary>
    public static Geometry? ParseGeometry(ref Utf8JsonReader reader, GeometryFactory factory, out bool supported) => Geometry(ref reader, factory, out supported);

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("the feature ends early");

    private static void Skip(ref Utf8JsonReader reader) => reader.Skip();

    private static AttributesTable Properties(ref Utf8JsonReader reader)
    {
        var table = new AttributesTable();
        if (reader.TokenType == JsonTokenType.Null) return table;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("expected the properties object");
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            object? value = Next(ref reader) switch
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
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                Next(ref reader);
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("coordinates"u8))
            {
                Next(ref reader);
                coordinates = Nested(ref reader);
            }
            else
            {
                Next(ref reader);
                Skip(ref reader);
            }
        }

        switch (type)
        {
            case "Point" when coordinates is double[] { Length: 2 } xy:
                return factory.CreatePoint(new PackedDoubleCoordinateSequence(xy, 2, 0));
            case "Polygon" when coordinates is List<object> rings:
                return Polygon(rings, factory);
            case "Polygon" when coordinates is Ring:
                throw new JsonException("a Polygon holds arrays of positions (rings), not positions");
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

    // Coordinates, by depth, from the reader on an opening bracket: a position is double[2]; an array of positions is
    // a Ring, its numbers read straight into one array; deeper arrays are lists of those.
    private static object Nested(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("expected an array of coordinates");
        var token = Next(ref reader);
        if (token == JsonTokenType.Number)
        {
            var (x, y) = RestOfPosition(ref reader);
            return new[] { x, y };
        }

        if (token == JsonTokenType.EndArray) return new List<object>();
        if (token != JsonTokenType.StartArray) throw new JsonException("expected numbers or arrays of coordinates");

        // On the first member's bracket: a position (its first token a number) makes this an array of positions.
        var peek = reader;
        if (Next(ref peek) == JsonTokenType.Number) return Positions(ref reader);

        var items = new List<object> { Nested(ref reader) };
        while (Next(ref reader) == JsonTokenType.StartArray) items.Add(Nested(ref reader));
        if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("expected arrays of coordinates");
        return items;
    }

    // From the reader on the bracket of the first position to the bracket closing the array.
    private static Ring Positions(ref Utf8JsonReader reader)
    {
        var buffer = t_positions ??= new double[1 << 12];
        var length = 0;
        do
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("a ring mixes positions and other values");
            if (Next(ref reader) != JsonTokenType.Number) throw new JsonException("a ring mixes positions and arrays");
            var (x, y) = RestOfPosition(ref reader);
            if (length + 2 > buffer.Length) t_positions = buffer = Grow(buffer);
            buffer[length++] = x;
            buffer[length++] = y;
        }
        while (Next(ref reader) != JsonTokenType.EndArray);

        return new Ring(buffer.AsSpan(0, length).ToArray());
    }

    private static double[] Grow(double[] buffer)
    {
        var larger = new double[2 * buffer.Length];
        buffer.CopyTo(larger, 0);
        return larger;
    }

    // A coordinate, from the number's own bytes, by csFastFloat (Lemire's fast_float: correctly rounded, several times
    // faster than the runtime's parser, which takes the rare number split across segments).
    private static double Coordinate(ref Utf8JsonReader reader)
    {
        double value;
        if (reader.HasValueSequence || !csFastFloat.FastDoubleParser.TryParseDouble(reader.ValueSpan, out value)) value = reader.GetDouble();
        return double.IsFinite(value) ? value : throw new JsonException("a coordinate is not a finite number");
    }

    // From the reader on a position's first number: x, y, and any z or m (dropped), up to its closing bracket.
    private static (double X, double Y) RestOfPosition(ref Utf8JsonReader reader)
    {
        var x = Coordinate(ref reader);
        var y = Next(ref reader) == JsonTokenType.Number ? Coordinate(ref reader) : throw new JsonException("a position has two numbers or more");
        JsonTokenType token;
        while ((token = Next(ref reader)) == JsonTokenType.Number)
        {
        }

        if (token != JsonTokenType.EndArray) throw new JsonException("a position holds numbers only");
        return (x, y);
    }
}
