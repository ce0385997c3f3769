using FragilityIndex.Scoring;

namespace FragilityIndex.Tests.Scoring;

/// <summary>The group kernels against plain loops on seeded random data, with ties, NaN and every awkward length.</summary>
public sealed class GroupKernelsTests
{
    public static TheoryData<int> Lengths => [0, 1, 7, 8, 9, 31, 33, 1000];

    private static (double[] Values, int[] Group, int Groups) RandomData(int length, int seed)
    {
        var random = new Random(seed);
        var groups = Math.Max(1, length / 10);
        var values = new double[length];
        var group = new int[length];
        for (var i = 0; i < length; i++)
        {
            // Few distinct values so that ties occur; one in ten missing.
            values[i] = random.Next(10) == 0 ? double.NaN : Math.Round(random.NextDouble() * 20) / 2;
            group[i] = random.Next(groups);
        }

        return (values, group, groups);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Ranks_RandomData_MatchCountingLoop(int length)
    {
        var (values, group, _) = RandomData(length, 42 + length);
        var ascending = new double[length];
        var descending = new double[length];
        var count = new double[length];
        GroupKernels.Ranks(values, group, ascending, descending, count);
        for (var i = 0; i < length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                Assert.True(double.IsNaN(ascending[i]) && double.IsNaN(descending[i]));
                continue;
            }

            int below = 0, above = 0, n = 0;
            for (var j = 0; j < length; j++)
            {
                if (group[j] != group[i] || double.IsNaN(values[j])) continue;
                n++;
                if (values[j] < values[i]) below++;
                if (values[j] > values[i]) above++;
            }

            Assert.Equal(below + 1, ascending[i]);
            Assert.Equal(above + 1, descending[i]);
            Assert.Equal(n, count[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RatioOfSums_RandomData_MatchesLoop(int length)
    {
        var (numerator, group, groups) = RandomData(length, 7 + length);
        var (denominator, _, _) = RandomData(length, 99 + length);
        var counted = numerator.Select((_, i) => i % 3 != 0).ToArray();
        var result = new double[groups];
        GroupKernels.RatioOfSums(numerator, denominator, counted, group, result);
        for (var g = 0; g < groups; g++)
        {
            double n = 0, d = 0;
            for (var i = 0; i < length; i++)
            {
                if (group[i] == g && counted[i] && !double.IsNaN(numerator[i]) && !double.IsNaN(denominator[i]))
                {
                    n += numerator[i];
                    d += denominator[i];
                }
            }

            Assert.Equal(d == 0 ? double.NaN : n / d, result[g]);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MeanAndStandardDeviation_RandomData_MatchesTextbookFormula(int length)
    {
        var (values, group, groups) = RandomData(length, 3 + length);
        var mean = new double[groups];
        var deviation = new double[groups];
        GroupKernels.MeanAndStandardDeviation(values, group, mean, deviation);
        for (var g = 0; g < groups; g++)
        {
            var members = values.Where((v, i) => group[i] == g && !double.IsNaN(v)).ToArray();
            if (members.Length == 0)
            {
                Assert.True(double.IsNaN(mean[g]));
                continue;
            }

            var expectedMean = members.Sum() / members.Length;
            Assert.Equal(expectedMean, mean[g], 12);
            if (members.Length < 2) Assert.True(double.IsNaN(deviation[g]));
            else Assert.Equal(Math.Sqrt(members.Sum(v => (v - expectedMean) * (v - expectedMean)) / (members.Length - 1)), deviation[g], 12);
        }
    }

    [Fact]
    public void QuantileClass_TenDistinctValues_GivesOneToTen()
    {
        double[] ranks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var counts = Enumerable.Repeat(10.0, 10).ToArray();
        var classes = new double[10];
        GroupKernels.QuantileClass(ranks, counts, 10, classes);
        Assert.Equal(ranks, classes);
    }

    // ⌈10 c / n⌉ worked by hand: five units tied at the lowest value all take class 5 (c = 5 of 10), never lower;
    // fifteen distinct values give 1, 2, 2, 3, 4, 4, 5, 6, 6, 7, 8, 8, 9, 10, 10 (the rank rule gives 1 for c = 2).
    [Fact]
    public void CumulativeClass_TiesTakeTheUpperClass()
    {
        double[] values = [0, 0, 0, 0, 0, 1, 2, 3, 4, 5];
        var classes = CumulativeClasses(values, 10);
        Assert.Equal([5, 5, 5, 5, 5, 6, 7, 8, 9, 10], classes);

        var fifteen = CumulativeClasses(Enumerable.Range(1, 15).Select(i => (double)i).ToArray(), 10);
        Assert.Equal([1, 2, 2, 3, 4, 4, 5, 6, 6, 7, 8, 8, 9, 10, 10], fifteen);
        Assert.Equal([double.NaN, 10, 5], CumulativeClasses([double.NaN, 7, 3], 10));
    }

    private static double[] CumulativeClasses(double[] values, int classes)
    {
        var group = new int[values.Length];
        var (ascending, descending, counts) = (new double[values.Length], new double[values.Length], new double[values.Length]);
        GroupKernels.Ranks(values, group, ascending, descending, counts);
        var result = new double[values.Length];
        GroupKernels.CumulativeClass(descending, counts, classes, result);
        return result;
    }

    [Fact]
    public void MinMax_AllMissingGroup_IsNaN()
    {
        double[] values = [double.NaN, 3, 5];
        int[] group = [0, 1, 1];
        var minimum = new double[2];
        var maximum = new double[2];
        GroupKernels.MinMax(values, group, minimum, maximum);
        Assert.True(double.IsNaN(minimum[0]) && double.IsNaN(maximum[0]));
        Assert.Equal(3, minimum[1]);
        Assert.Equal(5, maximum[1]);
    }
}
