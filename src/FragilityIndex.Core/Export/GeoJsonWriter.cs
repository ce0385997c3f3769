using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FragilityIndex.Geography;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace FragilityIndex.Export;

/// <summary>Options of the GeoJSON maps.</summary>
public sealed record GeoJsonOptions
{
    /// <summary>Decimals kept in longitude and latitude (6 ≈ 11 cm).</summary>
    public int Precision { get; init; } = 6;

    /// <summary>A topology-preserving simplification tolerance in metres, applied before reprojection; 0 for none.</summary>
    public double SimplifyMetres { get; init; }
}

/// <summary>
/// Writes the scores of one level as an RFC 7946 GeoJSON FeatureCollection: longitude/latitude in WGS84 reprojected
/// from the contours' CRS, exterior rings counter-clockwise and holes clockwise, coordinates rounded to a fixed number
/// of decimals, one feature per territory written as it is made (the writer flushes as it goes), with the territory's
/// code, name, parent codes and every score column as properties. The same scores give byte-identical files.
/// </summary>
public static class GeoJsonWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static void Write(LevelScores scores, Geometry[] geometries, Crs crs, Stream destination, GeoJsonOptions? options = null)
    {
        options ??= new GeoJsonOptions();
        var toWgs84 = new Reprojection(crs, CrsCatalog.Wgs84);
        var format = "0." + new string('#', options.Precision);
        using var json = new Utf8JsonWriter(destination, WriterOptions);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        Span<char> buffer = stackalloc char[40];
        for (var row = 0; row < scores.Count; row++)
        {
            var geometry = geometries[row];
            if (options.SimplifyMetres > 0 && !crs.IsGeographic) geometry = TopologyPreservingSimplifier.Simplify(geometry, options.SimplifyMetres);
            geometry = toWgs84.Apply(geometry);

            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteStartObject("properties");
            json.WriteString("code", scores.Codes[row]);
            json.WriteString("name", scores.Names[row]);
            foreach (var (level, codes) in scores.ParentCodes) json.WriteString($"{level.Name()}_code", codes[row]);
            json.WriteString("reference_code", scores.ReferenceCodes[row]);
            foreach (var column in scores.Columns)
            {
                var value = column.Values[row];
                if (double.IsNaN(value)) json.WriteNull(column.Name);
                else if (IsWhole(column.Name)) json.WriteNumber(column.Name, (long)value);
                else json.WriteNumber(column.Name, value);
            }

            json.WriteEndObject();
            json.WritePropertyName("geometry");
            WriteGeometry(json, geometry, format, buffer);
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16) json.Flush();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The file name of a level's map: <c>map-&lt;level&gt;.geojson</c>.</summary>
    public static string FileName(TerritoryLevel level) => $"map-{level.Name()}.geojson";

    // Ranks, deciles and imputed flags are integers; the schema of the Parquet export says so too.
    internal static bool IsWhole(string column) =>
        column.EndsWith("_rank", StringComparison.Ordinal) || column.EndsWith("_rank_france", StringComparison.Ordinal)
        || column.EndsWith("_decile", StringComparison.Ordinal) || column.EndsWith("_decile_france", StringComparison.Ordinal)
        || column.StartsWith("imputed_", StringComparison.Ordinal);

    private static void WriteGeometry(Utf8JsonWriter json, Geometry geometry, string format, Span<char> buffer)
    {
        json.WriteStartObject();
        if (geometry is Polygon polygon)
        {
            json.WriteString("type", "Polygon");
            json.WriteStartArray("coordinates");
            WritePolygon(json, polygon, format, buffer);
            json.WriteEndArray();
        }
        else
        {
            // A MultiPolygon, or a union that left slivers as lines or points beside its polygons: keep the polygons.
            var parts = Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN)
                .SelectMany(g => g is MultiPolygon m ? m.Geometries : [g]).OfType<Polygon>();
            json.WriteString("type", "MultiPolygon");
            json.WriteStartArray("coordinates");
            foreach (var part in parts)
            {
                json.WriteStartArray();
                WritePolygon(json, part, format, buffer);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WritePolygon(Utf8JsonWriter json, Polygon polygon, string format, Span<char> buffer)
    {
        WriteRing(json, polygon.ExteriorRing.CoordinateSequence, counterClockwise: true, format, buffer);
        foreach (var hole in polygon.InteriorRings) WriteRing(json, hole.CoordinateSequence, counterClockwise: false, format, buffer);
    }

    // RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise.
    private static void WriteRing(Utf8JsonWriter json, CoordinateSequence ring, bool counterClockwise, string format, Span<char> buffer)
    {
        var reverse = Orientation.IsCCW(ring) != counterClockwise;
        json.WriteStartArray();
        for (var i = 0; i < ring.Count; i++)
        {
            var k = reverse ? ring.Count - 1 - i : i;
            json.WriteStartArray();
            WriteRounded(json, ring.GetX(k), format, buffer);
            WriteRounded(json, ring.GetY(k), format, buffer);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static void WriteRounded(Utf8JsonWriter json, double value, string format, Span<char> buffer)
    {
        value.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture);
        json.WriteRawValue(buffer[..written], skipInputValidation: true);
    }
}
