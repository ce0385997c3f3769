using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Export;
using FragilityIndex.Export.Maps;
using FragilityIndex.Scoring;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Orchestration;

/// <summary>What a run writes, and how.</summary>
internal sealed record ExportOptions
{
    /// <summary>The formats asked for; null for every format the inputs allow (the geographic ones need contours).</summary>
    public OutputFormat? Formats { get; init; }

    public CsvDialect CsvDialect { get; init; } = CsvDialect.International;

    /// <summary>The CSV headers: the engine's ids, or French labels from the definition.</summary>
    public ColumnHeaders Headers { get; init; } = ColumnHeaders.Ids;

    public GeometryOptions Geometry { get; init; } = new();

    /// <summary>The choropleths (svg, png): which score, which classes, which territory.</summary>
    public MapOptions Map { get; init; } = new();

    /// <summary>
    /// The date the GeoPackage gives as its layers' last change: fixed (the Unix epoch by default) so that the file is
    /// the same from run to run; the CLI takes SOURCE_DATE_EPOCH, the reproducible-builds convention, when it is set.
    /// </summary>
    public DateTimeOffset GeoPackageLastChange { get; init; } = DateTimeOffset.UnixEpoch;
}

/// <summary>
/// Writes the outputs of a run, each file into a stream its caller opens by name (the CLI, into the run's folder): for each level, scores-&lt;level&gt;.csv, map-&lt;level&gt;.geojson,
/// map-&lt;level&gt;.parquet and choropleth-&lt;level&gt;.svg/.png, and map.gpkg with one layer per level. The contours
/// of the levels above IRIS are unions of their IRIS, built once per level and only when a geographic format needs them.
/// The levels are independent of each other: their files (and the workbook) are written on every core, each file by
/// one writer, so that every file is the same whatever the order the work was done in.
/// </summary>
internal static class RunExporter
{
    /// <summary>Writes the files; returns their names, level by level in the order of the levels.</summary>
    /// <param name="outcome">The run.</param>
    /// <param name="create">Opens the stream a file is written into, by its name (the CLI's creates it in the run's folder); the exporter disposes of it.</param>
    /// <param name="options">What to write.</param>
    /// <param name="onFile">Called as each file is started, from the thread writing it.</param>
    /// <param name="onWritten">Called as each file is finished, with the time it took, from the thread that wrote it.</param>
    /// <param name="time">The clock the times are taken from; the system's when null.</param>
    public static IReadOnlyList<string> Write(RunOutcome outcome, Func<string, Stream> create, ExportOptions options, Action<string>? onFile = null,
        Action<string, TimeSpan>? onWritten = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var (jobs, last) = Files(outcome, options);
        void Create(PlannedFile file)
        {
            onFile?.Invoke(file.Name);
            var started = time.GetTimestamp();
            using (var stream = create(file.Name)) file.Write(stream);
            onWritten?.Invoke(file.Name, time.GetElapsedTime(started));
        }

        Concurrently(jobs.Count, j =>
        {
            foreach (var file in jobs[j]) Create(file);
        });
        if (last is not null) Create(last);
        return Names(jobs, last);
    }

    /// <summary>The names of the files <see cref="Write"/> writes with these options, in the order it lists them.</summary>
    public static IReadOnlyList<string> Plan(RunOutcome outcome, ExportOptions options)
    {
        var (jobs, last) = Files(outcome, options);
        return Names(jobs, last);
    }

    // A file to write, by name, and how to write it into a stream (nothing is computed until it is written).
    private sealed record PlannedFile(string Name, Action<Stream> Write);

    private static List<string> Names(List<PlannedFile[]> jobs, PlannedFile? last) =>
        [.. jobs.SelectMany(j => j).Select(f => f.Name), .. last is null ? Array.Empty<string>() : [last.Name]];

