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
/// The levels are independent of each other: their files (and the workbook) are written on every core, each file by
/// one writer, so that every file is the same whatever the order the work was done in.
/// </summary>
public static class RunExporter
{
    /// <summary>Writes the files; returns their names, level by level in the order of the levels.</summary>
    /// <param name="outcome">The run.</param>
    /// <param name="folder">Where to write.</param>
    /// <param name="options">What to write.</param>
    /// <param name="onFile">Called as each file is started, from the thread writing it.</param>
    /// <param name="onWritten">Called as each file is finished, with the time it took, from the thread that wrote it.</param>
    public static IReadOnlyList<string> Write(RunOutcome outcome, string folder, ExportOptions options, Action<string>? onFile = null, Action<string, TimeSpan>? onWritten = null)
    {
        var territory = outcome.Inputs.Territory;
        var hasContours = territory is { Geometries: not null, Crs: not null };
        var formats = options.Formats ?? (hasContours ? OutputFormat.All : OutputFormat.Csv | OutputFormat.Xlsx);
        if ((formats & OutputFormat.Geographic) != 0 && !hasContours)
            throw new FragilityException(FailureKind.Usage,
                $"--format {Describe(formats & OutputFormat.Geographic)}: the territory has no contours (its source '{outcome.Definition.Territory?.Source}' is a table, not a layer of polygons); expected --format csv");

        // GeoJSON, GeoParquet and GeoPackage write the same prepared polygons: kept for each other when two are asked.
        var vectorFormats = new[] { OutputFormat.GeoJson, OutputFormat.Parquet, OutputFormat.GeoPackage }.Count(f => formats.HasFlag(f));
        options = options with { Geometry = options.Geometry with { ShareAcrossWriters = vectorFormats > 1 } };

        // Each level's contours in the order of its scores, built once, by whichever writer needs them first.
        var geometries = outcome.Result.Levels.ToDictionary(l => l.Level, level => new Lazy<Geometry[]>(() =>
        {
            var byGroup = LevelGeometries.Of(territory, level.Level);
            var partition = territory[level.Level];
            var ordered = new Geometry[level.Count];
            for (var g = 0; g < partition.Count; g++) ordered[level.PositionOf(partition.Codes[g])] = byGroup[g];
            return ordered;
        }));
        Geometry[] GeometriesOf(LevelScores level) => geometries[level.Level].Value;

        void Create(List<string> written, string name, Action<Stream> write)
        {
            onFile?.Invoke(name);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using (var stream = File.Create(Path.Combine(folder, name))) write(stream);
            written.Add(name);
            onWritten?.Invoke(name, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        // One job per level (its files in order), and the workbook; the largest level first.
        var jobs = new List<Action<List<string>>>();
        foreach (var level in outcome.Result.Levels)
        {
            jobs.Add(written =>
            {
                if (formats.HasFlag(OutputFormat.Csv))
                    Create(written, ScoreCsvWriter.FileName(level.Level), s => ScoreCsvWriter.Write(level, s, options.CsvDialect,
                        options.Headers == ColumnHeaders.French ? columns => ColumnLabels.French(outcome.Definition, columns) : null));
                if (formats.HasFlag(OutputFormat.GeoJson))
                    Create(written, GeoJsonWriter.FileName(level.Level), s => GeoJsonWriter.Write(level, GeometriesOf(level), territory.Crs!, s, options.Geometry));
                if (formats.HasFlag(OutputFormat.Parquet))
                    Create(written, GeoParquetWriter.FileName(level.Level), s => GeoParquetWriter.WriteAsync(level, GeometriesOf(level), territory.Crs!, s, options.Geometry).GetAwaiter().GetResult());
                if ((formats & (OutputFormat.Svg | OutputFormat.Png)) != 0 && Mappable(level, options.Map.Territory))
                {
                    var map = ChoroplethMap.Build(MapComposer.Compose(outcome, level, GeometriesOf(level), options.Map));
                    if (formats.HasFlag(OutputFormat.Svg)) Create(written, SvgMapWriter.FileName(level.Level.Name()), s => SvgMapWriter.Write(map, s));
                    if (formats.HasFlag(OutputFormat.Png)) Create(written, PngMapWriter.FileName(level.Level.Name()), s => PngMapWriter.Write(map, s));
                }
            });
        }

        if (formats.HasFlag(OutputFormat.Xlsx)) jobs.Add(written => Create(written, XlsxWriter.FileName, s => XlsxWriter.Write(outcome, s)));

        var files = jobs.Select(_ => new List<string>()).ToArray();
        Concurrently(jobs.Count, j => jobs[j](files[j]));
        var all = files.SelectMany(f => f).ToList();

        if (formats.HasFlag(OutputFormat.GeoPackage))
        {
            onFile?.Invoke(GeoPackageWriter.FileName);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var layers = outcome.Result.Levels.Select(l => new GeoPackageLayer(l, GeometriesOf(l))
            {
                Description = MapComposer.LayerDescription(outcome, l),
                ColumnTitles = ColumnLabels.French(outcome.Definition, FeatureFields.Of(l).Select(f => f.Name).ToArray()),
                Style = MapComposer.StyleOf(outcome, l, options.Map),
            }).ToArray();
            GeoPackageWriter.Write(Path.Combine(folder, GeoPackageWriter.FileName), layers, territory.Crs!,
                $"Indice de fragilité numérique, {outcome.Definition.Name}", options.Geometry);
            all.Add(GeoPackageWriter.FileName);
            onWritten?.Invoke(GeoPackageWriter.FileName, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        return all;
    }

    /// <summary>The names of the files <see cref="Write"/> writes with these options, in the order it lists them.</summary>
    public static IReadOnlyList<string> Plan(RunOutcome outcome, ExportOptions options)
    {
        var hasContours = outcome.Inputs.Territory is { Geometries: not null, Crs: not null };
        var formats = options.Formats ?? (hasContours ? OutputFormat.All : OutputFormat.Csv | OutputFormat.Xlsx);
        var names = new List<string>();
        foreach (var level in outcome.Result.Levels)
        {
            if (formats.HasFlag(OutputFormat.Csv)) names.Add(ScoreCsvWriter.FileName(level.Level));
            if (formats.HasFlag(OutputFormat.GeoJson)) names.Add(GeoJsonWriter.FileName(level.Level));
            if (formats.HasFlag(OutputFormat.Parquet)) names.Add(GeoParquetWriter.FileName(level.Level));
            if ((formats & (OutputFormat.Svg | OutputFormat.Png)) == 0 || !Mappable(level, options.Map.Territory)) continue;
            if (formats.HasFlag(OutputFormat.Svg)) names.Add(SvgMapWriter.FileName(level.Level.Name()));
            if (formats.HasFlag(OutputFormat.Png)) names.Add(PngMapWriter.FileName(level.Level.Name()));
        }

        if (formats.HasFlag(OutputFormat.Xlsx)) names.Add(XlsxWriter.FileName);
        if (formats.HasFlag(OutputFormat.GeoPackage)) names.Add(GeoPackageWriter.FileName);
        return names;
    }

    // Runs the jobs on every core; a failure is the first job's, in job order, as if they had run one by one.
    private static void Concurrently(int count, Action<int> job)
    {
        var failures = new Exception?[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, j =>
        {
            try
            {
                job(j);
            }
            catch (Exception e)
            {
                failures[j] = e;
            }
        });
        if (failures.FirstOrDefault(f => f is not null) is { } first) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    // A map of a territory shows the levels inside it (its IRIS, its communes), not the levels above it.
    private static bool Mappable(LevelScores level, TerritorySelection? territory) => territory is null || level.Level <= territory.Level;

    private static string Describe(OutputFormat formats) =>
        string.Join(",", Enum.GetValues<OutputFormat>().Where(f => f is not (OutputFormat.None or OutputFormat.All or OutputFormat.Geographic) && formats.HasFlag(f)).Select(f => f.ToString().ToLowerInvariant()));
}
