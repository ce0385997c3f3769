using FragilityIndex.Export.Maps;
using FragilityIndex.Geography;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Export;

/// <summary>What a run writes, and how.</summary>
public sealed record ExportOptions
{
    /// <summary>The formats asked for; null for every format the inputs allow (the geographic ones need contours).</summary>
    public OutputFormat? Formats { get; init; }

    public CsvDialect CsvDialect { get; init; } = CsvDialect.International;

    /// <summary>The CSV headers: the engine's ids, or French labels from the definition.</summary>
    public ColumnHeaders Headers { get; init; } = ColumnHeaders.Ids;

    public GeometryOptions Geometry { get; init; } = new();

    /// <summary>The choropleths (svg, png): which score, which classes, which territory.</summary>
    public MapOptions Map { get; init; } = new();
}

/// <summary>
/// Writes the outputs of a run into a folder: for each level, scores-&lt;level&gt;.csv, map-&lt;level&gt;.geojson,
/// map-&lt;level&gt;.parquet and choropleth-&lt;level&gt;.svg/.png, and map.gpkg with one layer per level. The contours
/// of the levels above IRIS are unions of their IRIS, built once per level and only when a geographic format needs them.
/// </summary>
public static class RunExporter
{
    /// <summary>Writes the files; returns their names, in the order written.</summary>
    public static IReadOnlyList<string> Write(RunOutcome outcome, string folder, ExportOptions options, Action<string>? onFile = null)
    {
        var territory = outcome.Inputs.Territory;
        var hasContours = territory is { Geometries: not null, Crs: not null };
        var formats = options.Formats ?? (hasContours ? OutputFormat.All : OutputFormat.Csv | OutputFormat.Xlsx);
        if ((formats & OutputFormat.Geographic) != 0 && !hasContours)
            throw new FragilityException(FailureKind.Usage,
                $"--format {Describe(formats & OutputFormat.Geographic)}: the territory has no contours (its source '{outcome.Definition.Territory?.Source}' is a table, not a layer of polygons); expected --format csv");

        var written = new List<string>();
        var geometries = new Dictionary<TerritoryLevel, Geometry[]>();
        Geometry[] GeometriesOf(LevelScores level)
        {
            if (geometries.TryGetValue(level.Level, out var cached)) return cached;
            var byGroup = LevelGeometries.Of(territory, level.Level);
            var partition = territory[level.Level];
            var ordered = new Geometry[level.Count];
            for (var g = 0; g < partition.Count; g++) ordered[level.PositionOf(partition.Codes[g])] = byGroup[g];
            return geometries[level.Level] = ordered;
        }

        void Create(string name, Action<Stream> write)
        {
            onFile?.Invoke(name);
            using (var stream = File.Create(Path.Combine(folder, name))) write(stream);
            written.Add(name);
        }

        foreach (var level in outcome.Result.Levels)
        {
            if (formats.HasFlag(OutputFormat.Csv))
                Create(ScoreCsvWriter.FileName(level.Level), s => ScoreCsvWriter.Write(level, s, options.CsvDialect,
                    options.Headers == ColumnHeaders.French ? columns => ColumnLabels.French(outcome.Definition, columns) : null));
            if (formats.HasFlag(OutputFormat.GeoJson))
                Create(GeoJsonWriter.FileName(level.Level), s => GeoJsonWriter.Write(level, GeometriesOf(level), territory.Crs!, s, options.Geometry));
            if (formats.HasFlag(OutputFormat.Parquet))
                Create(GeoParquetWriter.FileName(level.Level), s => GeoParquetWriter.WriteAsync(level, GeometriesOf(level), territory.Crs!, s, options.Geometry).GetAwaiter().GetResult());
            if ((formats & (OutputFormat.Svg | OutputFormat.Png)) != 0 && Mappable(level, options.Map.Territory))
            {
                var map = ChoroplethMap.Build(MapComposer.Compose(outcome, level, GeometriesOf(level), options.Map));
                if (formats.HasFlag(OutputFormat.Svg)) Create(SvgMapWriter.FileName(level.Level.Name()), s => SvgMapWriter.Write(map, s));
                if (formats.HasFlag(OutputFormat.Png)) Create(PngMapWriter.FileName(level.Level.Name()), s => PngMapWriter.Write(map, s));
            }
        }

        if (formats.HasFlag(OutputFormat.Xlsx)) Create(XlsxWriter.FileName, s => XlsxWriter.Write(outcome, s));

        if (formats.HasFlag(OutputFormat.GeoPackage))
        {
            onFile?.Invoke(GeoPackageWriter.FileName);
            var layers = outcome.Result.Levels.Select(l => new GeoPackageLayer(l, GeometriesOf(l))
            {
                Description = MapComposer.LayerDescription(outcome, l),
                ColumnTitles = ColumnLabels.French(outcome.Definition, FeatureFields.Of(l).Select(f => f.Name).ToArray()),
                Style = MapComposer.StyleOf(outcome, l, options.Map),
            }).ToArray();
            GeoPackageWriter.Write(Path.Combine(folder, GeoPackageWriter.FileName), layers, territory.Crs!,
                $"Indice de fragilité numérique, {outcome.Definition.Name}", options.Geometry);
            written.Add(GeoPackageWriter.FileName);
        }

        return written;
    }

    // A map of a territory shows the levels inside it (its IRIS, its communes), not the levels above it.
    private static bool Mappable(LevelScores level, TerritorySelection? territory) => territory is null || level.Level <= territory.Level;

    private static string Describe(OutputFormat formats) =>
        string.Join(",", Enum.GetValues<OutputFormat>().Where(f => f is not (OutputFormat.None or OutputFormat.All or OutputFormat.Geographic) && formats.HasFlag(f)).Select(f => f.ToString().ToLowerInvariant()));
}
