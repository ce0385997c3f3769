using System.Buffers;

namespace FragilityIndex.Scoring;

/// <summary>
/// Group-by kernels over columns: <c>group[i]</c> is the position of element i's group, in [0, groupCount).
/// Inputs first, destinations last; NaN is missing and is skipped by every statistic.
/// </summary>
internal static class GroupKernels
{
    /// <summary>
    /// Ratio of sums per group: destination[g] = Σ numerator[i] / Σ denominator[i] over the elements i of g for which
    /// <paramref name="counted"/>[i] is true and both values are finite. NaN for a group with no such element or a zero sum of denominators.
    /// </summary>
    public static void RatioOfSums(ReadOnlySpan<double> numerator, ReadOnlySpan<double> denominator, ReadOnlySpan<bool> counted,
        ReadOnlySpan<int> group, Span<double> destination)
    {
        if (numerator.Length != denominator.Length || numerator.Length != group.Length || counted.Length != group.Length)
            throw new ArgumentException("numerator, denominator, counted and group must have the same length");
        var sumNumerator = new double[destination.Length];
        var sumDenominator = new double[destination.Length];
        for (var i = 0; i < group.Length; i++)
        {
            if (!counted[i]) continue;
            double n = numerator[i], d = denominator[i];
            if (!double.IsFinite(n) || !double.IsFinite(d)) continue;
            sumNumerator[group[i]] += n;
            sumDenominator[group[i]] += d;
        }

        for (var g = 0; g < destination.Length; g++)
            destination[g] = sumDenominator[g] == 0 ? double.NaN : sumNumerator[g] / sumDenominator[g];
    }

