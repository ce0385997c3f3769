using FragilityIndex.Definition;
using FragilityIndex.Definition.Plan;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Territory;

/// <summary>
/// One indicator's columns over the units, ready for scoring. A share is rolled up to larger territories as a ratio of
/// sums (Σ numerator / Σ denominator); a value as a weighted mean (Σ value·weight / Σ weight). A column keyed at commune
/// level repeats the commune's figures on each of its IRIS, so only one unit per commune (<see cref="CountedOnce"/>) counts
/// in a roll-up.
/// </summary>
internal sealed class IndicatorData
{
    public IndicatorData(PlannedIndicator indicator, double[] values, double[] rollupNumerator, double[] rollupDenominator,
        bool[] countedOnce, double[]? referenceColumn = null)
    {
        if (values.Length != rollupNumerator.Length || values.Length != rollupDenominator.Length || values.Length != countedOnce.Length)
            throw new ArgumentException("every column of an indicator must have one value per unit");
        Indicator = indicator;
        Values = values;
        RollupNumerator = rollupNumerator;
        RollupDenominator = rollupDenominator;
        CountedOnce = countedOnce;
        ReferenceColumn = referenceColumn;
    }

    /// <summary>The indicator, as the plan compiled it.</summary>
    public PlannedIndicator Indicator { get; }

    /// <summary>What the definition says of it.</summary>
    public IndicatorDefinition Definition => Indicator.Definition;

    /// <summary>The raw value of each unit, scale applied; NaN when missing.</summary>
    public double[] Values { get; }

    /// <summary>Per unit, the numerator summed when rolling up (a share's numerator, or value × weight).</summary>
    public double[] RollupNumerator { get; }

    /// <summary>Per unit, the denominator summed when rolling up (a share's denominator, or the weight).</summary>
    public double[] RollupDenominator { get; }

    /// <summary>Per unit, whether its numerator and denominator count in a roll-up (false for the repeats of a commune-level value).</summary>
    public bool[] CountedOnce { get; }

    /// <summary>Per unit, the published reference value of its reference territory, when reference values are read from columns.</summary>
    public double[]? ReferenceColumn { get; }

    /// <summary>
    /// Builds a share: values = scale × numerator / denominator (NaN when the denominator is 0 or either is missing).
    /// </summary>
    /// <remarks>
    /// <paramref name="numeratorFactors"/> and <paramref name="denominatorFactors"/> share out rows that several units
    /// repeat (see <c>SourceJoin.Apportion</c>): they scale what each unit adds to a roll-up, not its own value.
    /// </remarks>
    public static IndicatorData Share(PlannedIndicator indicator, double[] numerator, double[] denominator, bool[] countedOnce, double[]? referenceColumn = null,
        double[]? numeratorFactors = null, double[]? denominatorFactors = null)
    {
        var definition = indicator.Definition;
        var values = new double[numerator.Length];
        System.Numerics.Tensors.TensorPrimitives.Divide(numerator, denominator, values);
        for (var i = 0; i < values.Length; i++)
        {
            // x/0 is ±∞ or NaN: a share of nothing is missing, not infinite.
            if (!double.IsFinite(values[i])) values[i] = double.NaN;
        }

        if (definition.Scale != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(values, definition.Scale, values);
        var scaledNumerator = numerator;
        if (definition.Scale != 1)
        {
            scaledNumerator = new double[numerator.Length];
            System.Numerics.Tensors.TensorPrimitives.Multiply(numerator, definition.Scale, scaledNumerator);
        }

        var rollupNumerator = Times(scaledNumerator, numeratorFactors);
        var rollupDenominator = Times(denominator, denominatorFactors);
        RefuseOverflow(indicator, values, rollupNumerator);
        return new IndicatorData(indicator, values, rollupNumerator, rollupDenominator, countedOnce, referenceColumn);
    }

    private static double[] Times(double[] values, double[]? factors)
    {
        if (factors is null) return values;
        var result = new double[values.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(values, factors, result);
        return result;
    }

    /// <summary>Builds a value indicator: values = scale × value, rolled up as a mean weighted by <paramref name="weight"/>.</summary>
    public static IndicatorData Value(PlannedIndicator indicator, double[] value, double[] weight, bool[] countedOnce, double[]? referenceColumn = null)
    {
        var values = new double[value.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(value, indicator.Definition.Scale, values);
        var numerator = new double[value.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(values, weight, numerator);
        RefuseOverflow(indicator, values, numerator);
        return new IndicatorData(indicator, values, numerator, weight, countedOnce, referenceColumn);
    }

    // Finite inputs times a scale (or a weight) can still overflow: an infinite value would become an empty score or
    // "Infinity" in a file, so it is refused.
    private static void RefuseOverflow(PlannedIndicator indicator, double[] values, double[] rollup)
    {
        for (var u = 0; u < values.Length; u++)
        {
            if (double.IsInfinity(values[u]) || double.IsInfinity(rollup[u]))
                throw new FragilityException(FailureKind.BadData,
                    $"indicator '{indicator.Id}': a value times its scale ({indicator.Definition.Scale}) or its weight overflows: are the scale and the source's numbers of sensible size?");
        }
    }
}
