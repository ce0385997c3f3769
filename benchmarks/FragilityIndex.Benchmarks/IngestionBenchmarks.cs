using BenchmarkDotNet.Attributes;
using FragilityIndex.Definition;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Benchmarks;

/// <summary>
/// Reading the two largest real tables the index joins, from ../shared/data/real: the national IRIS reference table
/// (49,423 rows; the four code columns the territory uses) and the Arcep broadband export (35,359 communes after its
/// disclaimer line; the code and four counts). The baseline splits the same file into lines and fields with
/// File.ReadLines and string.Split, converting nothing: the floor of any CSV reader written by hand. And the Hinaura
/// mediation places (a JSON array of 1,171 objects of 40 members; the run uses the two coordinates), beside a
/// System.Text.Json document tree of the same file, which is how it was read before (2026-12-02).
/// </summary>
[MemoryDiagnoser]
public class IngestionBenchmarks
{
    private string _irisTable = "";
    private string _arcep = "";
    private string _hinaura = "";

    [GlobalSetup]
    public void Setup()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fragility.sln"))) directory = directory.Parent;
        var real = Path.Combine(directory!.FullName, "..", "shared", "data", "real", "dataforgood_batch8_mednum");
        _irisTable = Path.Combine(real, "table_iris_insee_epci.csv");
        _arcep = Path.Combine(real, "commune-debit-beta.csv");
        _hinaura = Path.Combine(real, "..", "lieux_mediation_hinaura_2021", "hinaura.json");
    }

    private static SourceTable Read(string path, SourceDefinition source, string[] text, string[] numbers) =>
        SourceReader.Read("bench", source with { Path = path }, (_, p) => SourceFile.OnDisk(p), text, numbers);

    [Benchmark]
    public int IrisTable() => Read(_irisTable, new SourceDefinition(), ["CODE_IRIS", "CODE_INSEE", "EPCI", "REG"], []).RowCount;

    [Benchmark]
    public int IrisTableSplitBaseline() => SplitBaseline(_irisTable, ',', 0);

    [Benchmark]
    public int Arcep() => Read(_arcep, new SourceDefinition { SkipLines = 1 }, ["code_insee"], ["nbr", "elig_thd30", "elig_thd100", "elig_thd1g"]).RowCount;

    [Benchmark]
    public int ArcepSplitBaseline() => SplitBaseline(_arcep, ';', 1);

    [Benchmark]
    public int Hinaura() => Read(_hinaura, new SourceDefinition { Latitude = "bf_latitude", Longitude = "bf_longitude" }, [], []).RowCount;

    [Benchmark]
    public int HinauraDocumentTree()
    {
        using var stream = File.OpenRead(_hinaura);
        using var document = System.Text.Json.JsonDocument.Parse(stream, new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true });
        return document.RootElement.GetArrayLength();
    }

    private static int SplitBaseline(string path, char separator, int skip)
    {
        var fields = 0;
        foreach (var line in File.ReadLines(path).Skip(skip + 1)) fields += line.Split(separator).Length;
        return fields;
    }
}
