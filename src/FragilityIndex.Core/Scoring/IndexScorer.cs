using System.Buffers;
using System.Numerics.Tensors;
using FragilityIndex.Definition;
using FragilityIndex.Definition.Plan;
using FragilityIndex.Diagnostics;
using FragilityIndex.Territory;

namespace FragilityIndex.Scoring;

/// <summary>Choices that a run makes on top of the definition.</summary>
public sealed record ScoringOptions
{
    /// <summary>Overrides the definition's reference level (<c>--reference</c>).</summary>
    public TerritoryLevel? ReferenceLevel { get; init; }

    /// <summary>The levels to score; null for the definition's, or every level the territory has.</summary>
    public IReadOnlyList<TerritoryLevel>? Levels { get; init; }

    /// <summary>Also scores the whole territory as one (the France level), for reports that compare with it.</summary>
    public bool IncludeWhole { get; init; }

    /// <summary>Told of each level as it is scored (for progress on the console).</summary>
    public Action<TerritoryLevel>? OnLevel { get; init; }

    /// <summary>
    /// Reference values computed over a larger input (<c>run --references</c>): the ratio method compares with them
    /// instead of the input's own EPCI, département, région and France.
    /// </summary>
    internal NationalReferences? References { get; init; }
}

/// <summary>
/// Scores an index over a territory: normalises each indicator against the reference territory that contains each
/// unit, aggregates the normalised scores up the definition's tree, and ranks, classes and explains the results, at
/// every level asked for. Larger territories are scored from rolled-up numerators and denominators, never from a mean
/// of their units' scores. All work is columnar: one double array per indicator and node.
/// </summary>
internal sealed class IndexScorer
{
    private readonly IndexPlan _plan;
    private readonly TerritoryModel _territory;
    private readonly IReadOnlyList<IndicatorData> _indicators;
    private readonly TerritoryLevel _reference;
    private readonly NormalizationMethod _method;
    private readonly List<string> _warnings = [];
    private readonly Dictionary<(int Indicator, TerritoryLevel Level), double[]> _rollups = [];
    private readonly IReadOnlyList<PlannedNode> _nodesInOrder;
    private readonly string _global;
    private readonly double[]? _population;
    private readonly bool[]? _smallUnits;
    private readonly Dictionary<int, (double[] Scores, double[] Imputed)> _unitScores = [];

    /// <summary>A scorer of <paramref name="plan"/>: only a compiled, checked definition can be scored.</summary>
    public IndexScorer(IndexPlan plan, TerritoryModel territory, IReadOnlyList<IndicatorData> indicators, ScoringOptions? options = null,
        double[]? unitPopulation = null, bool[]? smallUnits = null)
    {
        _population = unitPopulation;
        _smallUnits = smallUnits;
        _plan = plan;
        _territory = territory;
        _indicators = indicators;
        Options = options ?? new ScoringOptions();
        _reference = Options.ReferenceLevel ?? plan.Normalization.Reference;
        if (!territory.Has(_reference))
            throw new FragilityException(FailureKind.Usage, $"the reference level '{_reference.Name()}' is not described by the territory: the definition's territory names no {_reference.Name()} code column");
        _method = plan.Normalization.Method;
        _nodesInOrder = plan.NodesInOrder;
        _global = plan.Global;
    }

    /// <summary>The run's options.</summary>
    public ScoringOptions Options { get; }

    /// <summary>Scores every level asked for.</summary>
    public IndexResult Score()
    {
        var levels = Options.Levels
            ?? _plan.Levels
            ?? _territory.Levels.Where(l => l != TerritoryLevel.France).ToArray();
        if (Options.IncludeWhole) levels = [.. levels, TerritoryLevel.France];
        var results = new List<LevelScores>();
        foreach (var level in levels.Distinct().Order())
        {
            if (!_territory.Has(level))
            {
                _warnings.Add($"level '{level.Name()}' was not scored: the territory names no {level.Name()} code column");
                continue;
            }

            Options.OnLevel?.Invoke(level);
            results.Add(ScoreLevel(level));
        }

        return new IndexResult(results, _warnings);
    }

