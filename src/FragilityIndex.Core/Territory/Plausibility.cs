using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Territory;

/// <summary>
/// What the numbers of a source must be for what the definition makes of them: the counts of a share are never
/// negative and, in one row of one file, the part never exceeds the whole; an indicator that no unit can fill is an
/// error, not a column of empty scores. A file that breaks these rules is refused naming the line: its scores would be
/// numbers, but wrong ones.
/// </summary>
internal static class Plausibility
{
    /// <summary>Checks the rows of a share's source: numerator and denominator ≥ 0, and numerator ≤ denominator when both come from the same row.</summary>
    /// <exception cref="FragilityException">A row breaks a rule; the message names the file, line and column.</exception>
    public static void CheckShare(IndicatorDefinition indicator, SourceTable numeratorTable, string numerator, SourceTable denominatorTable, string denominator)
    {
        var top = Formula(numeratorTable, numerator);
        var bottom = Formula(denominatorTable, denominator);
        CheckCounts(indicator, numeratorTable, numerator, top, "numerator");
        CheckCounts(indicator, denominatorTable, denominator, bottom, "denominator");
        if (!ReferenceEquals(numeratorTable, denominatorTable)) return;
        for (var r = 0; r < top.Length; r++)
        {
            // A part larger than its whole, beyond the rounding of INSEE's weighted estimates.
            if (top[r] > bottom[r] * (1 + 1e-6) + 1e-6)
                throw FragilityException.InFile(numeratorTable.FileName, numeratorTable.LineNumbers[r], numerator,
                    $"indicator '{indicator.Id}': the numerator ({top[r]}) exceeds the denominator '{denominator}' ({bottom[r]}): a share cannot pass 100 %");
        }
    }

    /// <summary>Checks a value indicator's rows against the range its definition declares (<c>valueRange</c>).</summary>
    public static void CheckValueRange(IndicatorDefinition indicator, SourceTable table, string column)
    {
        if (indicator.ValueRange is not [var low, var high]) return;
        var values = Formula(table, column);
        for (var r = 0; r < values.Length; r++)
        {
            if (values[r] < low || values[r] > high)
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], column,
                    $"indicator '{indicator.Id}': {values[r]} is outside its declared range {low} to {high} (valueRange): is it a percentage where a share is expected, or the wrong column?");
        }
    }

    /// <summary>Checks that a population column holds no negative count.</summary>
    public static void CheckPopulation(SourceTable table, string column)
    {
        var values = Formula(table, column);
        for (var r = 0; r < values.Length; r++)
        {
            if (values[r] < 0)
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], column, $"a population cannot be negative, found {values[r]}");
        }
    }

    /// <summary>Refuses an indicator no unit has a value for, or whose denominators are all zero.</summary>
    public static void CheckFilled(IndicatorData data, IndicatorDefinition indicator, string fileName)
    {
        var values = data.Values;
        if (values.Length == 0 || values.Any(v => !double.IsNaN(v))) return;
        var zeroDenominators = data.RollupDenominator.All(d => d == 0);
        throw new FragilityException(FailureKind.BadData, zeroDenominators
            ? $"{fileName}: indicator '{indicator.Id}': every denominator is 0 in source '{indicator.DenominatorSource ?? indicator.Source}': no unit can have a value"
            : $"{fileName}: indicator '{indicator.Id}': no unit has a value (source '{indicator.Source}'): do its rows match the units, and are its columns filled? (turn it off with \"enabled\": false)");
    }

    private static void CheckCounts(IndicatorDefinition indicator, SourceTable table, string formula, double[] values, string role)
    {
        for (var r = 0; r < values.Length; r++)
        {
            if (values[r] < 0)
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], formula,
                    $"indicator '{indicator.Id}': its {role} is a count and cannot be negative, found {values[r]}");
        }
    }

    // The formula's value on every row of the table (a + b - c), NaN where a term is missing.
    private static double[] Formula(SourceTable table, string formula)
    {
        var result = new double[table.RowCount];
        foreach (var (column, sign) in Definition.Formula.SignedTerms(formula))
        {
            var values = table.Numbers[column];
            for (var r = 0; r < result.Length; r++) result[r] += sign * values[r];
        }

        return result;
    }
}
