using BenchmarkDotNet.Attributes;
using FragilityIndex.Definition;
using FragilityIndex.Export;
using FragilityIndex.Geography;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Benchmarks;

/// <summary>
/// Writing the Rhône's 752 IRIS (the scores of data/examples/rhone-69.json, about 80 columns, and IGN's contours
/// reprojected from Lambert-93 to WGS84) as GeoJSON, GeoParquet and GeoPackage (and the scores alone as CSV, beside
/// formatting its numbers and nothing else), against reading the same contours
/// from their shapefile (IRIS_GE.SHP and its .dbf, through NetTopologySuite), the baseline: a map should cost no more
/// to write than its contours cost to read.
/// </summary>
[MemoryDiagnoser]
public class ExportBenchmarks
{
    private string _shapefile = "";
    private string _work = "";
    private LevelScores _iris = null!;
    private Geometry[] _contours = [];
    private Crs _crs = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fragility.sln"))) directory = directory.Parent;
        var root = directory!.FullName;
        _shapefile = Path.Combine(root, "..", "shared", "data", "real", "ign_iris_ge_dep69_rhone", "IRIS_GE.SHP");
        var definition = DefinitionLoader.Load(File.ReadAllBytes(Path.Combine(root, "data", "examples", "rhone-69.json")), "rhone-69.json");
        var outcome = IndexRun.Execute(definition, (_, path) => SourceFile.OnDisk(Path.IsPathRooted(path) ? path : Path.Combine(root, path), path), new ScoringOptions());
        _iris = outcome.Result[TerritoryLevel.Iris];
        _crs = outcome.Inputs.Territory.Crs!;
        _contours = LevelGeometries.Of(outcome.Inputs.Territory, TerritoryLevel.Iris);
        _work = Directory.CreateTempSubdirectory("fragility-bench-").FullName;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_work, recursive: true);

    [Benchmark(Baseline = true)]
    public int ReadShapefile() =>
        SourceReader.Read("contours", new SourceDefinition { Path = _shapefile }, (_, p) => SourceFile.OnDisk(p), ["CODE_IRIS", "NOM_IRIS", "INSEE_COM"], []).RowCount;

    [Benchmark]
    public long WriteGeoJson()
    {
        using var stream = File.Create(Path.Combine(_work, "map-iris.geojson"));
        GeoJsonWriter.Write(_iris, _contours, _crs, stream);
        return stream.Length;
    }

    [Benchmark]
    public long WriteGeoParquet()
    {
        using var stream = File.Create(Path.Combine(_work, "map-iris.parquet"));
        GeoParquetWriter.WriteAsync(_iris, _contours, _crs, stream).GetAwaiter().GetResult();
        return stream.Length;
    }

    [Benchmark]
    public long WriteGeoPackage()
    {
        var path = Path.Combine(_work, "map.gpkg");
        GeoPackageWriter.Write(path, [new GeoPackageLayer(_iris, _contours)], _crs, "bench");
        return new FileInfo(path).Length;
    }

    [Benchmark]
    public long WriteCsv()
    {
        using var stream = new MemoryStream();
        ScoreCsvWriter.Write(_iris, stream);
        return stream.Length;
    }

    // The floor of any CSV writer: every value of the same table formatted into one buffer, nothing else.
    [Benchmark]
    public long FormatValuesOnly()
    {
        var buffer = new byte[64];
        long total = 0;
        foreach (var column in _iris.Columns)
        {
            foreach (var value in column)
            {
                if (double.IsNaN(value)) continue;
                value.TryFormat(buffer, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
                total += written;
            }
        }

        return total;
    }
}
