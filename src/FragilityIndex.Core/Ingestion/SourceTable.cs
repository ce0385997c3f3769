namespace FragilityIndex.Ingestion;

/// <summary>
/// The columns of one source that a definition asked for: text columns as strings, numeric columns as contiguous
/// doubles with NaN for a missing or masked value. Row r came from line <see cref="LineNumbers"/>[r] of the file.
/// </summary>
internal sealed class SourceTable
{
    public SourceTable(string name, string fileName, int[] lineNumbers, Dictionary<string, string[]> text, Dictionary<string, double[]> numbers, IngestionReport report)
    {
        Name = name;
        FileName = fileName;
        LineNumbers = lineNumbers;
        Text = text;
        Numbers = numbers;
        Report = report;
    }

    /// <summary>The source's name in the definition.</summary>
    public string Name { get; }

    /// <summary>The file it was read from, for messages.</summary>
    public string FileName { get; }

    /// <summary>The 1-based line of the file where each row starts.</summary>
    public int[] LineNumbers { get; }

    /// <summary>Text columns by name.</summary>
    public Dictionary<string, string[]> Text { get; }

    /// <summary>Numeric columns by name; NaN is missing.</summary>
    public Dictionary<string, double[]> Numbers { get; }

    /// <summary>What reading found: masked values, detected encoding and separator.</summary>
    public IngestionReport Report { get; }

    /// <summary>The number of data rows.</summary>
    public int RowCount => LineNumbers.Length;

    /// <summary>For a layer of features or points, the geometry of each row, in <see cref="Crs"/>.</summary>
    public NetTopologySuite.Geometries.Geometry[]? Geometries { get; init; }

    /// <summary>The coordinate system of <see cref="Geometries"/>.</summary>
    public Geography.Crs? Crs { get; init; }

    /// <summary>A geometry column parsed as it was read, in place of its text (see <see cref="GeometryColumn.Cells"/>).</summary>
    public GeometryColumn.Cells? GeometryCells { get; init; }
}

/// <summary>
/// What a run keeps of a source once its columns have been joined to the territory: where it came from, what it was
/// and what reading it found, for run.json. The columns themselves are let go, so a national table does not stay in
/// memory beside the scores made from it.
/// </summary>
internal sealed record SourceSummary(string Name, string FileName, int RowCount, IngestionReport Report, Geography.Crs? Crs)
{
    public static SourceSummary Of(SourceTable table) => new(table.Name, table.FileName, table.RowCount, table.Report, table.Crs);
}

/// <summary>What reading one file found that did not stop it.</summary>
internal sealed record IngestionReport
{
    /// <summary>The separator used, given or detected.</summary>
    public char Separator { get; init; }

    /// <summary>The encoding the file was read as.</summary>
    public string Encoding { get; init; } = "utf-8";

    /// <summary>Whether it began with a UTF-8 byte order mark.</summary>
    public bool HadByteOrderMark { get; init; }

    /// <summary>For each numeric column, how many values were empty or masked (s, ns, nd, so, secret, NA).</summary>
    public Dictionary<string, int> MissingCounts { get; init; } = [];

    /// <summary>The format read: csv, json, parquet, shapefile, geojson, geojsonseq, topojson or geopackage.</summary>
    public string Format { get; init; } = "csv";

    /// <summary>What the reader chose or repaired, for the run's warnings (an encoding detected, geometries repaired).</summary>
    public List<string> Notes { get; init; } = [];

    /// <summary>Rows left out by the source's <c>where</c>.</summary>
    public int RowsLeftOut { get; init; }

    /// <summary>Rows set aside: rows without coordinates in a file of points.</summary>
    public int RowsWithoutGeometry { get; init; }
}
