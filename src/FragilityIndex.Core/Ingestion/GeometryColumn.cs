using System.Globalization;
using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Turns a table's geometry column into the table's geometries: GeoJSON geometries (RFC 7946, longitude/latitude),
/// WKT, hexadecimal WKB, or "lat, lon" points, as open-data portals export them in CSV (OpenDataSoft's "Geo Shape"
/// and "Geo Point"). Each value is parsed by NetTopologySuite's readers; a value that does not parse, or is of
/// another form than the column's, is refused with its line. The text column itself is dropped once read.
/// </summary>
internal static class GeometryColumn
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The table with its geometries, in WGS84 for GeoJSON and points, in the source's <c>crs</c> for WKT and WKB.</summary>
    public static SourceTable Attach(SourceTable table, SourceDefinition source, Crs? declaredCrs)
    {
        var column = source.Geometry!;
        var texts = table.Text[column];
        var first = Array.FindIndex(texts, t => !string.IsNullOrWhiteSpace(t));
        if (first < 0) throw FragilityException.InFile(table.FileName, 0, column, "the geometry column is empty in every row: expected GeoJSON, WKT, hex WKB or \"lat, lon\"");
        var format = source.GeometryFormat ?? Recognise(texts[first])
            ?? throw FragilityException.InFile(table.FileName, table.LineNumbers[first], column, $"'{Excerpt.Of(texts[first])}' is no geometry: expected GeoJSON, WKT, hex WKB or \"lat, lon\"");
        var points = format == "latlon";
        // GeoJSON and "lat, lon" are longitude/latitude by definition; WKT and WKB carry no CRS, so the source says it.
        var crs = format is "geojson" or "latlon" ? declaredCrs ?? CrsCatalog.Wgs84
            : declaredCrs ?? throw FragilityException.InFile(table.FileName, 0, column, $"{format.ToUpperInvariant()} geometries carry no coordinate system: give the source its \"crs\" (\"EPSG:2154\", \"CRS84\")");

        var wkt = new WKTReader(GeometryFactoryFor.Default.GeometryServices);
        var wkb = new WKBReader(GeometryFactoryFor.Default.GeometryServices);
        var kept = new List<int>(table.RowCount);
        var geometries = new List<Geometry>(table.RowCount);
        for (var r = 0; r < table.RowCount; r++)
        {
            var text = texts[r];
            if (string.IsNullOrWhiteSpace(text))
            {
                // A place without coordinates is set aside and counted; a unit without a contour cannot be drawn or measured.
                if (points) continue;
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], column, "no geometry in this row: every unit of a layer needs one");
            }

            if (source.GeometryFormat is null && Recognise(text) is { } other && other != format)
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], column, $"a {Name(other)} among {Name(format)} geometries: expected one form for the whole column");
            Geometry geometry;
            try
            {
                geometry = format switch
                {
                    "geojson" => GeoJson(text),
                    "wkt" => wkt.Read(text),
                    "wkb" => wkb.Read(Convert.FromHexString(text.Trim())),
                    _ => LatLon(text),
                };
            }
            catch (Exception e) when (e is FormatException or JsonException or ParseException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], column, $"'{Excerpt.Of(text)}' is not a {Name(format)} geometry: {SourceReader.OneLine(e.Message)}");
            }

            if (points ? geometry is not Point : geometry is not (Polygon or MultiPolygon or Point))
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], column, $"a {geometry.GeometryType}: expected {(points ? "a point" : "a Polygon or MultiPolygon")}");
            kept.Add(r);
            geometries.Add(geometry);
        }

        var rows = kept.ToArray();
        T[] Pick<T>(T[] values) => rows.Length == table.RowCount ? values : rows.Select(r => values[r]).ToArray();
        return new SourceTable(table.Name, table.FileName, Pick(table.LineNumbers),
            table.Text.Where(kv => kv.Key != column).ToDictionary(kv => kv.Key, kv => Pick(kv.Value), StringComparer.Ordinal),
            table.Numbers.ToDictionary(kv => kv.Key, kv => Pick(kv.Value), StringComparer.Ordinal),
            table.Report with { RowsWithoutGeometry = table.RowCount - rows.Length })
        {
            Geometries = [.. geometries],
            Crs = crs,
        };
    }

    // The compact parser (packed coordinates, no object per vertex) for points and polygons; NetTopologySuite's
    // converter for the other types, as for GeoJSON files.
    private static Geometry GeoJson(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var geometry = GeoJsonFeatureParser.ParseGeometry(ref reader, GeometryFactoryFor.Default, out var supported);
            if (supported)
                return reader.Read() ? throw new JsonException("text after the geometry") : geometry ?? throw new FormatException("null");
        }

        return NtsGeoJson.ReadGeometry(text) ?? throw new FormatException("null");
    }

    // The form of one value, from its first characters: "{" GeoJSON, a geometry keyword WKT, hex digits WKB, two numbers "lat, lon".
    private static string? Recognise(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.StartsWith("{")) return "geojson";
        if (trimmed.StartsWith("POINT", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("POLYGON", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("MULTIPOLYGON", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("SRID=", StringComparison.OrdinalIgnoreCase)) return "wkt";
        if (trimmed.Length >= 18 && trimmed.Length % 2 == 0 && !trimmed.ContainsAnyExcept(HexDigits)) return "wkb";
        var comma = trimmed.IndexOf(',');
        return comma > 0 && double.TryParse(trimmed[..comma], NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && double.TryParse(trimmed[(comma + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "latlon" : null;
    }

    private static Point LatLon(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude))
            throw new FormatException("expected two numbers, \"latitude, longitude\"");
        if (Math.Abs(latitude) > 90 || Math.Abs(longitude) > 180)
            throw new FormatException($"latitude {latitude} or longitude {longitude} out of range");
        return GeometryFactoryFor.Default.CreatePoint(new Coordinate(longitude, latitude));
    }

    private static string Name(string format) => format switch { "geojson" => "GeoJSON", "wkt" => "WKT", "wkb" => "WKB", _ => "\"lat, lon\"" };
}
