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
    /// <remarks>
    /// A CSV source without <c>where</c> has had its cells parsed as it was read (<see cref="Cells"/>, the table's
    /// <see cref="SourceTable.Geometries"/> holding null for an empty cell): only the rows without one are left to set aside.
    /// </remarks>
    public static SourceTable Attach(SourceTable table, SourceDefinition source, Crs? declaredCrs)
    {
        var column = source.Geometry!;
        Cells cells;
        if (table.Text.TryGetValue(column, out var texts))
        {
            cells = new Cells(source, table.FileName, declaredCrs);
            for (var r = 0; r < table.RowCount; r++) cells.Add(texts[r], table.LineNumbers[r]);
        }
        else
        {
            cells = table.GeometryCells ?? throw new InvalidOperationException($"{table.FileName}: the geometry column '{column}' was neither read nor parsed");
        }

        var (geometries, crs) = cells.Finish();
        var kept = Enumerable.Range(0, table.RowCount).Where(r => geometries[r] is not null).ToArray();
        T[] Pick<T>(T[] values) => kept.Length == table.RowCount ? values : kept.Select(r => values[r]).ToArray();
        return new SourceTable(table.Name, table.FileName, Pick(table.LineNumbers),
            table.Text.Where(kv => kv.Key != column).ToDictionary(kv => kv.Key, kv => Pick(kv.Value), StringComparer.Ordinal),
            table.Numbers.ToDictionary(kv => kv.Key, kv => Pick(kv.Value), StringComparer.Ordinal),
            table.Report with { RowsWithoutGeometry = table.RowCount - kept.Length })
        {
            Geometries = Pick(geometries)!,
            Crs = crs,
        };
    }

    /// <summary>
    /// The geometries of a column, one cell at a time, as its rows are read: a CSV reader hands each cell's UTF-8
    /// bytes as they stand in its buffer, so that a national Geo Shape column is never held as text (it is several
    /// times the size of its coordinates, twice again as .NET strings).
    /// </summary>
    internal sealed class Cells(SourceDefinition source, string fileName, Crs? declaredCrs)
    {
        private readonly string _column = source.Geometry!;
        private readonly List<Geometry?> _geometries = [];
        private readonly WKTReader _wkt = new(GeometryFactoryFor.Default.GeometryServices);
        private readonly WKBReader _wkb = new(GeometryFactoryFor.Default.GeometryServices);
        private string? _format = source.GeometryFormat;
        private int _firstEmptyLine;
        private bool _any;

        /// <summary>The next row's cell, as text (null or blank when empty).</summary>
        public void Add(string? text, int line)
        {
            if (string.IsNullOrWhiteSpace(text)) Empty(line);
            else Parse(text, default, line);
        }

        /// <summary>The next row's cell, as its UTF-8 bytes.</summary>
        public void Add(ReadOnlySpan<byte> utf8, int line)
        {
            utf8 = utf8.Trim(" \t\r\n"u8);
            if (utf8.IsEmpty) Empty(line);
            // GeoJSON, the long form, is parsed from the bytes; the other forms are short and parsed as text.
            else if (utf8[0] == '{' && _format is null or "geojson") Parse(null, utf8, line);
            else Parse(System.Text.Encoding.UTF8.GetString(utf8), default, line);
        }

        /// <summary>The geometry of each row (null where the cell was empty: a place set aside), and their coordinate system.</summary>
        /// <exception cref="FragilityException">The column is empty in every row, or a layer of polygons has a row without one.</exception>
        public (Geometry?[] Geometries, Crs Crs) Finish()
        {
            if (_format is null || !_any)
                throw FragilityException.InFile(fileName, 0, _column, "the geometry column is empty in every row: expected GeoJSON, WKT, hex WKB or \"lat, lon\"");
            if (_format != "latlon" && _firstEmptyLine > 0) throw NoGeometry(_firstEmptyLine);
            // GeoJSON and "lat, lon" are longitude/latitude by definition; WKT and WKB carry no CRS, so the source says it.
            var crs = _format is "geojson" or "latlon" ? declaredCrs ?? CrsCatalog.Wgs84
                : declaredCrs ?? throw FragilityException.InFile(fileName, 0, _column, $"{_format.ToUpperInvariant()} geometries carry no coordinate system: give the source its \"crs\" (\"EPSG:2154\", \"CRS84\")");
            return ([.. _geometries], crs);
        }

        // A place without coordinates is set aside and counted; a unit without a contour cannot be drawn or measured.
        private void Empty(int line)
        {
            if (_any && _format != "latlon") throw NoGeometry(line);
            if (_firstEmptyLine == 0) _firstEmptyLine = line;
            _geometries.Add(null);
        }

        private FragilityException NoGeometry(int line) =>
            FragilityException.InFile(fileName, line, _column, "no geometry in this row: every unit of a layer needs one");

        // One cell, given as text or, for GeoJSON, as its UTF-8 bytes (text null).
        private void Parse(string? text, ReadOnlySpan<byte> utf8, int line)
        {
            var recognised = text is null ? "geojson" : Recognise(text);
            if (_format is null)
            {
                _format = recognised ?? throw FragilityException.InFile(fileName, line, _column, $"'{Excerpt.Of(text!)}' is no geometry: expected GeoJSON, WKT, hex WKB or \"lat, lon\"");
            }
            else if (source.GeometryFormat is null && recognised is { } other && other != _format)
            {
                throw FragilityException.InFile(fileName, line, _column, $"a {Name(other)} among {Name(_format)} geometries: expected one form for the whole column");
            }

            // Rows without a value before this one: only points may lack theirs.
            if (_format != "latlon" && _firstEmptyLine > 0) throw NoGeometry(_firstEmptyLine);
            var points = _format == "latlon";
            Geometry geometry;
            try
            {
                geometry = _format switch
                {
                    "geojson" => text is null ? GeoJson(utf8) : GeoJson(text),
                    "wkt" => _wkt.Read(text ?? System.Text.Encoding.UTF8.GetString(utf8)),
                    "wkb" => _wkb.Read(Convert.FromHexString((text ?? System.Text.Encoding.UTF8.GetString(utf8)).Trim())),
                    _ => LatLon(text ?? System.Text.Encoding.UTF8.GetString(utf8)),
                };
            }
            catch (Exception e) when (e is FormatException or JsonException or ParseException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                throw FragilityException.InFile(fileName, line, _column, $"'{Excerpt.Of(text ?? System.Text.Encoding.UTF8.GetString(utf8))}' is not a {Name(_format)} geometry: {SourceReader.OneLine(e.Message)}");
            }

            if (points ? geometry is not Point : geometry is not (Polygon or MultiPolygon or Point))
                throw FragilityException.InFile(fileName, line, _column, $"a {geometry.GeometryType}: expected {(points ? "a point" : "a Polygon or MultiPolygon")}");
            _geometries.Add(geometry);
            _any = true;
        }
    }

    // The compact parser (packed coordinates, no object per vertex) for points and polygons; NetTopologySuite's
    // converter for the other types, as for GeoJSON files.
    private static Geometry GeoJson(string text) => GeoJson(System.Text.Encoding.UTF8.GetBytes(text));

    private static Geometry GeoJson(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var geometry = GeoJsonFeatureParser.ParseGeometry(ref reader, GeometryFactoryFor.Default, out var supported);
            if (supported)
                return reader.Read() ? throw new JsonException("text after the geometry") : geometry ?? throw new FormatException("null");
        }

        return NtsGeoJson.ReadGeometry(System.Text.Encoding.UTF8.GetString(utf8)) ?? throw new FormatException("null");
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
