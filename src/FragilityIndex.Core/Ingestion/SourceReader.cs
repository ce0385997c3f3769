using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads one source whatever its format, keeping only the asked-for columns: CSV, JSON arrays of objects, Parquet, and
/// layers of features (shapefile, GeoJSON, TopoJSON, GeoPackage) whose geometries come with their CRS. A table with
/// latitude/longitude (or x/y) columns becomes a layer of points; its rows without coordinates are set aside and counted.
/// </summary>
internal static class SourceReader
{
    private static readonly char[] Separators = [';', ',', '\t', '|'];

    public static SourceTable Read(string name, SourceDefinition source, SourceOpener open,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        var file = open(name, source.Path ?? "");
        var format = SourceFormats.Of(source, file.DisplayName);
        var numbers = numberColumns.ToList();
        var coordinates = source.Latitude is not null ? (X: source.Longitude!, Y: source.Latitude) : source.X is not null ? (X: source.X, Y: source.Y!) : default;
        if (coordinates.X is not null)
        {
            if (!numbers.Contains(coordinates.X)) numbers.Add(coordinates.X);
            if (!numbers.Contains(coordinates.Y)) numbers.Add(coordinates.Y);
        }

        var declaredCrs = source.Crs is null ? null : CrsCatalog.FromName(source.Crs);
        if (source.Geometry is { } geometryColumn && !textColumns.Contains(geometryColumn)) textColumns = [.. textColumns, geometryColumn];
        foreach (var column in (IEnumerable<string>?)source.RowsWhere?.Keys ?? [])
        {
            if (!textColumns.Contains(column)) textColumns = [.. textColumns, column];
        }

        SourceTable table;
        try
        {
            table = ReadFormat(name, source, open, file, format, declaredCrs, textColumns, numbers);
            if (source.RowsWhere is { Count: > 0 } where) table = RowFilter.Keep(table, where);
            if (source.Geometry is not null) table = GeometryColumn.Attach(table, source, declaredCrs);
        }
        catch (Exception e) when (e is not FragilityException)
        {
            // The libraries below (NetTopologySuite, ProjNet, Parquet.Net, SQLite, System.Text.Json) throw their own
            // exceptions on a broken file; the user needs to know which file.
            throw FragilityException.InFile(file.DisplayName, 0, null, $"cannot read this {format} file: {OneLine(e.Message)}");
        }

        CheckCoordinates(table, file.DisplayName, source);
        return coordinates.X is null ? table : ToPoints(table, coordinates.X, coordinates.Y, source.Latitude is not null ? CrsCatalog.Wgs84 : declaredCrs!);
    }

    /// <summary>A message of another library, on one line and short enough to read.</summary>
    internal static string OneLine(string message)
    {
        return Excerpt.Of(message.ReplaceLineEndings(" ").Trim(), 200);
    }

    private static SourceTable ReadFormat(string name, SourceDefinition source, SourceOpener open, SourceFile file, string format, Crs? declaredCrs,
        IReadOnlyCollection<string> textColumns, List<string> numbers) =>
        format switch
        {
            "csv" => ReadCsv(name, source, open, file, declaredCrs, textColumns, numbers),
            "json" => JsonArraySourceReader.Read(file, name, source, textColumns, numbers),
            "parquet" => ParquetSourceReader.Read(file, name, source, textColumns, numbers),
            "shapefile" => ShapefileSourceReader.Read(file, name, source, declaredCrs, textColumns, numbers),
            "geojson" => GeoJsonSourceReader.Read(file, name, source, declaredCrs, textColumns, numbers),
            "geojsonseq" => GeoJsonSourceReader.ReadSequence(file, name, source, declaredCrs, textColumns, numbers),
            "topojson" => TopoJsonSourceReader.Read(file, name, source, declaredCrs, textColumns, numbers),
            "geopackage" => GeoPackageSourceReader.Read(file, name, source, declaredCrs, textColumns, numbers),
            _ => throw new FragilityException(FailureKind.BadData, $"{file.DisplayName}: unsupported format '{format}'"),
        };

