using FragilityIndex.Diagnostics;

namespace FragilityIndex.Definition;

/// <summary>An indicator the run leaves out, and why (reported in run.json).</summary>
internal sealed record UnfilledIndicator(string Id, string Reason);

/// <summary>
/// Leaves out what a run cannot fill: indicators turned off (<c>"enabled": false</c>) and indicators whose optional sources
/// were not given (no path). Nodes lose those children, and a node left with none is dropped in turn; the weights of the
/// remaining children are kept, so a component's weight is shared by what it still holds.
/// </summary>
internal static class DefinitionPruner
{
    public static (IndexDefinition Definition, IReadOnlyList<UnfilledIndicator> Unfilled) Prune(IndexDefinition definition)
    {
        var unfilled = new List<UnfilledIndicator>();
        bool Given(string? source) => source is null || !definition.Sources.TryGetValue(source, out var s) || !s.Optional || !string.IsNullOrWhiteSpace(s.Path);

        var kept = new List<IndicatorDefinition>();
        foreach (var indicator in definition.Indicators)
        {
            var sources = new[] { indicator.Points is null ? indicator.Source : null, indicator.DenominatorSource, indicator.Poststratification?.Rates }
                .Concat(indicator.Points ?? []).Where(s => s is not null).ToArray();
            var missing = sources.Where(s => !Given(s)).ToArray();
            if (!indicator.Enabled) unfilled.Add(new UnfilledIndicator(indicator.Id, "turned off by the definition"));
            else if (indicator.Points is not null && indicator.Points.All(p => !Given(p)))
                unfilled.Add(new UnfilledIndicator(indicator.Id, $"no file given for {string.Join(", ", indicator.Points)}"));
            else if (indicator.Points is null && missing.Length > 0)
                unfilled.Add(new UnfilledIndicator(indicator.Id, $"no file given for {string.Join(", ", missing)}"));
            else if (indicator.Fallback is { } fallback && (!Given(fallback.Source) || !Given(fallback.DenominatorSource)))
                kept.Add(indicator with { Fallback = null });
            else kept.Add(indicator.Points is null ? indicator : indicator with { Points = indicator.Points.Where(Given).ToList() });
        }

        if (unfilled.Count == 0) return (definition, unfilled);

        var present = kept.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var nodes = definition.Nodes.ToList();
        bool changed;
        do
        {
            changed = false;
            var nodeIds = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < nodes.Count; i++)
            {
                var children = nodes[i].Children.Where(c => present.Contains(c) || nodeIds.Contains(c)).ToList();
                if (children.Count == nodes[i].Children.Count) continue;
                nodes[i] = nodes[i] with
                {
                    Children = children,
                    Weights = nodes[i].Weights?.Where(w => children.Contains(w.Key)).ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal),
                };
                changed = true;
            }

            var empty = nodes.Where(n => n.Children.Count == 0).ToArray();
            if (empty.Length > 0)
            {
                nodes.RemoveAll(n => n.Children.Count == 0);
                changed = true;
            }
        }
        while (changed);

        var global = DefinitionValidator.GlobalNode(definition);
        if (!nodes.Any(n => n.Id == global))
            throw new FragilityException(FailureKind.BadData, $"no indicator of the global score '{global}' can be filled: {string.Join("; ", unfilled.Select(u => $"{u.Id}: {u.Reason}"))}");
        return (definition with { Indicators = kept, Nodes = nodes, Global = global }, unfilled);
    }
}
