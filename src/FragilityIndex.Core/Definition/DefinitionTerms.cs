namespace FragilityIndex.Definition;

/// <summary>How indicators are brought to a common scale (the definition's <c>normalization.method</c>).</summary>
internal enum NormalizationMethod
{
    /// <summary>Base 100: 100 × value / reference value (La MedNum's method).</summary>
    Ratio,

    /// <summary>(x − min) / (max − min) onto a range.</summary>
    MinMax,

    /// <summary>(x − mean) / standard deviation.</summary>
    ZScore,

    /// <summary>Rank within the reference territory, ties taking the lowest rank.</summary>
    Rank,

    /// <summary>100 × (rank − 1) / (n − 1).</summary>
    Percentile,

    /// <summary>Quantile classes 1..k.</summary>
    Classes,

    /// <summary>The value as it is: a score already on the index's scale (a published 1–10 score).</summary>
    None,
}

/// <summary>How the levels above the units get their indicators' scores (<c>normalization.rollUp</c>).</summary>
internal enum ScoreRollUp
{
    /// <summary>Each level's values are ratios of sums of its units' counts, normalised at that level.</summary>
    Values,

    /// <summary>Each level's scores are the population-weighted means of its units' scores (La MedNum 2023).</summary>
    Scores,
}

/// <summary>How the classes method turns a unit's place in its reference territory into a class (<c>normalization.classRule</c>).</summary>
internal enum ClassRule
{
    /// <summary>1 + ⌊k (r − 1) / n⌋, r the unit's rank (ties taking the lowest): ties share the lower class.</summary>
    Rank,

    /// <summary>⌈k F(x)⌉, F(x) the share of units whose value is at most x: ties share the upper class (La MedNum 2023, as its files show).</summary>
    Cdf,
}

/// <summary>Whether a higher value of an indicator means more fragile.</summary>
internal enum Polarity
{
    HigherIsMoreFragile,
    LowerIsMoreFragile,
}

/// <summary>What a missing value of an indicator becomes.</summary>
internal enum MissingPolicy
{
    /// <summary>The unit stays missing for the indicator and its node spreads the weight over the other children.</summary>
    Redistribute,

    /// <summary>The value of the smallest parent territory that has one.</summary>
    ImputeParent,

    /// <summary>A score of 0.</summary>
    Zero,

    /// <summary>The run stops, naming the unit.</summary>
    Fail,
}

/// <summary>How a node combines its children.</summary>
internal enum Aggregation
{
    /// <summary>Weighted arithmetic mean.</summary>
    Arithmetic,

    /// <summary>Weighted geometric mean.</summary>
    Geometric,
}

/// <summary>Where the reference values of the ratio method come from.</summary>
internal enum ReferenceValueSource
{
    /// <summary>Ratios of sums over the reference territory.</summary>
    Computed,

    /// <summary>Each indicator's <c>referenceColumns</c>.</summary>
    Columns,
}

/// <summary>How the ratio method turns a lower-is-more-fragile indicator around.</summary>
internal enum Reversal
{
    /// <summary>Bounded shares: 100 × (H − x) / (H − ref); amounts: 100 × ref / x. Never negative.</summary>
    Inverse,

    /// <summary>200 − 100 × x / ref (La MedNum 2019): negative beyond twice the reference.</summary>
    Mirror,
}

/// <summary>
/// The closed set of indicator kinds. Each reads different columns: a share a numerator and a denominator, a value one
/// column, the three kinds of points the places of point sources, a post-stratified estimate a rates table and the
/// census columns of its groups.
/// </summary>
internal enum IndicatorKind
{
    /// <summary>numerator / denominator, rolled up as a ratio of sums.</summary>
    Share,

    /// <summary>One column, rolled up as a weighted mean.</summary>
    Value,

    /// <summary>Points inside the unit, per inhabitant.</summary>
    PointsCount,

    /// <summary>Kilometres from the unit to the nearest point.</summary>
    PointsDistance,

    /// <summary>A column of the points inside the unit, summed, per inhabitant.</summary>
    PointsSum,

    /// <summary>National rates by group applied to the unit's population structure.</summary>
    Poststratified,
}

