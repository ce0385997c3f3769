using FragilityIndex.Definition;
using FragilityIndex.Definition.Plan;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;

namespace FragilityIndex.Orchestration;

/// <summary>Reads the inputs of a definition and scores it: the whole job of <c>fragility run</c>, minus the files.</summary>
internal static class IndexRun
{
    /// <summary>
    /// The plan of what <paramref name="definition"/> scores: its indicators turned off or without files left out
    /// (returned), then compiled, so that nothing downstream sees an unchecked definition.
    /// </summary>
    /// <param name="definition">The definition.</param>
    /// <param name="name">Its name in messages; the definition's own, or "definition", when null.</param>
    public static (IndexPlan Plan, IReadOnlyList<UnfilledIndicator> Unfilled) Compile(IndexDefinition definition, string? name = null)
    {
        var (pruned, unfilled) = DefinitionPruner.Prune(definition);
        return (DefinitionCompiler.Compile(pruned, name ?? (string.IsNullOrEmpty(pruned.Name) ? "definition" : pruned.Name)), unfilled);
    }

    public static RunOutcome Execute(IndexDefinition definition, SourceOpener open, ScoringOptions options, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var timings = new List<(string, TimeSpan)>();
        var referenceLevel = options.ReferenceLevel ?? TerritoryLevels.Parse(definition.Normalization.Reference);

        if (options.References is not null && definition.Normalization.Method != "ratio"
            && !(definition.Normalization.Method == "classes" && definition.Normalization.ClassRule == "cdf" && definition.Normalization.RollUp == "scores"
                 && referenceLevel == TerritoryLevel.France))
            throw new FragilityException(FailureKind.Usage,
                $"--references {options.References.FileName}: a references file holds reference values, which the ratio method compares with, and distributions, which classes by the cdf rule against France (scores rolled up) place units in; this definition normalises by '{definition.Normalization.Method}'");
        var (plan, unfilled) = Compile(definition);
        var start = time.GetTimestamp();
        var inputs = InputAssembler.Assemble(plan, open, referenceLevel, time);
        timings.Add(("read", time.GetElapsedTime(start)));
        timings.AddRange(inputs.Timings);

        start = time.GetTimestamp();
        var result = new IndexScorer(plan, inputs.Territory, inputs.Indicators, options with { ReferenceLevel = referenceLevel }, inputs.Population, inputs.SmallUnits).Score();
        timings.Add(("score", time.GetElapsedTime(start)));
        if (options.References is { } references)
        {
            // Compared with a larger input that had only part of an indicator: the comparison is with that part.
            var scored = plan.Indicators.Where(i => !i.Definition.Context).Select(i => i.Definition.Id).ToHashSet(StringComparer.Ordinal);
            var partial = references.PartialIndicators.Where(c => scored.Contains(c.Id))
                .Select(c => $"references {references.FileName}: indicator '{c.Id}' has values for {c.Describe()} of the input they were computed over: it is compared with that part, not with the whole");
            result = result with { Warnings = [.. result.Warnings, .. partial] };
        }

        return new RunOutcome(plan, referenceLevel, inputs, result, timings) { Unfilled = unfilled, References = options.References };
    }
}