    // The files of a run: one job per level (its files in order) and the workbook, which are written at once on every
    // core, then the GeoPackage, which holds every level.
    private static (List<PlannedFile[]> Jobs, PlannedFile? Last) Files(RunOutcome outcome, ExportOptions options)
    {
        var territory = outcome.Inputs.Territory;
        var hasContours = territory is { Geometries: not null, Crs: not null };
        var formats = options.Formats ?? (hasContours ? OutputFormat.All : OutputFormat.Csv | OutputFormat.Xlsx);
        if ((formats & OutputFormat.Geographic) != 0 && !hasContours)
            throw new FragilityException(FailureKind.Usage,
                $"--format {Describe(formats & OutputFormat.Geographic)}: the territory has no contours (its source '{outcome.Definition.Territory?.Source}' is a table, not a layer of polygons); expected --format csv");

        // GeoJSON, GeoParquet and GeoPackage write the same prepared polygons: kept for each other when two are asked.
        var vectorFormats = new[] { OutputFormat.GeoJson, OutputFormat.Parquet, OutputFormat.GeoPackage }.Count(f => formats.HasFlag(f));
        var geometry = options.Geometry with { ShareAcrossWriters = vectorFormats > 1 };

        // Each level's contours in the order of its scores, built once, by whichever writer needs them first.
        var geometries = outcome.Result.Levels.ToDictionary(l => l.Level, level => new Lazy<Geometry[]>(() => ScoredContours.Of(territory, level)));
        Geometry[] GeometriesOf(LevelScores level) => geometries[level.Level].Value;

        var jobs = new List<PlannedFile[]>();
        foreach (var level in outcome.Result.Levels)
        {
            var files = new List<PlannedFile>();
            if (formats.HasFlag(OutputFormat.Csv))
                files.Add(new PlannedFile(ScoreCsvWriter.FileName(level.Level), s => ScoreCsvWriter.Write(level, s, options.CsvDialect,
                    options.Headers == ColumnHeaders.French ? columns => ColumnLabels.French(outcome.Definition, columns) : null)));
            if (formats.HasFlag(OutputFormat.GeoJson))
                files.Add(new PlannedFile(GeoJsonWriter.FileName(level.Level), s => GeoJsonWriter.Write(level, GeometriesOf(level), territory.Crs!, s, geometry)));
            if (formats.HasFlag(OutputFormat.Parquet))
                files.Add(new PlannedFile(GeoParquetWriter.FileName(level.Level), s => GeoParquetWriter.WriteAsync(level, GeometriesOf(level), territory.Crs!, s, geometry).GetAwaiter().GetResult()));
            if ((formats & (OutputFormat.Svg | OutputFormat.Png)) != 0 && Mappable(level, options.Map.Territory))
            {
                // One map for both pictures, composed when the first of them is written.
                var map = new Lazy<ChoroplethMap>(() => ChoroplethMap.Build(MapComposer.Compose(outcome, level, GeometriesOf(level), options.Map)));
                if (formats.HasFlag(OutputFormat.Svg)) files.Add(new PlannedFile(SvgMapWriter.FileName(level.Level.Name()), s => SvgMapWriter.Write(map.Value, s)));
                if (formats.HasFlag(OutputFormat.Png)) files.Add(new PlannedFile(PngMapWriter.FileName(level.Level.Name()), s => PngMapWriter.Write(map.Value, s)));
            }

            jobs.Add([.. files]);
        }

        if (formats.HasFlag(OutputFormat.Xlsx)) jobs.Add([new PlannedFile(XlsxWriter.FileName, s => XlsxWriter.Write(outcome, s))]);
        if (!formats.HasFlag(OutputFormat.GeoPackage)) return (jobs, null);
        return (jobs, new PlannedFile(GeoPackageWriter.FileName, s => WriteGeoPackage(outcome, GeometriesOf, s, options, geometry)));
    }

    /// <summary>
    /// The run's GeoPackage: one layer per level, each with its description, its columns' French titles and its QGIS
    /// style (the choropleth's classes), so that QGIS opens it mapped.
    /// </summary>
    public static void WriteGeoPackage(RunOutcome outcome, Func<LevelScores, Geometry[]> contoursOf, Stream destination, ExportOptions options, GeometryOptions? geometry = null)
    {
        var layers = outcome.Result.Levels.Select(l => new GeoPackageLayer(l, contoursOf(l))
        {
            Description = MapComposer.LayerDescription(outcome, l),
            ColumnTitles = ColumnLabels.French(outcome.Definition, FeatureFields.Of(l).Select(f => f.Name).ToArray()),
            Style = MapComposer.StyleOf(outcome, l, options.Map),
        }).ToArray();
        GeoPackageWriter.Write(destination, layers, outcome.Inputs.Territory.Crs!, $"Indice de fragilité numérique, {outcome.Definition.Name}", geometry ?? options.Geometry,
            options.GeoPackageLastChange);
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