    /// <summary>
    /// The reference level used for territories of <paramref name="level"/>: the chosen one when it is larger, France
    /// otherwise (a département compared with its own département would always score 100).
    /// </summary>
    public TerritoryLevel EffectiveReference(TerritoryLevel level) => _reference > level ? _reference : TerritoryLevel.France;

    private LevelScores ScoreLevel(TerritoryLevel level)
    {
        var partition = _territory[level];
        var count = partition.Count;
        var referenceLevel = EffectiveReference(level);
        var referenceGroup = _territory.ParentOf(level, referenceLevel);
        var referencePartition = _territory[referenceLevel];

        var rawColumns = new List<ScoreColumn>();
        var scoreColumns = new List<ScoreColumn>();
        var imputedColumns = new List<ScoreColumn>();
        var scores = new Dictionary<string, double[]>(StringComparer.Ordinal);

        for (var i = 0; i < _indicators.Count; i++)
        {
            var planned = _indicators[i].Indicator;
            var indicator = planned.Definition;
            var (raw, imputed) = RawValues(i, level);
            rawColumns.Add(ScoreColumn.OfReals($"{indicator.Id}_value", ColumnRole.Value, raw));
            if (indicator.Context) continue;

            double[] normalised;
            if (level != _territory.UnitLevel && _plan.Normalization.RollUp == ScoreRollUp.Scores)
            {
                // The units' scores, weighed by population; a territory is flagged when one of its units' was imputed.
                var (unitScores, unitImputed) = UnitScores(i);
                normalised = PopulationWeightedMean(unitScores, partition);
                imputed = SumOfKnown(unitImputed, partition);
                for (var g = 0; g < imputed.Length; g++) imputed[g] = imputed[g] > 0 ? 1 : 0;
            }
            else
            {
                normalised = Scored(i, level, raw, imputed);
                if (level == _territory.UnitLevel) _unitScores.TryAdd(i, (normalised, imputed));
            }

            scores[indicator.Id] = normalised;
            scoreColumns.Add(ScoreColumn.OfReals(indicator.Id, ColumnRole.Score, normalised));
            imputedColumns.Add(ScoreColumn.OfWholes($"imputed_{indicator.Id}", ColumnRole.Flag, imputed));
        }

        var nodeColumns = new List<ScoreColumn>();
        foreach (var node in _nodesInOrder)
        {
            var values = Aggregate(node, scores, count);
            scores[node.Id] = values;
            nodeColumns.Add(ScoreColumn.OfReals(node.Id, ColumnRole.Score, values));
        }

        var rankColumns = new List<ScoreColumn>();
        var decileColumns = new List<ScoreColumn>();
        var france = new int[count];
        // Ranks in the definition's order of nodes, as the columns have always been written. The copy with small units
        // set apart and the order are the step's own: borrowed, and given back once the ranks are taken.
        var excluded = ArrayPool<double>.Shared.Rent(count);
        var sortedValues = ArrayPool<double>.Shared.Rent(count);
        var sortedItems = ArrayPool<int>.Shared.Rent(count);
        try
        {
            foreach (var node in _plan.Definition.Nodes)
            {
                // Small units are set apart: their scores stand, but they take no rank or decile among the IRIS.
                ReadOnlySpan<double> ranked = scores[node.Id];
                if (level == _territory.UnitLevel && _smallUnits is { } small)
                {
                    var copy = excluded.AsSpan(0, count);
                    ranked.CopyTo(copy);
                    for (var u = 0; u < count; u++) if (small[u]) copy[u] = double.NaN;
                    ranked = copy;
                }

                // One sort of the node's scores serves both rankings; compared with France, they are one and the same.
                var finite = GroupKernels.AscendingOrder(ranked, sortedValues, sortedItems);
                ReadOnlySpan<int> order = sortedItems.AsSpan(0, finite);
                var (rank, decile) = RankAndDecile(ranked, order, referenceGroup);
                var (rankFrance, decileFrance) = referenceLevel == TerritoryLevel.France ? (rank, decile) : RankAndDecile(ranked, order, france);
                rankColumns.Add(ScoreColumn.OfWholes($"{node.Id}_rank", ColumnRole.Rank, rank));
                rankColumns.Add(ScoreColumn.OfWholes($"{node.Id}_rank_france", ColumnRole.Rank, rankFrance));
                decileColumns.Add(ScoreColumn.OfWholes($"{node.Id}_decile", ColumnRole.Decile, decile));
                decileColumns.Add(ScoreColumn.OfWholes($"{node.Id}_decile_france", ColumnRole.Decile, decileFrance));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(excluded);
            ArrayPool<double>.Shared.Return(sortedValues);
            ArrayPool<int>.Shared.Return(sortedItems);
        }

        var contributionColumns = Contributions(scores, count);
        if (level == _territory.UnitLevel && _smallUnits is { } flags)
            imputedColumns.Add(ScoreColumn.OfWholes("small_unit", ColumnRole.Flag, flags.Select(f => f ? 1 : 0).ToArray()));

        var parents = _territory.Levels.Where(l => l > level && l != TerritoryLevel.France)
            .Select(l =>
            {
                var parentOf = _territory.ParentOf(level, l);
                var codes = _territory[l].Codes;
                return (l, Array.ConvertAll(parentOf, p => codes[p]));
            })
            .ToArray();

        // The population of each territory, so maps and reports can say how many people a score concerns.
        if (_population is not null) rawColumns.Insert(0, ScoreColumn.OfReals("population", ColumnRole.Population, SumOfKnown(_population, partition)));

        var columns = scoreColumns.Concat(nodeColumns).Concat(rawColumns).Concat(rankColumns).Concat(decileColumns)
            .Concat(contributionColumns).Concat(imputedColumns).ToArray();
        return new LevelScores(level, referenceLevel, partition.Codes, partition.Names,
            Array.ConvertAll(referenceGroup, g => referencePartition.Codes[g]), parents, columns);
    }

    private (double[] Raw, double[] Imputed) RawValues(int indicator, TerritoryLevel level)
    {
        // The roll-up is shared (cached, or the units' own column) and only read, but imputation fills a copy.
        var raw = RollUp(indicator, level);
        var imputed = new double[_territory[level].Count];
        if (_indicators[indicator].Indicator.Missing == MissingPolicy.ImputeParent)
        {
            raw = (double[])raw.Clone();
            ImputeFromParents(indicator, level, raw, imputed);
        }

        return (raw, imputed);
    }

    // An indicator's scores at the units, as the IRIS level scores them (computed here when that level is not written).
    private (double[] Scores, double[] Imputed) UnitScores(int indicator)
    {
        if (_unitScores.TryGetValue(indicator, out var known)) return known;
        var (raw, imputed) = RawValues(indicator, _territory.UnitLevel);
        return _unitScores[indicator] = (Scored(indicator, _territory.UnitLevel, raw, imputed), imputed);
    }

    // An indicator's values at a level normalised against the level's reference territories, then its missing policy.
    private double[] Scored(int indicator, TerritoryLevel level, double[] raw, double[] imputed)
    {
        var referenceLevel = EffectiveReference(level);
        var normalised = Normalise(indicator, level, raw, _territory.ParentOf(level, referenceLevel), _territory[referenceLevel].Count, referenceLevel);
        ApplyMissingPolicy(_indicators[indicator].Indicator, _territory[level], normalised, imputed);
        return normalised;
    }

    // Σ p·s / Σ p over the units with a score and a known, positive population; the plain mean of the scores where no
    // unit of the territory has one (an uninhabited commune keeps a score); NaN where no unit has a score.
    private double[] PopulationWeightedMean(double[] unitScores, LevelPartition partition)
    {
        var weighted = new double[partition.Count];
        var weights = new double[partition.Count];
        var plain = new double[partition.Count];
        var counts = new int[partition.Count];
        for (var unit = 0; unit < unitScores.Length; unit++)
        {
            var score = unitScores[unit];
            if (double.IsNaN(score)) continue;
            var group = partition.GroupOfUnit[unit];
            var population = _population?[unit] ?? double.NaN;
            if (population > 0)
            {
                weighted[group] += population * score;
                weights[group] += population;
            }

            plain[group] += score;
            counts[group]++;
        }

        var result = new double[partition.Count];
        for (var g = 0; g < result.Length; g++)
            result[g] = weights[g] > 0 ? weighted[g] / weights[g] : counts[g] > 0 ? plain[g] / counts[g] : double.NaN;
        return result;
    }

    private static double[] SumOfKnown(double[] unitValues, LevelPartition partition)
    {
        var sums = new double[partition.Count];
        var known = new bool[partition.Count];
        for (var unit = 0; unit < unitValues.Length; unit++)
        {
            if (double.IsNaN(unitValues[unit])) continue;
            var group = partition.GroupOfUnit[unit];
            sums[group] += unitValues[unit];
            known[group] = true;
        }

        for (var g = 0; g < sums.Length; g++) if (!known[g]) sums[g] = double.NaN;
        return sums;
    }

    // The value of each territory of the level: the unit values at IRIS level, a ratio of sums above.
    private double[] RollUp(int indicator, TerritoryLevel level)
    {
        if (level == _territory.UnitLevel) return _indicators[indicator].Values;
        if (_rollups.TryGetValue((indicator, level), out var cached)) return cached;
        var data = _indicators[indicator];
        var values = new double[_territory[level].Count];
        GroupKernels.RatioOfSums(data.RollupNumerator, data.RollupDenominator, data.CountedOnce, _territory[level].GroupOfUnit, values);
        if (data.Indicator.Kind == IndicatorKind.Value)
        {
            // A value whose weights are all missing or zero in a territory still has a value there when its units agree
            // (a commune median repeated on each IRIS): fall back to the plain mean of the units' values.
            FillWithPlainMean(data.Values, _territory[level].GroupOfUnit, values);
        }

        _rollups[(indicator, level)] = values;
        return values;
    }

    private static void FillWithPlainMean(double[] unitValues, int[] group, double[] values)
    {
        var sum = new double[values.Length];
        var n = new int[values.Length];
        for (var u = 0; u < unitValues.Length; u++)
        {
            if (double.IsNaN(unitValues[u]) || !double.IsNaN(values[group[u]])) continue;
            sum[group[u]] += unitValues[u];
            n[group[u]]++;
        }

        for (var g = 0; g < values.Length; g++)
        {
            if (double.IsNaN(values[g]) && n[g] > 0) values[g] = sum[g] / n[g];
        }
    }

    private void ImputeFromParents(int indicator, TerritoryLevel level, double[] raw, double[] imputed)
    {
        foreach (var parentLevel in _territory.Levels.Where(l => l > level))
        {
            if (!raw.Any(double.IsNaN)) return;
            var parentValues = RollUp(indicator, parentLevel);
            var parentOf = _territory.ParentOf(level, parentLevel);
            for (var g = 0; g < raw.Length; g++)
            {
                if (!double.IsNaN(raw[g]) || double.IsNaN(parentValues[parentOf[g]])) continue;
                raw[g] = parentValues[parentOf[g]];
                imputed[g] = 1;
            }
        }
    }

    private static void ApplyMissingPolicy(PlannedIndicator indicator, LevelPartition partition, double[] normalised, double[] imputed)
    {
        for (var g = 0; g < normalised.Length; g++)
        {
            if (!double.IsNaN(normalised[g])) continue;
            switch (indicator.Missing)
            {
                case MissingPolicy.Zero:
                    normalised[g] = 0;
                    imputed[g] = 1;
                    break;
                case MissingPolicy.Fail:
                    throw new FragilityException(FailureKind.BadData,
                        $"indicator '{indicator.Id}' has no value for {partition.Level.Name()} {partition.Codes[g]}, and its missing-value policy is 'fail'");
                case MissingPolicy.Redistribute or MissingPolicy.ImputeParent:
                    // redistribute (and impute-parent with no parent value): the unit stays missing for this indicator,
                    // and the aggregation spreads its weight over the other children.
                    break;
            }
        }
    }

    private double[] Normalise(int indicator, TerritoryLevel level, double[] raw, int[] referenceGroup, int referenceCount, TerritoryLevel referenceLevel)
    {
        var sign = _indicators[indicator].Indicator.Polarity == Polarity.LowerIsMoreFragile ? -1.0 : 1.0;
        var result = new double[raw.Length];
        switch (_method)
        {
            case NormalizationMethod.Ratio:
            {
                var reference = ReferenceValues(indicator, level, referenceGroup, referenceLevel);
                if (sign > 0 || _plan.Normalization.Reversal == Reversal.Mirror)
                {
                    TensorPrimitives.Divide(raw, reference, result);
                    TensorPrimitives.Multiply(result, 100.0, result);
                    // Mirrored around 100 (La MedNum 2019): a unit at 80 % of its reference scores 120.
                    if (sign < 0) TensorPrimitives.Subtract(200.0, result, result);
                }
                else if (_indicators[indicator].Indicator.UpperBound is { } bound)
                {
                    // A share turned around is the ratio of its complements: a unit with 80 % of premises covered where
                    // its reference has 90 % lacks twice as much, 100 × (1 − 0.8) / (1 − 0.9) = 200. Never negative.
                    for (var g = 0; g < raw.Length; g++)
                        result[g] = bound == reference[g] ? (raw[g] == bound ? 100 : double.NaN) : 100 * (bound - raw[g]) / (bound - reference[g]);
                }
                else
                {
                    // An amount turned around is the reference over the unit: half the reference income scores 200.
                    TensorPrimitives.Divide(reference, raw, result);
                    TensorPrimitives.Multiply(result, 100.0, result);
                    for (var g = 0; g < raw.Length; g++)
                    {
                        if (raw[g] <= 0) result[g] = double.NaN;
                    }
                }

                ReplaceNonFinite(result);
                return result;
            }

            case NormalizationMethod.MinMax:
            {
                var oriented = Oriented(raw, sign);
                var minimum = new double[referenceCount];
                var maximum = new double[referenceCount];
                GroupKernels.MinMax(oriented, referenceGroup, minimum, maximum);
                var (low, high) = (_plan.Normalization.RangeLow, _plan.Normalization.RangeHigh);
                for (var g = 0; g < raw.Length; g++)
                {
                    var k = referenceGroup[g];
                    var spread = maximum[k] - minimum[k];
                    // A constant indicator says nothing about who is more fragile: everyone sits in the middle.
                    result[g] = double.IsNaN(oriented[g]) ? double.NaN
                        : spread == 0 ? (low + high) / 2
                        : ((oriented[g] - minimum[k]) / spread * (high - low)) + low;
                }

                return result;
            }

            case NormalizationMethod.ZScore:
            {
                var oriented = Oriented(raw, sign);
                var mean = new double[referenceCount];
                var deviation = new double[referenceCount];
                GroupKernels.MeanAndStandardDeviation(oriented, referenceGroup, mean, deviation);
                for (var g = 0; g < raw.Length; g++)
                {
                    var k = referenceGroup[g];
                    result[g] = double.IsNaN(oriented[g]) ? double.NaN
                        : deviation[k] is 0 or double.NaN ? 0
                        : (oriented[g] - mean[k]) / deviation[k];
                }

                return result;
            }

            case NormalizationMethod.Rank or NormalizationMethod.Percentile or NormalizationMethod.Classes:
            {
                if (_method == NormalizationMethod.Classes && Options.References is { } national && HasNationalDistribution(national, _indicators[indicator].Definition.Id))
                    return NationalClasses(national, _indicators[indicator].Definition.Id, raw, sign, result);
                var oriented = Oriented(raw, sign);
                var ascending = new double[raw.Length];
                var descending = new double[raw.Length];
                var n = new double[raw.Length];
                GroupKernels.Ranks(oriented, referenceGroup, ascending, descending, n);
                if (_method == NormalizationMethod.Rank) return ascending;
                if (_method == NormalizationMethod.Classes)
                {
                    if (_plan.Normalization.ClassRule == ClassRule.Cdf) GroupKernels.CumulativeClass(descending, n, _plan.Normalization.Classes, result);
                    else GroupKernels.QuantileClass(ascending, n, _plan.Normalization.Classes, result);
                    return result;
                }

                for (var g = 0; g < raw.Length; g++)
                    result[g] = double.IsNaN(ascending[g]) ? double.NaN : n[g] == 1 ? 50 : 100 * (ascending[g] - 1) / (n[g] - 1);
                return result;
            }

            case NormalizationMethod.None:
                // Already a score (the validator refuses a lower-is-more-fragile one: nothing here turns it around).
                raw.CopyTo(result, 0);
                return result;

            default:
                throw new ArgumentOutOfRangeException(nameof(indicator), _method, "a normalisation method the scorer does not know");
        }
    }

    private double[] ReferenceValues(int indicator, TerritoryLevel level, int[] referenceGroup, TerritoryLevel referenceLevel)
    {
        var data = _indicators[indicator];
        var result = new double[referenceGroup.Length];
        if (_plan.Normalization.ReferenceValues == ReferenceValueSource.Columns && data.ReferenceColumn is { } column && referenceLevel == _reference)
        {
            // The published reference of a territory is the one printed on its units' rows (constant within the reference territory).
            var first = _territory[level].FirstUnit;
            for (var g = 0; g < result.Length; g++) result[g] = column[first[g]];
            return result;
        }

        if (Options.References is { } references && references.Covers(referenceLevel))
        {
            // The larger input's value for the reference territory: a département scored alone meets France's.
            var codes = _territory[referenceLevel].Codes;
            var id = data.Definition.Id;
            for (var g = 0; g < result.Length; g++)
            {
                var code = codes[referenceGroup[g]];
                if (!references.TryGet(referenceLevel, code, id, out result[g]))
                    throw new FragilityException(FailureKind.BadData,
                        $"{references.FileName}: no reference value of indicator '{id}' for {referenceLevel.Name()} {code}: build the references from inputs that cover this territory, with the same indicators");
            }

            return result;
        }

        if (_plan.Normalization.ReferenceValues == ReferenceValueSource.Columns && !_warnings.Any(w => w.Contains($"'{level.Name()}'", StringComparison.Ordinal) && w.Contains("computed", StringComparison.Ordinal)))
            _warnings.Add($"level '{level.Name()}' is compared with {referenceLevel.Name()}, for which the sources give no reference column: its reference values were computed as ratios of sums");

        var referenceValues = RollUp(indicator, referenceLevel);
        for (var g = 0; g < result.Length; g++) result[g] = referenceValues[referenceGroup[g]];
        return result;
    }

    // Whether the references place this indicator's units; when they have distributions of other indicators but not
    // of this one (the larger input had no source for it), it is classed among the input's own units, and said so.
    // References with none of the definition's distributions are another index's: refused.
    private bool HasNationalDistribution(NationalReferences national, string id)
    {
        if (national.TryGetDistribution(id, out var sorted) && sorted.Length > 0) return true;
        var scored = _indicators.Where(i => !i.Indicator.Definition.Context).Select(i => i.Indicator.Definition.Id).ToArray();
        if (!scored.Any(other => national.TryGetDistribution(other, out var values) && values.Length > 0))
            throw new FragilityException(FailureKind.BadData, $"{national.FileName}: no distribution of indicator '{id}': build the references with the same indicators");
        var warning = $"references {national.FileName}: no distribution of indicator '{id}' (the input they were computed over had none): it is classed among this run's own units, not France's";
        if (!_warnings.Contains(warning)) _warnings.Add(warning);
        return false;
    }

    // ⌈K F(x)⌉ with F the share of the larger input's units at most as fragile as x (ties in the upper class, as
    // GroupKernels.CumulativeClass over the input's own units): a local unit classed among France's.
    private double[] NationalClasses(NationalReferences national, string id, double[] raw, double sign, double[] result)
    {
        national.TryGetDistribution(id, out var sorted);
        var classes = _plan.Normalization.Classes;
        for (var g = 0; g < raw.Length; g++)
        {
            if (double.IsNaN(raw[g]))
            {
                result[g] = double.NaN;
                continue;
            }

            // Units at most as fragile: values ≤ x when higher is more fragile, ≥ x when lower is.
            long atMost = sign > 0 ? UpperBound(sorted, raw[g]) : sorted.Length - LowerBound(sorted, raw[g]);
            // A local value less fragile than every unit of the larger input is in the first class all the same.
            result[g] = Math.Max(1, GroupKernels.CumulativeClassOf(atMost, sorted.Length, classes));
        }

        return result;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] <= value) low = middle + 1;
            else high = middle;
        }

        return low;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] < value) low = middle + 1;
            else high = middle;
        }

        return low;
    }

    private static double[] Oriented(double[] raw, double sign)
    {
        if (sign > 0) return raw;
        var oriented = new double[raw.Length];
        TensorPrimitives.Negate(raw, oriented);
        return oriented;
    }

    private static void ReplaceNonFinite(double[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i])) values[i] = double.NaN;
        }
    }

    private static double[] Aggregate(PlannedNode node, Dictionary<string, double[]> scores, int count)
    {
        // The sums are the step's own: borrowed, like the kernels' doubles below; the node's scores are what is kept.
        var pool = ArrayPool<double>.Shared;
        double[] sums = pool.Rent(count), weightSums = pool.Rent(count), terms = pool.Rent(count);
        try
        {
            Span<double> sum = sums.AsSpan(0, count), weightSum = weightSums.AsSpan(0, count), term = terms.AsSpan(0, count);
            sum.Clear();
            weightSum.Clear();
            var geometric = node.Aggregation == Aggregation.Geometric;
            for (var c = 0; c < node.Children.Count; c++)
            {
                var weight = node.Weights[c];
                var values = scores[node.Children[c]];
                if (geometric) TensorPrimitives.Log(values, term);
                ReadOnlySpan<double> source = geometric ? term : values;
                if (!TensorPrimitives.IsNaNAny(source))
                {
                    // Fast path: a complete column is one fused multiply-add over the whole array.
                    TensorPrimitives.MultiplyAdd(source, weight, sum, sum);
                    TensorPrimitives.Add(weightSum, weight, weightSum);
                    continue;
                }

                for (var g = 0; g < count; g++)
                {
                    if (double.IsNaN(source[g])) continue;
                    sum[g] += weight * source[g];
                    weightSum[g] += weight;
                }
            }

            var result = new double[count];
            TensorPrimitives.Divide(sum, weightSum, result);
            if (geometric) TensorPrimitives.Exp(result, result);
            for (var g = 0; g < count; g++)
            {
                if (weightSum[g] == 0) result[g] = double.NaN;
            }

            return result;
        }
        finally
        {
            pool.Return(sums);
            pool.Return(weightSums);
            pool.Return(terms);
        }
    }

    // Ranks 1 = most fragile (the highest score); deciles 10 = the most fragile tenth. The kernels' doubles are
    // borrowed for the step; what is kept is integers.
    private static (int[] Rank, int[] Decile) RankAndDecile(ReadOnlySpan<double> values, ReadOnlySpan<int> order, int[] group)
    {
        var count = values.Length;
        var pool = ArrayPool<double>.Shared;
        double[] ascending = pool.Rent(count), descending = pool.Rent(count), n = pool.Rent(count);
        try
        {
            GroupKernels.Ranks(values, order, group, ascending.AsSpan(0, count), descending.AsSpan(0, count), n.AsSpan(0, count));
            var rank = ScoreColumn.Whole(descending.AsSpan(0, count));
            GroupKernels.QuantileClass(ascending.AsSpan(0, count), n.AsSpan(0, count), 10, ascending.AsSpan(0, count));
            return (rank, ScoreColumn.Whole(ascending.AsSpan(0, count)));
        }
        finally
        {
            pool.Return(ascending);
            pool.Return(descending);
            pool.Return(n);
        }
    }

    /// <summary>
    /// The share of the global score that each indicator accounts for, per territory, summing to the global score.
    /// Walking down from the global node, each node hands its children a factor: for a weighted mean, weight / Σ weights
    /// of the children present; for a geometric mean, the child's share of the log-sum. An indicator's contribution is its
    /// factor times its normalised score.
    /// </summary>
    private List<ScoreColumn> Contributions(Dictionary<string, double[]> scores, int count)
    {
        // The factors and sums are the step's own, borrowed from the pool (zeroed, as new arrays would be); the
        // contributions are what is kept.
        var pool = ArrayPool<double>.Shared;
        var borrowed = new List<double[]>();
        Span<double> Zeroed(out double[] array)
        {
            array = pool.Rent(count);
            borrowed.Add(array);
            var span = array.AsSpan(0, count);
            span.Clear();
            return span;
        }

        try
        {
            Zeroed(out var globalFactor).Fill(1.0);
            var factors = new Dictionary<string, double[]>(StringComparer.Ordinal) { [_global] = globalFactor };
            foreach (var node in _nodesInOrder.Reverse())
            {
                if (!factors.TryGetValue(node.Id, out var factor)) continue;
                var nodeScore = scores[node.Id];
                var present = Zeroed(out _);
                var geometric = node.Aggregation == Aggregation.Geometric;
                var logSum = geometric ? Zeroed(out _) : [];
                for (var c = 0; c < node.Children.Count; c++)
                {
                    var weight = node.Weights[c];
                    var values = scores[node.Children[c]];
                    for (var g = 0; g < count; g++)
                    {
                        if (double.IsNaN(values[g])) continue;
                        present[g] += weight;
                        if (geometric) logSum[g] += weight * Math.Log(values[g]);
                    }
                }

                for (var c = 0; c < node.Children.Count; c++)
                {
                    var child = node.Children[c];
                    var weight = node.Weights[c];
                    var values = scores[child];
                    if (!factors.TryGetValue(child, out var childFactor))
                    {
                        Zeroed(out childFactor);
                        factors[child] = childFactor;
                    }

                    for (var g = 0; g < count; g++)
                    {
                        if (double.IsNaN(values[g]) || present[g] == 0) continue;
                        if (!geometric)
                        {
                            childFactor[g] += factor[g] * weight / present[g];
                        }
                        else if (values[g] != 0)
                        {
                            var share = logSum[g] != 0 ? weight * Math.Log(values[g]) / logSum[g] : weight / present[g];
                            childFactor[g] += factor[g] * nodeScore[g] * share / values[g];
                        }
                    }
                }
            }

            var columns = new List<ScoreColumn>();
            foreach (var indicator in _indicators.Where(i => !i.Definition.Context))
            {
                var id = indicator.Definition.Id;
                var contribution = new double[count];
                if (factors.TryGetValue(id, out var factor))
                {
                    TensorPrimitives.Multiply(factor.AsSpan(0, count), scores[id], contribution);
                }

                columns.Add(ScoreColumn.OfReals($"contribution_{id}", ColumnRole.Contribution, contribution));
            }

            return columns;
        }
        finally
        {
            foreach (var array in borrowed) pool.Return(array);
        }
    }
}
