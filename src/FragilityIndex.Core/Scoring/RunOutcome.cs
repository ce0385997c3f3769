using FragilityIndex.Definition;
using FragilityIndex.Definition.Plan;
using FragilityIndex.Territory;

namespace FragilityIndex.Scoring;

/// <summary>What one run did: its inputs, its scores, its warnings and how long each step took.</summary>
internal sealed record RunOutcome(
    IndexPlan Plan,
    TerritoryLevel ReferenceLevel,
    AssembledInputs Inputs,
    IndexResult Result,
    IReadOnlyList<(string Step, TimeSpan Elapsed)> Timings)
{
    /// <summary>The definition that was scored (after pruning), as run.json records it.</summary>
    public IndexDefinition Definition => Plan.Definition;

    /// <summary>The indicators left out because they were turned off or their files were not given.</summary>
    public IReadOnlyList<UnfilledIndicator> Unfilled { get; init; } = [];

    /// <summary>The reference values the run compared with, when given a references file.</summary>
    public NationalReferences? References { get; init; }

    /// <summary>Every warning, from reading and from scoring.</summary>
    public IReadOnlyList<string> Warnings => [.. Inputs.Warnings, .. Result.Warnings];
}
