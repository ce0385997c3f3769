namespace FragilityIndex.Territory;

/// <summary>
/// Synthetic estimation of a rate by post-stratification: national rates by group applied to each unit's population
/// structure. With one dimension (age) it is Σ_g (N_g / N) × p_g. The census gives only the margins of several
/// dimensions at IRIS level (age and diploma are not crossed), so with several the cell shares are the products of the
/// margins, i.e. the dimensions are taken as independent within the unit.
/// </summary>
internal static class Poststratification
{
    /// <summary>One dimension: its groups and, per group, the count of people of each unit.</summary>
    public sealed record Dimension(string Name, IReadOnlyList<string> Groups, IReadOnlyList<double[]> Counts);

    /// <summary>
    /// The estimated number of people of each unit in the rated condition, and the base it is a share of (the total of
    /// the first dimension). A unit whose total is 0 or missing in any dimension gets NaN.
    /// </summary>
    public static (double[] Estimated, double[] Base) Estimate(IReadOnlyList<Dimension> dimensions, Func<IReadOnlyList<string>, double> rateOfCell)
    {
        var units = dimensions[0].Counts[0].Length;
        var cells = Cells(dimensions).ToArray();
        var rates = cells.Select(c => rateOfCell(c.Select((g, d) => dimensions[d].Groups[g]).ToArray())).ToArray();
        var estimated = new double[units];
        var bases = new double[units];
        var shares = dimensions.Select(d => new double[d.Groups.Count]).ToArray();
        for (var u = 0; u < units; u++)
        {
            var valid = true;
            for (var d = 0; d < dimensions.Count && valid; d++)
            {
                var total = 0.0;
                for (var g = 0; g < dimensions[d].Groups.Count; g++) total += dimensions[d].Counts[g][u];
                if (!(total > 0)) valid = false;
                for (var g = 0; g < dimensions[d].Groups.Count; g++) shares[d][g] = dimensions[d].Counts[g][u] / total;
                if (d == 0) bases[u] = total;
            }

            if (!valid)
            {
                estimated[u] = double.NaN;
                bases[u] = double.NaN;
                continue;
            }

            var rate = 0.0;
            for (var c = 0; c < cells.Length; c++)
            {
                var share = 1.0;
                for (var d = 0; d < dimensions.Count; d++) share *= shares[d][cells[c][d]];
                rate += share * rates[c];
            }

            estimated[u] = rate * bases[u];
        }

        return (estimated, bases);
    }

    // Every combination of one group per dimension, as group positions.
    private static IEnumerable<int[]> Cells(IReadOnlyList<Dimension> dimensions)
    {
        IEnumerable<int[]> cells = [[]];
        foreach (var dimension in dimensions)
            cells = cells.SelectMany(prefix => Enumerable.Range(0, dimension.Groups.Count).Select(g => (int[])[.. prefix, g])).ToArray();
        return cells;
    }
}
