namespace FragilityIndex.Export.Maps;

/// <summary>How a choropleth cuts its values into classes.</summary>
internal enum ClassMethod
{
    /// <summary>The same number of territories in each class.</summary>
    Quantiles,

    /// <summary>Jenks natural breaks (Fisher's exact optimal partition): least squared deviation within the classes.</summary>
    Jenks,
}

/// <summary>
/// The class bounds of a choropleth: <c>k + 1</c> ascending values, the first the minimum and the last the maximum of
/// the finite values; class i holds the values in (bounds[i], bounds[i+1]], the first class also its lower bound.
/// Fewer classes come out when the values have fewer distinct values than classes asked for.
/// </summary>
internal static class ClassBreaks
{
    /// <summary>Above this many values, Jenks works on this many evenly spaced order statistics (as mapclassify's FisherJenksSampled does).</summary>
    public const int JenksSampleSize = 2_000;

    public static double[] Compute(ReadOnlySpan<double> values, int classes, ClassMethod method)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), "a choropleth needs 2 classes or more");
        var sorted = Finite(values);
        if (sorted.Length == 0) return [];
        var distinct = sorted.Distinct().Count();
        classes = Math.Min(classes, distinct);
        if (classes < 2) return [sorted[0], sorted[^1]];
        return method == ClassMethod.Jenks ? Jenks(sorted, classes) : Quantiles(sorted, classes);
    }

    /// <summary>The class of <paramref name="value"/> (0-based), or −1 when it is missing.</summary>
    public static int ClassOf(double value, ReadOnlySpan<double> bounds)
    {
        if (double.IsNaN(value) || bounds.Length < 2) return -1;
        for (var c = 1; c < bounds.Length - 1; c++)
            if (value <= bounds[c]) return c - 1;
        return bounds.Length - 2;
    }

    private static double[] Finite(ReadOnlySpan<double> values)
    {
        var finite = new List<double>(values.Length);
        foreach (var value in values) if (double.IsFinite(value)) finite.Add(value);
        var sorted = finite.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    // Bounds at the i/k quantiles, interpolated between order statistics (R's type 7, numpy's default). Equal bounds
    // (many ties) are merged, so every class is non-empty.
    private static double[] Quantiles(double[] sorted, int classes)
    {
        var bounds = new List<double> { sorted[0] };
        for (var i = 1; i < classes; i++)
        {
            var h = (sorted.Length - 1) * (double)i / classes;
            var low = (int)Math.Floor(h);
            var q = sorted[low] + (h - low) * (sorted[Math.Min(low + 1, sorted.Length - 1)] - sorted[low]);
            if (q > bounds[^1] && q < sorted[^1]) bounds.Add(q);
        }

        bounds.Add(sorted[^1]);
        return [.. bounds];
    }

    // Fisher (1958) / Jenks: dynamic programming over the sorted values, O(k·n²). Class bounds are the largest value of
    // each class, so every bound is a data value.
    private static double[] Jenks(double[] sorted, int classes)
    {
        var data = sorted.Length <= JenksSampleSize ? sorted : Sample(sorted, JenksSampleSize);
        var n = data.Length;
        classes = Math.Min(classes, data.Distinct().Count());
        if (classes < 2) return [sorted[0], sorted[^1]];
        // Prefix sums of x and x² give the squared deviation of any run data[i..j] in O(1).
        var sum = new double[n + 1];
        var squares = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            sum[i + 1] = sum[i] + data[i];
            squares[i + 1] = squares[i] + data[i] * data[i];
        }

        double Deviation(int from, int to)
        {
            var count = to - from;
            var s = sum[to] - sum[from];
            return squares[to] - squares[from] - s * s / count;
        }

        // cost[c][j]: least total deviation of data[0..j) in c+1 classes; start[c][j]: where its last class starts.
        var cost = new double[classes][];
        var start = new int[classes][];
        cost[0] = new double[n + 1];
        start[0] = new int[n + 1];
        for (var j = 1; j <= n; j++) cost[0][j] = Deviation(0, j);
        for (var c = 1; c < classes; c++)
        {
            cost[c] = new double[n + 1];
            start[c] = new int[n + 1];
            for (var j = c + 1; j <= n; j++)
            {
                var best = double.PositiveInfinity;
                var bestStart = c;
                for (var i = c; i < j; i++)
                {
                    // A class may not start inside a run of equal values: the bound would not separate anything.
                    if (data[i] == data[i - 1]) continue;
                    var candidate = cost[c - 1][i] + Deviation(i, j);
                    if (candidate < best)
                    {
                        best = candidate;
                        bestStart = i;
                    }
                }

                cost[c][j] = best;
                start[c][j] = bestStart;
            }
        }

        var bounds = new double[classes + 1];
        bounds[0] = sorted[0];
        bounds[classes] = sorted[^1];
        var end = n;
        for (var c = classes - 1; c >= 1; c--)
        {
            var first = start[c][end];
            bounds[c] = data[first - 1];
            end = first;
        }

        return bounds;
    }

    private static double[] Sample(double[] sorted, int size)
    {
        var sample = new double[size];
        for (var i = 0; i < size; i++) sample[i] = sorted[(int)Math.Round((double)i * (sorted.Length - 1) / (size - 1))];
        return sample;
    }
}
