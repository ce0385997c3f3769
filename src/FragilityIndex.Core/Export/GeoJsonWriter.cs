using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FragilityIndex.Geography;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Export;

/// <summary>
/// Writes the scores of one level as an RFC 7946 GeoJSON FeatureCollection: the contours prepared by
/// <see cref="ExportGeometry"/> (WGS84, counter-clockwise exteriors, rounded coordinates), one feature per territory
/// written as it is made (the writer flushes as it goes, so memory does not grow with the features), with the
/// <see cref="FeatureFields"/> as properties. The same scores give byte-identical files.
/// </summary>
public static class GeoJsonWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static void Write(LevelScores scores, Geometry[] geometries, Crs crs, Stream destination, GeometryOptions? options = null)
    {
        var prepare = new ExportGeometry(crs, options);
        var fields = FeatureFields.Of(scores);
        using var json = new Utf8JsonWriter(destination, WriterOptions);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        Span<char> buffer = stackalloc char[40];
        for (var row = 0; row < scores.Count; row++)
        {
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteStartObject("properties");
            foreach (var field in fields)
            {
                if (field.Kind == FieldKind.Text)
                {
                    json.WriteString(field.Name, field.Text![row]);
                    continue;
                }

                var value = field.Numbers![row];
                if (double.IsNaN(value)) json.WriteNull(field.Name);
                else if (field.Kind == FieldKind.Whole) json.WriteNumber(field.Name, (long)value);
                else json.WriteNumber(field.Name, value);
            }

            json.WriteEndObject();
            json.WritePropertyName("geometry");
            WriteGeometry(json, prepare.Prepare(geometries[row]), buffer);
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16) json.Flush();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The file name of a level's map: <c>map-&lt;level&gt;.geojson</c>.</summary>
    public static string FileName(TerritoryLevel level) => $"map-{level.Name()}.geojson";

    private static void WriteGeometry(Utf8JsonWriter json, Geometry geometry, Span<char> buffer)
    {
        json.WriteStartObject();
        if (geometry is Polygon polygon)
        {
            json.WriteString("type", "Polygon");
            json.WriteStartArray("coordinates");
            WritePolygon(json, polygon, buffer);
            json.WriteEndArray();
        }
        else
        {
            json.WriteString("type", "MultiPolygon");
            json.WriteStartArray("coordinates");
            foreach (var part in ((MultiPolygon)geometry).Geometries)
            {
                json.WriteStartArray();
                WritePolygon(json, (Polygon)part, buffer);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WritePolygon(Utf8JsonWriter json, Polygon polygon, Span<char> buffer)
    {
        WriteRing(json, polygon.ExteriorRing.CoordinateSequence, buffer);
        foreach (var hole in polygon.InteriorRings) WriteRing(json, hole.CoordinateSequence, buffer);
    }

    private static void WriteRing(Utf8JsonWriter json, CoordinateSequence ring, Span<char> buffer)
    {
        json.WriteStartArray();
        for (var i = 0; i < ring.Count; i++)
        {
            json.WriteStartArray();
            WriteNumber(json, ring.GetX(i), buffer);
            WriteNumber(json, ring.GetY(i), buffer);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    // The coordinates are already rounded: their shortest round-trip form has at most the chosen decimals.
    private static void WriteNumber(Utf8JsonWriter json, double value, Span<char> buffer)
    {
        value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture);
        json.WriteRawValue(buffer[..written], skipInputValidation: true);
    }
}
