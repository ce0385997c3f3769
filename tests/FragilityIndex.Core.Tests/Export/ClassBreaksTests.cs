using FragilityIndex.Export.Maps;

namespace FragilityIndex.Tests.Export;

/// <summary>Choropleth classes: quantiles worked out by hand, Jenks against an exhaustive search.</summary>
public sealed class ClassBreaksTests
{
    [Fact]
    public void Quantiles_OfOneToTen_InterpolateLikeRType7()
    {
        // h = (n − 1)·i/k = 1.8, 3.6, 5.4, 7.2 → 2.8, 4.6, 6.4, 8.2 (numpy.quantile gives the same).
        var bounds = ClassBreaks.Compute([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, double.NaN], 5, ClassMethod.Quantiles);
        Assert.Equal(new[] { 1, 2.8, 4.6, 6.4, 8.2, 10 }, bounds, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Jenks_FindsObviousClusters()
    {
        var bounds = ClassBreaks.Compute([21, 1, 12, 2, 20, 3, 10, 11, 22], 3, ClassMethod.Jenks);
        Assert.Equal(new double[] { 1, 3, 12, 22 }, bounds);
    }

    [Fact]
    public void Jenks_MatchesAnExhaustiveSearchForTheLeastSquaredDeviation()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 24).Select(_ => Math.Round(Math.Exp(random.NextDouble() * 4), 3)).ToArray();
        var sorted = values.Order().ToArray();
        const int classes = 4;

        // Every way of cutting 24 sorted values into 4 runs: C(23, 3) = 1,771 candidates.
        var best = double.PositiveInfinity;
        double[] expected = [];
        for (var a = 1; a < sorted.Length; a++)
            for (var b = a + 1; b < sorted.Length; b++)
                for (var c = b + 1; c < sorted.Length; c++)
                {
                    var deviation = Deviation(sorted[..a]) + Deviation(sorted[a..b]) + Deviation(sorted[b..c]) + Deviation(sorted[c..]);
                    if (deviation < best - 1e-9)
                    {
                        best = deviation;
                        expected = [sorted[0], sorted[a - 1], sorted[b - 1], sorted[c - 1], sorted[^1]];
                    }
                }

        Assert.Equal(expected, ClassBreaks.Compute(values, classes, ClassMethod.Jenks));
    }

    [Fact]
    public void Jenks_OnManyValues_WorksOnASampleAndBeatsQuantilesOnVarianceFit()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 20_000).Select(_ => 50 + 30 * Math.Pow(random.NextDouble(), 3) + (random.NextDouble() < 0.1 ? 100 : 0)).ToArray();
        var jenks = ClassBreaks.Compute(values, 5, ClassMethod.Jenks);
        var quantiles = ClassBreaks.Compute(values, 5, ClassMethod.Quantiles);
        Assert.Equal(6, jenks.Length);
        Assert.Equal(values.Min(), jenks[0]);
        Assert.Equal(values.Max(), jenks[^1]);
        Assert.True(jenks.Zip(jenks.Skip(1)).All(p => p.First < p.Second));
        Assert.True(Fit(values, jenks) > Fit(values, quantiles), $"{Fit(values, jenks)} vs {Fit(values, quantiles)}");
    }

    [Fact]
    public void FewerDistinctValuesThanClasses_GiveFewerClasses()
    {
        // Three distinct values, three classes: {1, 1}, {2, 2}, {3, 3, 3}; the bounds are the minimum, then each class's largest value.
        Assert.Equal(new double[] { 1, 1, 2, 3 }, ClassBreaks.Compute([1, 1, 2, 2, 3, 3, 3], 5, ClassMethod.Jenks));
        // Quantiles fall on tied values (q1/3 = 2, q2/3 = 3 = the maximum): two classes, {1, 1, 2, 2} and {3, 3, 3}.
        Assert.Equal(new double[] { 1, 2, 3 }, ClassBreaks.Compute([1, 1, 2, 2, 3, 3, 3], 3, ClassMethod.Quantiles));
        Assert.Equal(new double[] { 4, 4 }, ClassBreaks.Compute([4, 4, 4], 5, ClassMethod.Quantiles));
        Assert.Empty(ClassBreaks.Compute([double.NaN], 5, ClassMethod.Quantiles));
    }

    [Fact]
    public void ClassOf_PutsABoundInTheLowerClass()
    {
        double[] bounds = [1, 3, 12, 22];
        Assert.Equal(0, ClassBreaks.ClassOf(1, bounds));
        Assert.Equal(0, ClassBreaks.ClassOf(3, bounds));
        Assert.Equal(1, ClassBreaks.ClassOf(3.01, bounds));
        Assert.Equal(2, ClassBreaks.ClassOf(22, bounds));
        Assert.Equal(-1, ClassBreaks.ClassOf(double.NaN, bounds));
    }

    private static double Deviation(double[] run)
    {
        var mean = run.Average();
        return run.Sum(v => (v - mean) * (v - mean));
    }

    // Goodness of variance fit: 1 − (squared deviation within classes) / (squared deviation of all values).
    private static double Fit(double[] values, double[] bounds)
    {
        var classes = values.GroupBy(v => ClassBreaks.ClassOf(v, bounds)).Select(g => Deviation([.. g])).Sum();
        return 1 - classes / Deviation(values);
    }
}
