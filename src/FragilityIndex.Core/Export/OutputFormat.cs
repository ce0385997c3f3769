namespace FragilityIndex.Export;

/// <summary>The files a run can write; <c>--format</c> picks among them.</summary>
[Flags]
internal enum OutputFormat
{
    None = 0,

    /// <summary>scores-&lt;level&gt;.csv</summary>
    Csv = 1,

    /// <summary>map-&lt;level&gt;.geojson</summary>
    GeoJson = 2,

    /// <summary>map-&lt;level&gt;.parquet (GeoParquet)</summary>
    Parquet = 4,

    /// <summary>map.gpkg, one layer per level</summary>
    GeoPackage = 8,

    /// <summary>choropleth-&lt;level&gt;.svg</summary>
    Svg = 16,

    /// <summary>choropleth-&lt;level&gt;.png</summary>
    Png = 32,

    /// <summary>scores.xlsx, one sheet per level</summary>
    Xlsx = 64,

    All = Csv | GeoJson | Parquet | GeoPackage | Svg | Png | Xlsx,

    /// <summary>The formats that need the territories' contours.</summary>
    Geographic = GeoJson | Parquet | GeoPackage | Svg | Png,
}

/// <summary>Names of the formats as <c>--format</c> takes them.</summary>
internal static class OutputFormats
{
    private static readonly (string Name, OutputFormat Format)[] Names =
    [
        ("csv", OutputFormat.Csv), ("geojson", OutputFormat.GeoJson), ("parquet", OutputFormat.Parquet), ("geoparquet", OutputFormat.Parquet),
        ("gpkg", OutputFormat.GeoPackage), ("geopackage", OutputFormat.GeoPackage), ("svg", OutputFormat.Svg), ("png", OutputFormat.Png), ("xlsx", OutputFormat.Xlsx), ("all", OutputFormat.All),
    ];

    /// <summary>The accepted names, for messages.</summary>
    public const string Expected = "csv, xlsx, geojson, parquet, gpkg, svg, png or all";

    /// <summary>Parses a comma-separated list ("csv,geojson"); null when a name is unknown, with that name.</summary>
    public static OutputFormat? TryParse(IEnumerable<string> texts, out string? unknown)
    {
        unknown = null;
        var formats = OutputFormat.None;
        foreach (var text in texts.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var match = Names.FirstOrDefault(n => string.Equals(n.Name, text, StringComparison.OrdinalIgnoreCase));
            if (match.Name is null)
            {
                unknown = text;
                return null;
            }

            formats |= match.Format;
        }

        return formats;
    }
}