/// <summary>
/// The words of definition files for each choice, in one place: parsing, messages and run.json use these tables, so a
/// word the engine does not know can never be taken for another.
/// </summary>
internal static class DefinitionTerms
{
    public static readonly IReadOnlyDictionary<string, NormalizationMethod> Methods = new Dictionary<string, NormalizationMethod>(StringComparer.Ordinal)
    {
        ["ratio"] = NormalizationMethod.Ratio,
        ["min-max"] = NormalizationMethod.MinMax,
        ["z-score"] = NormalizationMethod.ZScore,
        ["rank"] = NormalizationMethod.Rank,
        ["percentile"] = NormalizationMethod.Percentile,
        ["classes"] = NormalizationMethod.Classes,
        ["none"] = NormalizationMethod.None,
    };

    public static readonly IReadOnlyDictionary<string, ScoreRollUp> RollUps = new Dictionary<string, ScoreRollUp>(StringComparer.Ordinal)
    {
        ["values"] = ScoreRollUp.Values,
        ["scores"] = ScoreRollUp.Scores,
    };

    public static readonly IReadOnlyDictionary<string, ClassRule> ClassRules = new Dictionary<string, ClassRule>(StringComparer.Ordinal)
    {
        ["rank"] = ClassRule.Rank,
        ["cdf"] = ClassRule.Cdf,
    };

    public static readonly IReadOnlyDictionary<string, Polarity> Polarities = new Dictionary<string, Polarity>(StringComparer.Ordinal)
    {
        ["higher-is-more-fragile"] = Polarity.HigherIsMoreFragile,
        ["lower-is-more-fragile"] = Polarity.LowerIsMoreFragile,
    };

    public static readonly IReadOnlyDictionary<string, MissingPolicy> MissingPolicies = new Dictionary<string, MissingPolicy>(StringComparer.Ordinal)
    {
        ["redistribute"] = MissingPolicy.Redistribute,
        ["impute-parent"] = MissingPolicy.ImputeParent,
        ["zero"] = MissingPolicy.Zero,
        ["fail"] = MissingPolicy.Fail,
    };

    public static readonly IReadOnlyDictionary<string, Aggregation> Aggregations = new Dictionary<string, Aggregation>(StringComparer.Ordinal)
    {
        ["arithmetic"] = Aggregation.Arithmetic,
        ["geometric"] = Aggregation.Geometric,
    };

    public static readonly IReadOnlyDictionary<string, ReferenceValueSource> ReferenceValues = new Dictionary<string, ReferenceValueSource>(StringComparer.Ordinal)
    {
        ["computed"] = ReferenceValueSource.Computed,
        ["columns"] = ReferenceValueSource.Columns,
    };

    public static readonly IReadOnlyDictionary<string, Reversal> Reversals = new Dictionary<string, Reversal>(StringComparer.Ordinal)
    {
        ["inverse"] = Reversal.Inverse,
        ["mirror"] = Reversal.Mirror,
    };

    public static readonly IReadOnlyDictionary<string, IndicatorKind> Measures = new Dictionary<string, IndicatorKind>(StringComparer.Ordinal)
    {
        ["count"] = IndicatorKind.PointsCount,
        ["distance"] = IndicatorKind.PointsDistance,
        ["sum"] = IndicatorKind.PointsSum,
    };

    /// <summary>The words of a table, for "expected a, b or c".</summary>
    public static string Expected<T>(IReadOnlyDictionary<string, T> table) => string.Join(", ", table.Keys);

    /// <summary>The word for a value of a table (for messages and maps).</summary>
    public static string Name<T>(IReadOnlyDictionary<string, T> table, T value) where T : struct, Enum =>
        table.First(kv => EqualityComparer<T>.Default.Equals(kv.Value, value)).Key;

    /// <summary>
    /// The kind of an indicator, from the members it gives; null when it gives none or several kinds' members (the
    /// validator says which). The one place where an indicator's kind is worked out.
    /// </summary>
    public static IndicatorKind? KindOf(IndicatorDefinition indicator)
    {
        var isPoints = indicator.Points is not null;
        var isShare = indicator.Numerator is not null || indicator.Denominator is not null;
        var isValue = indicator.Value is not null && !isPoints;
        var isPost = indicator.Poststratification is not null;
        if ((isPoints ? 1 : 0) + (isShare ? 1 : 0) + (isValue ? 1 : 0) + (isPost ? 1 : 0) != 1) return null;
        if (isPoints) return indicator.Measure is { } measure && Measures.TryGetValue(measure, out var kind) ? kind : null;
        if (isPost) return IndicatorKind.Poststratified;
        return isShare ? IndicatorKind.Share : IndicatorKind.Value;
    }
}
