using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Export;
using FragilityIndex.Geography;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;
using Microsoft.Data.Analysis;

namespace FragilityIndex;

/// <summary>
/// The library's entry point: load a definition (an embedded preset or a JSON file), say where its sources are, score
/// it, and read the results as one table per level.
/// <code>
/// var scored = Fragility.Score(Fragility.Preset("default"), IndexSources.RelativeTo("."));
/// DataFrame iris = scored.Table(TerritoryLevel.Iris);
/// </code>
/// </summary>
public static class Fragility
{
    /// <summary>The names of the embedded presets (<c>default</c>, <c>mednum-2020</c>, <c>mednum-2023</c>, …), sorted.</summary>
    public static IReadOnlyList<string> Presets => DefinitionLoader.PresetNames;

    /// <summary>An embedded preset, checked.</summary>
    /// <exception cref="FragilityException">No preset has that name.</exception>
    public static IndexDefinition Preset(string name) => DefinitionLoader.LoadPreset(name);

    /// <summary>A definition from its JSON (which may extend a preset), checked; <paramref name="name"/> names it in messages.</summary>
    /// <exception cref="FragilityException">The JSON is malformed or the definition inconsistent: every problem, one per line, at its line and column.</exception>
    public static IndexDefinition DefinitionFrom(Stream json, string name)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var buffer = new MemoryStream();
        json.CopyTo(buffer);
        return DefinitionLoader.Load(buffer.ToArray(), name);
    }

    /// <summary>
    /// Reads and joins every source of <paramref name="definition"/> without scoring, as <c>fragility validate</c>
    /// does: returns the warnings (rows set aside, units without a row, …).
    /// </summary>
    /// <exception cref="FragilityException">A source is missing, malformed or does not join.</exception>
    public static IReadOnlyList<string> Validate(IndexDefinition definition, IndexSources sources)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(sources);
        var (plan, _) = IndexRun.Compile(definition);
        return InputAssembler.Assemble(plan, sources.Opener, TerritoryLevels.Parse(definition.Normalization.Reference)).Warnings;
    }

    /// <summary>Scores <paramref name="definition"/> at every level of its territory, and the whole territory as one.</summary>
    /// <exception cref="FragilityException">A source is missing, malformed or does not join, or the result would not be justified by the inputs.</exception>
    public static ScoredIndex Score(IndexDefinition definition, IndexSources sources, ScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(sources);
        return new ScoredIndex(IndexRun.Execute(definition, sources.Opener, options ?? new ScoringOptions { IncludeWhole = true }));
    }
}

/// <summary>
/// Where the sources of a definition are read from: its paths resolved against a folder, and any source pointed at
/// another file or handed in as a stream. Immutable: each <c>With</c> returns a new set.
/// </summary>
public sealed class IndexSources
{
    private readonly string _folder;
    private readonly IReadOnlyDictionary<string, Func<SourceFile>> _given;

    private IndexSources(string folder, IReadOnlyDictionary<string, Func<SourceFile>> given)
    {
        _folder = folder;
        _given = given;
    }

    /// <summary>The definition's paths, relative ones resolved against <paramref name="folder"/> (a clone's root for the presets' sample).</summary>
    public static IndexSources RelativeTo(string folder) => new(Path.GetFullPath(folder), new Dictionary<string, Func<SourceFile>>(StringComparer.Ordinal));

    /// <summary>Source <paramref name="source"/> read from <paramref name="path"/> instead of the definition's path.</summary>
    public IndexSources With(string source, string path) =>
        new(_folder, new Dictionary<string, Func<SourceFile>>(_given, StringComparer.Ordinal) { [source] = () => SourceFile.OnDisk(Path.Combine(_folder, path), path) });

    /// <summary>
    /// Source <paramref name="source"/> read from <paramref name="content"/> (read whole at once; the stream is not
    /// kept), named <paramref name="name"/> in messages. A shapefile needs its siblings: give it as a file.
    /// </summary>
    public IndexSources With(string source, Stream content, string name)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return new(_folder, new Dictionary<string, Func<SourceFile>>(_given, StringComparer.Ordinal) { [source] = () => SourceFile.InMemory(name, bytes) });
    }

    internal SourceOpener Opener => (source, path) => _given.TryGetValue(source, out var given) ? given()
        : string.IsNullOrWhiteSpace(path) ? throw new FragilityException(FailureKind.Usage, $"source '{source}' has no path: give it with IndexSources.With")
        : SourceFile.OnDisk(Path.Combine(_folder, path), path);
}

/// <summary>A scored index: its tables level by level, its warnings, and its exports written to streams.</summary>
public sealed class ScoredIndex
{
    internal ScoredIndex(RunOutcome outcome) => Outcome = outcome;

    /// <summary>Everything the run did (the definition scored, its inputs, every level's columns, the timings).</summary>
    internal RunOutcome Outcome { get; }

