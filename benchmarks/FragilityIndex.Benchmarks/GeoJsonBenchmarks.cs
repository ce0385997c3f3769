using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FragilityIndex.Definition;
using FragilityIndex.Ingestion;
using FragilityIndex.Synthesis;

namespace FragilityIndex.Benchmarks;

/// <summary>
/// Reading the contours of the synthetic France (fragility synth --national, seed 1: 48,745 IRIS, 10 million vertices,
/// 245 MB of GeoJSON) into packed geometries with the territory's columns, beside two floors: reading the file's
/// bytes, and a bare Utf8JsonReader pass over them that tokenizes every value and converts none.
/// </summary>
[MemoryDiagnoser]
public class GeoJsonBenchmarks
{
    private string _work = "";
    private string _contours = "";

    [GlobalSetup]
    public void Setup()
    {
        _work = Directory.CreateTempSubdirectory("fragility-bench-geojson-").FullName;
        NationalGenerator.Generate(1, _work, name => File.Create(Path.Combine(_work, name)));
        _contours = Path.Combine(_work, "contours.geojson");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_work, recursive: true);

    [Benchmark]
    public long ReadBytes()
    {
        var buffer = new byte[1 << 20];
        using var stream = File.OpenRead(_contours);
        long total = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0) total += read;
        return total;
    }

    [Benchmark(Baseline = true)]
    public long TokenizeOnly()
    {
        var buffer = new byte[64 << 20];
        using var stream = File.OpenRead(_contours);
        var state = new JsonReaderState();
        long tokens = 0;
        var filled = 0;
        var final = false;
        while (!final)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            final = read == 0;
            filled += read;
            var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
            while (reader.Read()) tokens++;
            state = reader.CurrentState;
            var consumed = (int)reader.BytesConsumed;
            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
        }

        return tokens;
    }

    [Benchmark]
    public int ReadContours() =>
        SourceReader.Read("contours", new SourceDefinition { Path = _contours }, (_, p) => SourceFile.OnDisk(p), ["CODE_IRIS", "NOM_IRIS", "INSEE_COM", "TYP_IRIS"], []).RowCount;
}
