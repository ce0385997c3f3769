using FragilityIndex.Diagnostics;

namespace FragilityIndex.Definition.Plan;

/// <summary>
/// Compiles a definition into an <see cref="IndexPlan"/>: validates it whole (<see cref="DefinitionValidator"/>),
/// then turns every word into its enum, every formula into its terms and every node's weights into numbers.
/// </summary>
internal static class DefinitionCompiler
{
    /// <summary>Compiles <paramref name="definition"/>.</summary>
    /// <exception cref="FragilityException">The definition has problems; the message lists every one, with its JSON path.</exception>
    public static IndexPlan Compile(IndexDefinition definition, string fileName = "definition")
    {
        var problems = DefinitionValidator.Validate(definition);
        if (problems.Count > 0)
            throw new FragilityException(FailureKind.BadData, string.Join("\n", problems.Select(p => $"{fileName}: at {p.Path}: {p.Message}")));

        var normalization = definition.Normalization;
        var range = normalization.Range ?? [0, 10];
        var planned = new PlannedNormalization(
            DefinitionTerms.Methods[normalization.Method],
            TerritoryLevels.Parse(normalization.Reference),
            DefinitionTerms.ReferenceValues[normalization.ReferenceValues],
            range[0], range[1], normalization.Classes, DefinitionTerms.Reversals[normalization.Reversal], DefinitionTerms.ClassRules[normalization.ClassRule],
            DefinitionTerms.RollUps[normalization.RollUp]);

        var indicators = definition.Indicators.Select(Plan).ToArray();

        var nodes = TopologicalOrder(definition.Nodes)
            .Select(n => new PlannedNode(n.Id, n.Label, n.Children, n.Children.Select(c => n.Weights?.GetValueOrDefault(c, 1.0) ?? 1.0).ToArray(),
                DefinitionTerms.Aggregations[n.Aggregation]))
            .ToArray();
        var levels = definition.Levels?.Select(TerritoryLevels.Parse).ToArray();
        return new IndexPlan(definition, planned, indicators, nodes, DefinitionValidator.GlobalNode(definition), levels);
    }

    /// <summary>
    /// One indicator, compiled: also the columns a local file's indicator falls back on (the preset's), which are
    /// another indicator's members under the same id.
    /// </summary>
    internal static PlannedIndicator Plan(IndicatorDefinition indicator) => new()
    {
        Definition = indicator,
        Kind = DefinitionTerms.KindOf(indicator)!.Value,
        Polarity = DefinitionTerms.Polarities[indicator.Polarity],
        Missing = DefinitionTerms.MissingPolicies[indicator.Missing],
        Numerator = Terms(indicator.Numerator),
        Denominator = Terms(indicator.Denominator),
        Value = Terms(indicator.Value),
        Weight = Terms(indicator.Weight),
    };

    private static FormulaTerm[] Terms(string? formula) => Formula.SignedTerms(formula).Select(t => new FormulaTerm(t.Column, t.Sign)).ToArray();

    // Children before parents, without recursion (the validator has bounded the depth and refused cycles).
    private static List<NodeDefinition> TopologicalOrder(IReadOnlyList<NodeDefinition> nodes)
    {
        var byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var ordered = new List<NodeDefinition>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in nodes)
        {
            var stack = new Stack<(NodeDefinition Node, int Next)>();
            if (done.Contains(root.Id)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Children.Count)
                {
                    stack.Push((node, next + 1));
                    if (byId.TryGetValue(node.Children[next], out var child) && !done.Contains(child.Id)) stack.Push((child, 0));
                    continue;
                }

                if (done.Add(node.Id)) ordered.Add(node);
            }
        }

        return ordered;
    }
}