    // Every layer's coordinates must fit the CRS it declares (or the file says); a layer read in the wrong CRS would
    // put every unit somewhere else.
    private static void CheckCoordinates(SourceTable table, string fileName, SourceDefinition source)
    {
        if (table.Geometries is not { Length: > 0 } geometries || table.Crs is not { } crs) return;
        var extent = new NetTopologySuite.Geometries.Envelope();
        foreach (var geometry in geometries) extent.ExpandToInclude(geometry.EnvelopeInternal);
        if (CoordinateExtent.Problem(extent, crs) is { } problem)
            throw FragilityException.InFile(fileName, 0, null, $"{problem}{(source.Crs is null ? "; if the file names the wrong system, give the source its \"crs\"" : "; check the source's \"crs\"")}");
    }

    private static SourceTable ReadCsv(string name, SourceDefinition source, SourceOpener open, SourceFile file, Crs? declaredCrs,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        IReadOnlyList<string>? header = null;
        if (source.Header is { } headerPath)
        {
            var headerFile = open(name, headerPath);
            var headerTable = ReadHeaderFile(headerFile, source);
            header = headerTable;
        }

        // A geometry column is parsed as the rows are read, unless a "where" is to keep some rows first (a row it
        // leaves out is not looked at, as in the other formats).
        GeometryColumn.Cells? geometry = null;
        if (source.Geometry is { } column && source.RowsWhere is not { Count: > 0 })
        {
            geometry = new GeometryColumn.Cells(source, file.DisplayName, declaredCrs);
            textColumns = textColumns.Where(c => c != column).ToArray();
        }

        using var stream = file.Open();
        return CsvSourceReader.Read(stream, name, file.DisplayName, source, textColumns, numberColumns, header, geometry);
    }

    // A header published in a file of its own (Design4Green's headers.csv: one line, with a BOM).
    private static string[] ReadHeaderFile(SourceFile headerFile, SourceDefinition source)
    {
        using var stream = headerFile.Open();
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var line = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(line)) throw FragilityException.InFile(headerFile.DisplayName, 1, null, "the header file is empty: expected one line of column names");
        var separator = source.Separator is { Length: 1 } s ? s[0] : Separators.MaxBy(c => line.Count(x => x == c));
        return line.Split(separator).Select(c => c.Trim().Trim('"')).ToArray();
    }

    private static SourceTable ToPoints(SourceTable table, string xColumn, string yColumn, Crs crs)
    {
        var factory = GeometryFactoryFor.Default;
        var xs = table.Numbers[xColumn];
        var ys = table.Numbers[yColumn];
        var kept = new List<int>(table.RowCount);
        var area = CoordinateExtent.AreaOf(crs);
        for (var r = 0; r < table.RowCount; r++)
        {
            if (!double.IsFinite(xs[r]) || !double.IsFinite(ys[r])) continue; // no coordinates: set aside and counted
            if (crs.IsGeographic && Math.Abs(ys[r]) > 90)
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], yColumn, $"latitude {ys[r]} is outside -90..90: are the coordinate columns right?");
            if (crs.IsGeographic && Math.Abs(xs[r]) > 180)
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], xColumn, $"longitude {xs[r]} is outside -180..180: are the coordinate columns right?");
            if (area is not null && !area.Contains(xs[r], ys[r]) && CoordinateExtent.Problem(new Envelope(xs[r], xs[r], ys[r], ys[r]), crs) is { } problem)
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], xColumn, problem);
            kept.Add(r);
        }

        if (kept.Count == 0) throw FragilityException.InFile(table.FileName, 0, yColumn, "no row has coordinates: expected numbers in the coordinate columns");
        var rows = kept.ToArray();
        T[] Pick<T>(T[] column) => rows.Select(r => column[r]).ToArray();
        return new SourceTable(table.Name, table.FileName, Pick(table.LineNumbers),
            table.Text.ToDictionary(kv => kv.Key, kv => Pick(kv.Value), StringComparer.Ordinal),
            table.Numbers.ToDictionary(kv => kv.Key, kv => Pick(kv.Value), StringComparer.Ordinal),
            table.Report with { RowsWithoutGeometry = table.RowCount - rows.Length })
        {
            Geometries = rows.Select(r => (Geometry)factory.CreatePoint(new Coordinate(xs[r], ys[r]))).ToArray(),
            Crs = crs,
        };
    }
}

/// <summary>The one geometry factory every reader builds with (floating precision, no SRID: the CRS travels beside).</summary>
internal static class GeometryFactoryFor
{
    public static GeometryFactory Default { get; } = new(new PrecisionModel(), 0);
}
