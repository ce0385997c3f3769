using FragilityIndex.Definition;
using FragilityIndex.Scoring;

namespace FragilityIndex.Orchestration;

/// <summary>
/// Makes <see cref="NationalReferences"/> from a run over a large input (<c>fragility references build</c>): the
/// values and scores of its EPCI, départements, régions and France, the distributions of its units' values, and how
/// much of the input each indicator covered.
/// </summary>
internal static class ReferencesBuilder
{
    /// <summary>The reference values of a run scored with the EPCI, département, région and France levels.</summary>
    public static NationalReferences FromRun(RunOutcome outcome, string definition, IReadOnlyList<(string Source, string Path, string Sha256)> inputs)
    {
        var values = new Dictionary<(TerritoryLevel, string), Dictionary<string, double>>();
        var territories = new Dictionary<(TerritoryLevel, string), ReferenceTerritory>();
        var scored = outcome.Plan.Indicators.Where(i => !i.Definition.Context).Select(i => i.Definition.Id).ToArray();
        // Context indicators too: not compared with, but shown beside a local territory's.
        var valued = outcome.Plan.Indicators.Select(i => i.Definition.Id).ToArray();
        // Scores rolled up by population, with the population of few units known, would be the plain means of their
        // units' scores, not the method's: such references keep the distributions and values, not the territories' scores.
        var unitsWithPopulation = outcome.Inputs.Population?.Count(p => p > 0) ?? 0;
        var territoriesScored = outcome.Plan.Normalization.RollUp != FragilityIndex.Definition.ScoreRollUp.Scores || unitsWithPopulation >= 0.95 * outcome.Inputs.Territory.UnitCount;
        // The scores a report shows beside a local territory: the indicators' and the nodes'.
        var scoreIds = scored.Concat(outcome.Plan.NodesInOrder.Select(n => n.Id)).ToArray();
        foreach (var scores in outcome.Result.Levels.Where(l => NationalReferences.Levels.Contains(l.Level)))
        {
            for (var row = 0; row < scores.Count; row++)
            {
                var byIndicator = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var id in valued)
                {
                    if (scores.HasColumn($"{id}_value") && double.IsFinite(scores[$"{id}_value"][row])) byIndicator[id] = scores[$"{id}_value"][row];
                }

                values[(scores.Level, scores.Codes[row])] = byIndicator;
                if (scores.Level == TerritoryLevel.Epci || !territoriesScored) continue;
                var scoresOf = new SortedDictionary<string, double>(StringComparer.Ordinal);
                foreach (var id in scoreIds)
                {
                    if (scores.HasColumn(id) && double.IsFinite(scores[id][row])) scoresOf[id] = scores[id][row];
                }

                territories[(scores.Level, scores.Codes[row])] = new ReferenceTerritory(scores.Names[row], scores.ReferenceLevel, scores.ReferenceCodes[row], scoresOf);
            }
        }

        // The units' values, for class normalisations: one sorted array per indicator, missing values left out.
        var distributions = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (outcome.Result.Levels.FirstOrDefault(l => l.Level == outcome.Inputs.Territory.UnitLevel) is { } units)
        {
            foreach (var id in scored.Where(id => units.HasColumn($"{id}_value")))
            {
                var known = units[$"{id}_value"].Where(double.IsFinite).ToArray();
                Array.Sort(known);
                distributions[id] = known;
            }
        }

        return new NationalReferences(definition, outcome.Inputs.Territory.UnitCount, inputs, values, distributions, territories, CoverageOf(outcome), unitsWithPopulation,
            NationalReferences.SignatureOf(outcome.Plan.Normalization), "");
    }

    // Each scored indicator: how many units had a value of their own (not missing, not imputed), in how many départements.
    private static IndicatorCoverage[] CoverageOf(RunOutcome outcome)
    {
        var territory = outcome.Inputs.Territory;
        if (outcome.Result.Levels.FirstOrDefault(l => l.Level == territory.UnitLevel) is not { } units) return [];
        var departementOf = units.ParentCodes.FirstOrDefault(p => p.Level == TerritoryLevel.Departement).Codes;
        var departements = territory.Has(TerritoryLevel.Departement) ? territory[TerritoryLevel.Departement].Codes : [];
        var coverage = new List<IndicatorCoverage>();
        foreach (var indicator in outcome.Plan.Indicators.Select(i => i.Definition).Where(i => !i.Context && units.HasColumn($"{i.Id}_value")))
        {
            var value = units[$"{indicator.Id}_value"];
            var imputed = units.HasColumn($"imputed_{indicator.Id}") ? units[$"imputed_{indicator.Id}"] : null;
            var own = 0;
            var covered = new SortedSet<string>(StringComparer.Ordinal);
            for (var row = 0; row < units.Count; row++)
            {
                if (!double.IsFinite(value[row]) || imputed?[row] > 0) continue;
                own++;
                if (departementOf is not null) covered.Add(departementOf[row]);
            }

            coverage.Add(new IndicatorCoverage(indicator.Id, indicator.Label, indicator.SourceNote ?? "", own, units.Count,
                covered.Count < departements.Length ? [.. covered] : [], departements.Length));
        }

        return [.. coverage];
    }
}
