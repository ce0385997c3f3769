namespace FragilityIndex.Definition;

/// <summary>The formats a source can name (<c>format</c>, <c>geometryFormat</c>), and the one a file's extension implies.</summary>
internal static class SourceFormats
{
    /// <summary>The formats a definition's <c>format</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Names = ["csv", "json", "parquet", "shapefile", "geojson", "geojsonseq", "topojson", "geopackage"];

    /// <summary>The forms of geometry text in a table's column (<c>geometryFormat</c>).</summary>
    public static readonly IReadOnlyList<string> GeometryColumnForms = ["geojson", "wkt", "wkb", "latlon"];

    /// <summary>The format of a source: the one it names, or the one its file's extension implies.</summary>
    public static string Of(SourceDefinition source, string path) => source.Format ?? Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".shp" => "shapefile",
        ".geojson" => "geojson",
        ".geojsons" or ".geojsonl" or ".geojsonseq" => "geojsonseq",
        ".topojson" => "topojson",
        ".gpkg" => "geopackage",
        ".parquet" => "parquet",
        ".json" => "json",
        _ => "csv",
    };

    /// <summary>Whether a source is a layer of geometries (by its format, or its file's extension).</summary>
    public static bool IsGeometry(SourceDefinition source) =>
        source.Geometry is not null || Of(source, source.Path ?? "") is "shapefile" or "geojson" or "geojsonseq" or "topojson" or "geopackage";
}
