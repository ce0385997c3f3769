namespace FragilityIndex.Definition.Plan;

/// <summary>
/// A definition compiled once and checked whole: every choice an enum, every indicator of a known kind with its
/// formulas parsed, every node's weights resolved and the nodes in the order they are computed. The ingestion and the
/// scorer take a plan, never a raw definition, so nothing downstream can meet a word it does not know. Only
/// <see cref="DefinitionCompiler"/> makes one.
/// </summary>
internal sealed class IndexPlan
{
    internal IndexPlan(IndexDefinition definition, PlannedNormalization normalization, IReadOnlyList<PlannedIndicator> indicators,
        IReadOnlyList<PlannedNode> nodesInOrder, string global, IReadOnlyList<TerritoryLevel>? levels)
    {
        Definition = definition;
        Normalization = normalization;
        Indicators = indicators;
        NodesInOrder = nodesInOrder;
        Global = global;
        Levels = levels;
    }

    /// <summary>The definition the plan was compiled from, as run.json records it.</summary>
    public IndexDefinition Definition { get; }

    /// <summary>How indicators are normalised.</summary>
    public PlannedNormalization Normalization { get; }

    /// <summary>The indicators, in the definition's order.</summary>
    public IReadOnlyList<PlannedIndicator> Indicators { get; }

    /// <summary>The nodes, children before parents: the order they are computed in.</summary>
    public IReadOnlyList<PlannedNode> NodesInOrder { get; }

    /// <summary>The id of the global node.</summary>
    public string Global { get; }

    /// <summary>The levels the definition asks for, or null for every level the territory has.</summary>
    public IReadOnlyList<TerritoryLevel>? Levels { get; }
}

/// <summary>The normalisation of a plan.</summary>
/// <param name="Method">The method.</param>
/// <param name="Reference">The reference level.</param>
/// <param name="ReferenceValues">For ratio: computed or read from columns.</param>
/// <param name="RangeLow">For min-max: the low end of the target range.</param>
/// <param name="RangeHigh">For min-max: the high end.</param>
/// <param name="Classes">For classes: how many.</param>
/// <param name="Reversal">For ratio: how a lower-is-more-fragile indicator is turned around.</param>
/// <param name="ClassRule">For classes: how a unit's place becomes its class.</param>
/// <param name="RollUp">How the levels above the units get their scores.</param>
internal sealed record PlannedNormalization(NormalizationMethod Method, TerritoryLevel Reference, ReferenceValueSource ReferenceValues,
    double RangeLow, double RangeHigh, int Classes, Reversal Reversal = Reversal.Inverse, ClassRule ClassRule = ClassRule.Rank,
    ScoreRollUp RollUp = ScoreRollUp.Values);

/// <summary>A term of a formula: a column and its sign (a + b − c).</summary>
internal readonly record struct FormulaTerm(string Column, double Sign);

/// <summary>One indicator of a plan.</summary>
internal sealed record PlannedIndicator
{
    /// <summary>What the definition says of it.</summary>
    public required IndicatorDefinition Definition { get; init; }

    public string Id => Definition.Id;

    public required IndicatorKind Kind { get; init; }

    public required Polarity Polarity { get; init; }

    public required MissingPolicy Missing { get; init; }

    /// <summary>A share's numerator, parsed.</summary>
    public IReadOnlyList<FormulaTerm> Numerator { get; init; } = [];

    /// <summary>A share's denominator, parsed.</summary>
    public IReadOnlyList<FormulaTerm> Denominator { get; init; } = [];

    /// <summary>A value's column or formula, parsed (for points "sum", the summed column).</summary>
    public IReadOnlyList<FormulaTerm> Value { get; init; } = [];

    /// <summary>A value's roll-up weight, parsed; empty for the territory's population.</summary>
    public IReadOnlyList<FormulaTerm> Weight { get; init; } = [];

    /// <summary>Whether it is a value rolled up as a weighted mean (a value column, or a distance).</summary>
    public bool IsMean => Kind is IndicatorKind.Value or IndicatorKind.PointsDistance;

    /// <summary>
    /// The largest value it can take, scale applied, when its kind bounds it: a share's scale (a share is at most 1),
    /// a value's declared <c>valueRange</c> high × scale; null for an unbounded amount (an income, a distance).
    /// </summary>
    public double? UpperBound => Kind switch
    {
        IndicatorKind.Share or IndicatorKind.Poststratified => Definition.Scale,
        IndicatorKind.Value when Definition.ValueRange is [_, var high] => high * Definition.Scale,
        _ => null,
    };

    /// <summary>Whether it reads places of point sources.</summary>
    public bool IsPoints => Kind is IndicatorKind.PointsCount or IndicatorKind.PointsDistance or IndicatorKind.PointsSum;
}

/// <summary>One node of a plan, its weights resolved (1 for a child the definition does not weigh).</summary>
internal sealed record PlannedNode(string Id, string Label, IReadOnlyList<string> Children, IReadOnlyList<double> Weights, Aggregation Aggregation);
