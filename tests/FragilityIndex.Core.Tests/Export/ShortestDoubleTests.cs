using System.Globalization;
using System.Text;
using FragilityIndex.Export;

namespace FragilityIndex.Tests.Export;

/// <summary>
/// The hand-written shortest form against .NET's own <c>ToString("R")</c>, the text the CSV had before it: the same text
/// wherever .NET's reads back as the same double; where .NET's does not (exact powers of two with a nearer lower
/// neighbour), a text that does, no longer than 17 digits.
/// </summary>
public sealed class ShortestDoubleTests
{
    private static string Ours(double value)
    {
        Span<byte> buffer = stackalloc byte[ShortestDouble.MaxLength];
        return Encoding.ASCII.GetString(buffer[..ShortestDouble.Format(value, buffer)]);
    }

    private static string Theirs(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void AssertSame(IEnumerable<double> values)
    {
        var checkedCount = 0;
        var differing = new List<string>();
        foreach (var value in values)
        {
            checkedCount++;
            var (ours, theirs) = (Ours(value), Theirs(value));
            if (ours == theirs) continue;
            var theirsReadsBack = double.Parse(theirs, CultureInfo.InvariantCulture).Equals(value);
            var oursReadsBack = double.Parse(ours, CultureInfo.InvariantCulture).Equals(value);
            if ((theirsReadsBack || !oursReadsBack) && differing.Count < 10) differing.Add($"{BitConverter.DoubleToInt64Bits(value):X16}: {ours} instead of {theirs}");
        }

        Assert.True(differing.Count == 0, $"{differing.Count}+ of {checkedCount} differ: {string.Join("; ", differing)}");
    }

    [Fact]
    public void EdgeValues_AreWrittenAsDotNetWritesThem()
    {
        var values = new List<double>
        {
            -0.0, Math.ScaleB(1.0, -25), double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072014E-308, 2.2250738585072009E-308,
            0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 1e15, 1e15 - 1, 1e15 + 2, 1e16, 123456789012345.6, 1e-5, 1e-4, 0.00012345, 9.9999e-5,
            1e21, 1e22, 1e23, 5e-324, 9007199254740993, 4.35, 0.000001, 1.7976931348623157e308, 108.370903906, 100, 99.99999999999999,
        };
        for (var e = -324; e <= 308; e++)
        {
            values.Add(double.Parse($"1e{e}", CultureInfo.InvariantCulture));
            values.Add(double.Parse($"9.87654321e{e}", CultureInfo.InvariantCulture));
        }

        for (var e = -1074; e <= 1023; e++) values.Add(Math.ScaleB(1.0, e));
        AssertSame(values.Where(double.IsFinite));
    }

    [Fact]
    public void RandomBitPatterns_AreWrittenAsDotNetWritesThem()
    {
        var random = new Random(20261201);
        AssertSame(Enumerable.Range(0, 2_000_000).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue))).Where(double.IsFinite));
    }

    // What score tables hold: base-100 scores, shares, ratios, ranks over ten thousand, and values read from files
    // with a few decimals.
    [Fact]
    public void ScoreLikeValues_AreWrittenAsDotNetWritesThem()
    {
        var random = new Random(69);
        AssertSame(Enumerable.Range(0, 1_000_000).Select(i => (i % 4) switch
        {
            0 => random.NextDouble() * 200,
            1 => random.NextDouble(),
            2 => Math.Round(random.NextDouble() * 1000, random.Next(0, 10)),
            _ => random.Next(1, 50_000) / (double)random.Next(1, 50_000),
        }));
    }

    [Fact]
    public void NonFiniteValues_AreWrittenAsDotNetWritesThem() =>
        AssertSame([double.NaN, double.PositiveInfinity, double.NegativeInfinity]);
}
