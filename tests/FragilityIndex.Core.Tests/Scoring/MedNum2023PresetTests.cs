using FragilityIndex.Definition;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;

namespace FragilityIndex.Tests.Scoring;

/// <summary>
/// The mednum-2023 preset on the sample, each score worked again from the run's own values: an IRIS's score is
/// ⌈10 F(x)⌉ over every IRIS (each counted once, ties in the upper class), the total the mean of the five, and a
/// larger territory's score the population-weighted mean of its IRIS's.
/// </summary>
public sealed class MedNum2023PresetTests
{
    private static readonly string[] Scored = ["no_thd_coverage_rate", "no_4g_coverage_rate", "poverty_rate", "older_65_rate", "nscol15p_rate"];

    private static readonly Lazy<RunOutcome> Outcome = new(() => IndexRun.Execute(DefinitionLoader.LoadPreset("mednum-2023"),
        (_, path) => SourceFile.OnDisk(Path.Combine(SharedData.RepositoryRoot, path), path), new ScoringOptions()));

    [Fact]
    public void IrisScores_AreTheUpperDecileClassOfTheirValue_OverEveryIris()
    {
        var iris = Outcome.Value.Result[TerritoryLevel.Iris];
        foreach (var id in Scored)
        {
            // The mobile file gives coverage: the less covered, the more fragile, so F counts the units covered at least as well.
            var lowerIsMoreFragile = id == "no_4g_coverage_rate";
            var values = iris[$"{id}_value"].ToArray();
            var known = values.Where(double.IsFinite).ToArray();
            for (var row = 0; row < iris.Count; row++)
            {
                if (!double.IsFinite(values[row]))
                {
                    Assert.True(double.IsNaN(iris[id][row]), $"{id} {iris.Codes[row]}");
                    continue;
                }

                var atMost = known.Count(v => lowerIsMoreFragile ? v >= values[row] : v <= values[row]);
                var expected = Math.Ceiling(10.0 * atMost / known.Length);
                Assert.True(expected == iris[id][row], $"{id} {iris.Codes[row]}: value {values[row]}, {atMost} of {known.Length} at most as fragile, class {expected}, scored {iris[id][row]}");
            }
        }

        // Ties take the upper class: the sample's IRIS with no premise lacking very-high-speed broadband all score alike, and not 1.
        var thd = iris["no_thd_coverage_rate"];
        var zeros = Enumerable.Range(0, iris.Count).Where(r => iris["no_thd_coverage_rate_value"][r] == 0).ToArray();
        Assert.True(zeros.Length > 1);
        Assert.Single(zeros.Select(r => thd[r]).Distinct());
        Assert.True(thd[zeros[0]] > 1);

        for (var row = 0; row < iris.Count; row++)
        {
            var five = Scored.Select(id => iris[id][row]).ToArray();
            if (five.Any(double.IsNaN)) continue;
            Assert.Equal(five.Average(), iris["total"][row], 12);
        }
    }

    [Theory]
    [InlineData(TerritoryLevel.Commune)]
    [InlineData(TerritoryLevel.Epci)]
    [InlineData(TerritoryLevel.Departement)]
    public void LargerTerritories_ArePopulationWeightedMeansOfTheirIrisScores(TerritoryLevel level)
    {
        var iris = Outcome.Value.Result[TerritoryLevel.Iris];
        var scores = Outcome.Value.Result[level];
        var parent = iris.ParentCodes.First(p => p.Level == level).Codes;
        foreach (var id in Scored.Append("total"))
        {
            for (var g = 0; g < scores.Count; g++)
            {
                var rows = Enumerable.Range(0, iris.Count).Where(r => parent[r] == scores.Codes[g] && double.IsFinite(iris[id][r])).ToArray();
                var expected = rows.Sum(r => iris["population"][r] * iris[id][r]) / rows.Sum(r => iris["population"][r]);
                Assert.True(Math.Abs(expected - scores[id][g]) < 1e-9, $"{level.Name()} {scores.Codes[g]} {id}: {expected} by hand, {scores[id][g]} scored");
            }
        }
    }

    [Fact]
    public void ContextIndicators_AreShown_NotScored()
    {
        var iris = Outcome.Value.Result[TerritoryLevel.Iris];
        foreach (var id in new[] { "menages_seuls", "familles_mono", "distance_lieux", "lieux_pour_10000" })
        {
            Assert.True(iris.HasColumn($"{id}_value"), id);
            Assert.False(iris.HasColumn(id), id);
        }
    }
}
