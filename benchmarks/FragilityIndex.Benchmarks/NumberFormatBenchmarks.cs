using System.Globalization;
using BenchmarkDotNet.Attributes;
using FragilityIndex.Export;

namespace FragilityIndex.Benchmarks;

/// <summary>
/// The shortest round-trip text of a million score-like doubles (base-100 scores and shares with 15 to 17 significant
/// digits, as the CSV of scores holds them) as UTF-8: .NET's own formatting (Grisu with Dragon4's fallback, the
/// baseline) against the Ryū writer the CSV uses (Export/ShortestDouble).
/// </summary>
[MemoryDiagnoser]
public class NumberFormatBenchmarks
{
    private readonly byte[] _buffer = new byte[32];
    private double[] _values = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(69);
        _values = Enumerable.Range(0, 1_000_000).Select(i => i % 2 == 0 ? random.NextDouble() * 200 : random.NextDouble()).ToArray();
    }

    [Benchmark(Baseline = true)]
    public int DotNetTryFormat()
    {
        var total = 0;
        foreach (var value in _values)
        {
            value.TryFormat(_buffer, out var written, default, CultureInfo.InvariantCulture);
            total += written;
        }

        return total;
    }

    [Benchmark]
    public int Ryu()
    {
        var total = 0;
        foreach (var value in _values) total += ShortestDouble.Format(value, _buffer);
        return total;
    }
}
