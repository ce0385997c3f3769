namespace FragilityIndex.Definition;

/// <summary>
/// The formulas of a definition's numerators, denominators and populations: columns joined by " + " and " - "
/// (spaces around the operator, so that a column name may hold a hyphen).
/// </summary>
internal static class Formula
{
    /// <summary>
    /// The columns of a formula: one column name, or several joined by " + " and " - " (the Arcep export splits premises
    /// into speed classes, so "≥ 30 Mbit/s" is elig_thd30 + elig_thd100 + elig_thd1g; people aged 30–64 are
    /// P16_POP - P16_POP1529 - P16_POP65P minus the under-15s…).
    /// </summary>
    public static IEnumerable<string> Terms(string? formula) => SignedTerms(formula).Select(t => t.Column);

    /// <summary>The terms of a formula with their signs.</summary>
    public static IEnumerable<(string Column, double Sign)> SignedTerms(string? formula)
    {
        if (formula is null) yield break;
        var sign = 1.0;
        var start = 0;
        for (var i = 0; i <= formula.Length; i++)
        {
            var atOperator = i + 2 < formula.Length && formula[i] == ' ' && (formula[i + 1] == '+' || formula[i + 1] == '-') && formula[i + 2] == ' ';
            if (i < formula.Length && !atOperator) continue;
            var column = formula[start..i].Trim();
            if (column.Length > 0) yield return (column, sign);
            if (i == formula.Length) yield break;
            sign = formula[i + 1] == '+' ? 1 : -1;
            start = i + 3;
            i += 2;
        }
    }
}