    /// <summary>The levels scored, finest first (IRIS, commune, EPCI, département, région, then France as a whole).</summary>
    public IReadOnlyList<TerritoryLevel> Levels => [.. Outcome.Result.Levels.Select(l => l.Level)];

    /// <summary>Every warning, from reading and from scoring.</summary>
    public IReadOnlyList<string> Warnings => Outcome.Warnings;

    /// <summary>The typed columns of one level.</summary>
    /// <exception cref="InvalidOperationException">The level was not scored.</exception>
    public LevelScores Scores(TerritoryLevel level) =>
        Outcome.Result.Levels.FirstOrDefault(l => l.Level == level) ?? throw new InvalidOperationException($"the level '{level.Name()}' was not scored");

    /// <summary>One level as a DataFrame (<see cref="ScoreTable.ToDataFrame"/>: codes and names as strings, scores as doubles, ranks and deciles as integers).</summary>
    public DataFrame Table(TerritoryLevel level) => Scores(level).ToDataFrame();

    /// <summary>One level's CSV, as <c>fragility run</c> writes scores-&lt;level&gt;.csv.</summary>
    public void WriteCsv(TerritoryLevel level, Stream destination, CsvDialect dialect = CsvDialect.International) =>
        ScoreCsvWriter.Write(Scores(level), destination, dialect);

    /// <summary>One level's GeoJSON with each territory's contour (WGS 84), as <c>fragility run</c> writes map-&lt;level&gt;.geojson.</summary>
    /// <exception cref="InvalidOperationException">The territory is a table, without contours.</exception>
    public void WriteGeoJson(TerritoryLevel level, Stream destination, GeometryOptions? options = null)
    {
        var (scores, contours, crs) = Mapped(level);
        GeoJsonWriter.Write(scores, contours, crs, destination, options);
    }

    /// <summary>One level's GeoParquet (WKB polygons in WGS 84, GeoParquet 1.1 metadata), as map-&lt;level&gt;.parquet.</summary>
    /// <exception cref="InvalidOperationException">The territory is a table, without contours.</exception>
    public void WriteGeoParquet(TerritoryLevel level, Stream destination, GeometryOptions? options = null)
    {
        var (scores, contours, crs) = Mapped(level);
        GeoParquetWriter.WriteAsync(scores, contours, crs, destination, options).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Every level in one GeoPackage, a layer each with its columns' French titles and a QGIS style, as map.gpkg. SQLite
    /// writes files: it is made in a temporary file, then copied into <paramref name="destination"/>.
    /// </summary>
    /// <param name="destination">Where the GeoPackage goes.</param>
    /// <param name="options">Precision and simplification of the polygons.</param>
    /// <param name="lastChange">The date each layer gives as its last change; the Unix epoch when null, so that the same scores give the same file.</param>
    /// <exception cref="InvalidOperationException">The territory is a table, without contours.</exception>
    public void WriteGeoPackage(Stream destination, GeometryOptions? options = null, DateTimeOffset? lastChange = null)
    {
        var territory = Contoured();
        RunExporter.WriteGeoPackage(Outcome, l => ScoredContours.Of(territory, l), destination,
            new ExportOptions { Geometry = options ?? new GeometryOptions(), GeoPackageLastChange = lastChange ?? DateTimeOffset.UnixEpoch });
    }

    /// <summary>The workbook of every level, one sheet each, French headers, as scores.xlsx.</summary>
    public void WriteWorkbook(Stream destination) => XlsxWriter.Write(Outcome, destination);

    /// <summary>A choropleth of one level's global score (quantiles, five classes), as SVG or PNG.</summary>
    /// <param name="level">The level mapped.</param>
    /// <param name="destination">Where the picture goes.</param>
    /// <param name="png">A PNG picture rather than an SVG document.</param>
    /// <exception cref="InvalidOperationException">The territory is a table, without contours.</exception>
    public void WriteMap(TerritoryLevel level, Stream destination, bool png = false)
    {
        var (scores, contours, _) = Mapped(level);
        var map = Export.Maps.ChoroplethMap.Build(Export.Maps.MapComposer.Compose(Outcome, scores, contours, new Export.Maps.MapOptions()));
        if (png) Export.Maps.PngMapWriter.Write(map, destination);
        else Export.Maps.SvgMapWriter.Write(map, destination);
    }

    // A level's scores with its territories' contours in the same order.
    private (LevelScores Scores, NetTopologySuite.Geometries.Geometry[] Contours, Crs Crs) Mapped(TerritoryLevel level)
    {
        var territory = Contoured();
        var scores = Scores(level);
        return (scores, ScoredContours.Of(territory, scores), territory.Crs!);
    }

    // The territory, when it has contours to draw.
    private TerritoryModel Contoured() => Outcome.Inputs.Territory is { Geometries: not null, Crs: not null } territory ? territory
        : throw new InvalidOperationException("the territory has no contours (its source is a table)");
}