    /// <summary>Per group: the minimum and maximum of the finite values (NaN, NaN for a group without one).</summary>
    public static void MinMax(ReadOnlySpan<double> values, ReadOnlySpan<int> group, Span<double> minimum, Span<double> maximum)
    {
        minimum.Fill(double.PositiveInfinity);
        maximum.Fill(double.NegativeInfinity);
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsNaN(v)) continue;
            var g = group[i];
            if (v < minimum[g]) minimum[g] = v;
            if (v > maximum[g]) maximum[g] = v;
        }

        for (var g = 0; g < minimum.Length; g++)
        {
            if (double.IsPositiveInfinity(minimum[g])) minimum[g] = maximum[g] = double.NaN;
        }
    }

    /// <summary>
    /// Per group: the mean and the sample standard deviation (n − 1 in the denominator, as R's <c>sd</c>) of the finite values,
    /// by the two-pass formula. NaN for a group with fewer than two values (its mean is still given when it has one).
    /// </summary>
    public static void MeanAndStandardDeviation(ReadOnlySpan<double> values, ReadOnlySpan<int> group, Span<double> mean, Span<double> deviation)
    {
        var count = new int[mean.Length];
        mean.Clear();
        deviation.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i])) continue;
            mean[group[i]] += values[i];
            count[group[i]]++;
        }

        for (var g = 0; g < mean.Length; g++) mean[g] = count[g] == 0 ? double.NaN : mean[g] / count[g];
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i])) continue;
            var d = values[i] - mean[group[i]];
            deviation[group[i]] += d * d;
        }

        for (var g = 0; g < deviation.Length; g++) deviation[g] = count[g] < 2 ? double.NaN : Math.Sqrt(deviation[g] / (count[g] - 1));
    }

    /// <summary>
    /// Ranks within groups. For each finite value: <paramref name="ascendingRank"/> = 1 + the number of values of its group
    /// strictly below it (ties share the lowest rank, as R's <c>rank(ties.method = "min")</c>);
    /// <paramref name="descendingRank"/> = 1 + the number strictly above it (1 = the highest value); <paramref name="groupCount"/> =
    /// the number of finite values in its group. NaN values get NaN ranks and count.
    /// </summary>
    /// <remarks>
    /// One primitive sort of the values (the runtime's introsort on doubles, far faster than a comparison delegate), then a
    /// stable counting sort by group, so the cost is one O(n log n) sort plus O(n + groups) whatever the number of groups.
    /// </remarks>
    public static void Ranks(ReadOnlySpan<double> values, ReadOnlySpan<int> group, Span<double> ascendingRank, Span<double> descendingRank, Span<double> groupCount)
    {
        var keys = ArrayPool<double>.Shared.Rent(values.Length);
        var items = ArrayPool<int>.Shared.Rent(values.Length);
        try
        {
            var finite = AscendingOrder(values, keys, items);
            Ranks(values, items.AsSpan(0, finite), group, ascendingRank, descendingRank, groupCount);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(items);
        }
    }

    /// <summary>
    /// Puts in <paramref name="sortedItems"/> the positions of the finite values, in ascending order of value (NaN left
    /// out), and returns how many there are; <paramref name="sortedValues"/> is the sort's room for the values. Both
    /// are at least as long as <paramref name="values"/>: borrowed by the caller, as the order lives for one step.
    /// </summary>
    public static int AscendingOrder(ReadOnlySpan<double> values, Span<double> sortedValues, Span<int> sortedItems)
    {
        var finite = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i])) continue;
            sortedValues[finite] = values[i];
            sortedItems[finite++] = i;
        }

        sortedValues[..finite].Sort(sortedItems[..finite]);
        return finite;
    }

    /// <summary>
    /// <see cref="Ranks(ReadOnlySpan{double}, ReadOnlySpan{int}, Span{double}, Span{double}, Span{double})"/> from an order
    /// already computed by <see cref="AscendingOrder"/>, so that ranks within several groupings share one sort.
    /// </summary>
    public static void Ranks(ReadOnlySpan<double> values, ReadOnlySpan<int> sortedItems, ReadOnlySpan<int> group, Span<double> ascendingRank, Span<double> descendingRank, Span<double> groupCount)
    {
        var finite = sortedItems.Length;
        var groups = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (group[i] >= groups) groups = group[i] + 1;
            if (double.IsNaN(values[i])) ascendingRank[i] = descendingRank[i] = groupCount[i] = double.NaN;
        }

        // Stable counting sort by group keeps each group's members in ascending order of value.
        var start = new int[groups + 1];
        foreach (var item in sortedItems) start[group[item] + 1]++;
        for (var g = 0; g < groups; g++) start[g + 1] += start[g];
        var next = (int[])start.Clone();
        var orders = ArrayPool<int>.Shared.Rent(finite);
        try
        {
            var order = orders.AsSpan(0, finite);
            foreach (var item in sortedItems) order[next[group[item]]++] = item;

            for (var g = 0; g < groups; g++)
            {
                int first = start[g], end = start[g + 1], n = end - first;
                var tie = first;
                while (tie < end)
                {
                    var tieEnd = tie + 1;
                    var v = values[order[tie]];
                    while (tieEnd < end && values[order[tieEnd]] == v) tieEnd++;
                    for (var k = tie; k < tieEnd; k++)
                    {
                        var i = order[k];
                        ascendingRank[i] = tie - first + 1;
                        descendingRank[i] = n - (tieEnd - first) + 1;
                        groupCount[i] = n;
                    }

                    tie = tieEnd;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(orders);
        }
    }

    /// <summary>
    /// Class from the empirical distribution: ⌈classes × c / n⌉, c the units of the group whose value is at most the
    /// unit's (n − descending rank + 1), in [1, classes]; ties share the upper class (ten units at 0 of which five
    /// are 0: all five are in class 5). Worked in integers, so a boundary is never missed by rounding. NaN in, NaN out.
    /// </summary>
    public static void CumulativeClass(ReadOnlySpan<double> descendingRank, ReadOnlySpan<double> groupCount, int classes, Span<double> destination)
    {
        for (var i = 0; i < descendingRank.Length; i++)
        {
            if (double.IsNaN(descendingRank[i]))
            {
                destination[i] = double.NaN;
                continue;
            }

            var n = (long)groupCount[i];
            destination[i] = CumulativeClassOf(n - (long)descendingRank[i] + 1, n, classes);
        }
    }

    /// <summary>⌈classes × atMost / n⌉ in integers: the class of a value that <paramref name="atMost"/> of <paramref name="n"/> values do not exceed.</summary>
    public static long CumulativeClassOf(long atMost, long n, int classes) => (classes * atMost + n - 1) / n;

    /// <summary>
    /// Quantile class from an ascending rank: 1 + ⌊classes × (rank − 1) / n⌋, in [1, classes]; ties share a class.
    /// With 10 classes this is the decile, 10 holding the highest values. NaN in, NaN out.
    /// </summary>
    public static void QuantileClass(ReadOnlySpan<double> ascendingRank, ReadOnlySpan<double> groupCount, int classes, Span<double> destination)
    {
        for (var i = 0; i < ascendingRank.Length; i++)
            destination[i] = double.IsNaN(ascendingRank[i]) ? double.NaN : 1 + Math.Floor(classes * (ascendingRank[i] - 1) / groupCount[i]);
    }
}
