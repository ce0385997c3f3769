using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;

namespace FragilityIndex.Tests.Scoring;

/// <summary>The scorer on a four-IRIS territory small enough to work out by hand.</summary>
public sealed class IndexScorerTests
{
    // Two communes of département 01: 01001 with IRIS 0101, 0102; 01002 with 0201, 0202 (whose counts are missing).
    private const string Units = """
        iris;pop;old;alone;households;income
        010010101;100;10;20;50;20000
        010010102;300;60;30;100;15000
        010020201;200;20;10;40;
        010020202;;;40;100;18000

        """;

    internal static RunOutcome Run(string normalization, string missing = "redistribute", string aggregation = "arithmetic", IReadOnlyList<TerritoryLevel>? levels = null)
    {
        var json = $$"""
        {
          "sources": { "units": { "separator": ";", "key": "iris" } },
          "territory": { "source": "units", "codes": { "iris": "iris" }, "population": "pop", "minPopulationKnown": 0.5 },
          "normalization": {{normalization}},
          "indicators": [
            { "id": "seniors", "source": "units", "numerator": "old", "denominator": "pop", "missing": "{{missing}}" },
            { "id": "seuls", "source": "units", "numerator": "alone", "denominator": "households", "missing": "{{missing}}" },
            { "id": "revenu", "source": "units", "value": "income", "polarity": "lower-is-more-fragile", "missing": "{{missing}}" }
          ],
          "nodes": [
            { "id": "social", "children": ["seniors", "seuls"], "weights": { "seniors": 3 }, "aggregation": "{{aggregation}}" },
            { "id": "score_global", "children": ["social", "revenu"], "aggregation": "{{aggregation}}" }
          ]
        }
        """;
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes(json), "test.json");
        return IndexRun.Execute(definition, (_, _) => SourceFile.InMemory("units.csv", Encoding.UTF8.GetBytes(Units)), new ScoringOptions { Levels = levels });
    }

    [Fact]
    public void Score_Ratio_ComparesWithDepartementRatioOfSums()
    {
        var iris = Run("""{ "method": "ratio", "reference": "departement" }""").Result[TerritoryLevel.Iris];
        // Département 01: Σ old / Σ pop over the IRIS with both = (10 + 60 + 20) / (100 + 300 + 200) = 0.15.
        Assert.Equal(100 * 0.1 / 0.15, iris["seniors"][0], 12);
        Assert.Equal(100 * 0.2 / 0.15, iris["seniors"][1], 12);
        // Income, reversed: reference = Σ income·pop / Σ pop = (20000·100 + 15000·300) / 400 = 16250 (the two others lack
        // one of them); an amount turned around is 100 × ref / x: 81.25 for the richer IRIS, 108.33 for the poorer.
        Assert.Equal(100 * 16250 / 20000.0, iris["revenu"][0], 9);
        Assert.Equal(100 * 16250 / 15000.0, iris["revenu"][1], 9);
    }

    [Fact]
    public void Score_RatioMirror_KeepsLaMedNumsFormula()
    {
        var iris = Run("""{ "method": "ratio", "reference": "departement", "reversal": "mirror" }""").Result[TerritoryLevel.Iris];
        Assert.Equal(200 - (100 * 20000 / 16250.0), iris["revenu"][0], 9);
    }

    // Two IRIS of one département; the reference is the département's ratio of sums (s1·n1 + s2·n2) / (n1 + n2).
    [Theory]
    [InlineData(0.8, 1000, 1.0, 1000, "inverse", 200.0, 0.0)] // ref 0.9: lacking 20 % where the reference lacks 10 % is twice as fragile
    [InlineData(0.9, 1000, 0.9, 1000, "inverse", 100.0, 100.0)]
    [InlineData(0.1, 1000, 0.5, 1000, "inverse", 100 * 0.9 / 0.7, 100 * 0.5 / 0.7)] // ref 0.3
    [InlineData(0.0, 3000, 0.9, 1000, "inverse", 100 / 0.775, 100 * 0.1 / 0.775)] // ref 0.225
    [InlineData(0.0, 3000, 0.9, 1000, "mirror", 200.0, 200 - 100 * 0.9 / 0.225)] // La MedNum's mirror: −200
    public void Score_ReversedShare_IsTheRatioOfComplements(double s1, double n1, double s2, double n2, string reversal, double expected1, double expected2)
    {
        var json = $$"""
        {
          "sources": { "units": { "separator": ";", "key": "iris" } },
          "territory": { "source": "units", "codes": { "iris": "iris" } },
          "normalization": { "reversal": "{{reversal}}" },
          "indicators": [ { "id": "thd", "source": "units", "numerator": "ok", "denominator": "n", "polarity": "lower-is-more-fragile" } ],
          "nodes": [ { "id": "g", "children": ["thd"] } ]
        }
        """;
        var data = FormattableString.Invariant($"iris;ok;n\n010010101;{s1 * n1};{n1}\n010010102;{s2 * n2};{n2}\n");
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes(json), "t.json");
        var iris = IndexRun.Execute(definition, (_, _) => SourceFile.InMemory("u.csv", Encoding.UTF8.GetBytes(data)), new ScoringOptions()).Result[TerritoryLevel.Iris];
        Assert.Equal(expected1, iris["thd"][0], 9);
        Assert.Equal(expected2, iris["thd"][1], 9);
    }

    [Fact]
    public void Score_WeightedArithmeticNode_UsesWeightsAndRedistributesMissing()
    {
        var iris = Run("""{ "method": "ratio", "reference": "departement" }""").Result[TerritoryLevel.Iris];
        var social = (3 * iris["seniors"][0] + iris["seuls"][0]) / 4;
        Assert.Equal(social, iris["social"][0], 12);
        // IRIS 010020202 has no population: seniors is missing and its weight goes to seuls alone.
        Assert.True(double.IsNaN(iris["seniors"][3]));
        Assert.Equal(iris["seuls"][3], iris["social"][3], 12);
        // IRIS 010020201 has no income: the global score is its social score alone.
        Assert.Equal(iris["social"][2], iris["score_global"][2], 12);
    }

    [Fact]
    public void Score_ImputeParent_TakesCommuneValueAndFlagsIt()
    {
        var iris = Run("""{ "method": "ratio", "reference": "departement" }""", missing: "impute-parent").Result[TerritoryLevel.Iris];
        // 010020201 lacks income: commune 01002's income is that of its only IRIS with one, 010020202 (no population weight:
        // the plain mean of its units' values), 18000.
        Assert.Equal(18000, iris["revenu_value"][2]);
        Assert.Equal(1, iris["imputed_revenu"][2]);
        Assert.Equal(0, iris["imputed_revenu"][0]);
    }

    [Fact]
    public void Score_ZeroPolicy_CountsMissingAsZeroAgainstNominalCount()
    {
        var iris = Run("""{ "method": "ratio", "reference": "departement" }""", missing: "zero").Result[TerritoryLevel.Iris];
        Assert.Equal(0, iris["seniors"][3]);
        Assert.Equal(iris["seuls"][3] / 4, iris["social"][3], 12);
    }

    [Theory]
    [InlineData("arithmetic")]
    [InlineData("geometric")]
    public void Score_Contributions_SumToGlobalScore(string aggregation)
    {
        var iris = Run("""{ "method": "min-max", "reference": "france", "range": [1, 10] }""", aggregation: aggregation).Result[TerritoryLevel.Iris];
        for (var unit = 0; unit < iris.Count; unit++)
        {
            var sum = new[] { "seniors", "seuls", "revenu" }.Select(id => iris[$"contribution_{id}"][unit]).Where(v => !double.IsNaN(v)).Sum();
            Assert.Equal(iris["score_global"][unit], sum, 10);
        }
    }

    [Fact]
    public void Score_CommuneLevel_RollsUpCountsNotScores()
    {
        var communes = Run("""{ "method": "ratio", "reference": "france" }""").Result[TerritoryLevel.Commune];
        // Commune 01001: (10 + 60) / (100 + 300) = 0.175; France: 90 / 600 = 0.15.
        Assert.Equal(0.175, communes["seniors_value"][0], 12);
        Assert.Equal(100 * 0.175 / 0.15, communes["seniors"][0], 9);
    }

    [Fact]
    public void Score_RanksAndDeciles_MostFragileIsRankOne()
    {
        var iris = Run("""{ "method": "ratio", "reference": "france" }""").Result[TerritoryLevel.Iris];
        var scores = iris["score_global"].ToArray();
        var best = Array.IndexOf(scores, scores.Max());
        Assert.Equal(1, iris["score_global_rank_france"][best]);
        Assert.Equal(10 * 3 / 4 + 1, iris["score_global_decile_france"][best]);
    }

    [Fact]
    public void Score_FailPolicy_NamesTheUnit()
    {
        var error = Assert.Throws<FragilityException>(() => Run("""{ "method": "ratio", "reference": "departement" }""", missing: "fail"));
        Assert.Contains("010020202", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_SummedColumns_AddsThem()
    {
        var json = """
        {
          "sources": { "units": { "separator": ";", "key": "iris" } },
          "territory": { "source": "units", "codes": { "iris": "iris" } },
          "normalization": { "method": "ratio", "reference": "france" },
          "indicators": [ { "id": "thd", "source": "units", "numerator": "a + b", "denominator": "n" } ],
          "nodes": [ { "id": "score_global", "children": ["thd"] } ]
        }
        """;
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes(json), "test.json");
        var data = "iris;a;b;n\n010010101;1;3;10\n010010102;0;5;10\n";
        var iris = IndexRun.Execute(definition, (_, _) => SourceFile.InMemory("u.csv", Encoding.UTF8.GetBytes(data)), new ScoringOptions()).Result[TerritoryLevel.Iris];
        Assert.Equal(0.4, iris["thd_value"][0], 12);
        Assert.Equal(0.5, iris["thd_value"][1], 12);
    }

    // Classes by the empirical distribution (La MedNum 2023's rule) against classes by rank, worked by hand on 4 classes.
    // seuls = alone / households: 0.4, 0.3, 0.25, 0.4. cdf: ⌈4 F(x)⌉ = 4, 2, 1, 4 (the tie at 0.4 takes the upper
    // class, F = 4/4); rank: 1 + ⌊4 (r − 1) / 4⌋ = 3, 2, 1, 3 (the tie takes the lowest rank, 3).
    // revenu, lower is more fragile, ordered as −income: −20000, −15000, (missing), −18000, so F = 1/3, 3/3, 2/3:
    // cdf ⌈4 F⌉ = 2, 4, 3 where rank gives 1 + ⌊4 (r − 1) / 3⌋ = 1, 3, 2.
    [Theory]
    [InlineData("cdf", new double[] { 4, 2, 1, 4 }, new double[] { 2, 4, double.NaN, 3 })]
    [InlineData("rank", new double[] { 3, 2, 1, 3 }, new double[] { 1, 3, double.NaN, 2 })]
    public void Score_Classes_FollowTheirRule(string rule, double[] seuls, double[] revenu)
    {
        var iris = Run($$"""{ "method": "classes", "classes": 4, "classRule": "{{rule}}", "reference": "departement" }""").Result[TerritoryLevel.Iris];
        Assert.Equal(seuls, iris["seuls"]);
        Assert.Equal(revenu, iris["revenu"]);
    }

    [Fact]
    public void Definition_UnknownClassRule_IsRefusedAtItsPath()
    {
        var error = Assert.Throws<FragilityException>(() => Run("""{ "method": "classes", "classRule": "upper" }"""));
        Assert.Contains("$.normalization.classRule", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected rank, cdf", error.Message, StringComparison.Ordinal);
    }

    // With method none a value is its own score: a share of 0.2 scores 0.2, and a node is the mean of its children's.
    [Fact]
    public void Score_None_TakesValuesAsScores()
    {
        var json = """
        {
          "sources": { "units": { "separator": ";", "key": "iris" } },
          "territory": { "source": "units", "codes": { "iris": "iris" }, "population": "pop", "minPopulationKnown": 0.5 },
          "normalization": { "method": "none" },
          "indicators": [
            { "id": "seniors", "source": "units", "numerator": "old", "denominator": "pop" },
            { "id": "seuls", "source": "units", "numerator": "alone", "denominator": "households" }
          ],
          "nodes": [ { "id": "score_global", "children": ["seniors", "seuls"] } ]
        }
        """;
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes(json), "test.json");
        var iris = IndexRun.Execute(definition, (_, _) => SourceFile.InMemory("units.csv", Encoding.UTF8.GetBytes(Units)), new ScoringOptions()).Result[TerritoryLevel.Iris];
        Assert.Equal(0.1, iris["seniors"][0], 15);
        Assert.Equal(0.4, iris["seuls"][0], 15);
        Assert.Equal((0.1 + 0.4) / 2, iris["score_global"][0], 15);
        Assert.Equal((0.2 + 0.3) / 2, iris["score_global"][1], 15);
    }

    // A lower-is-more-fragile value cannot be its own score: nothing would turn it around.
    [Fact]
    public void Definition_NoneWithALowerIsMoreFragileIndicator_IsRefused()
    {
        var error = Assert.Throws<FragilityException>(() => Run("""{ "method": "none" }"""));
        Assert.Contains("$.indicators[2].polarity", error.Message, StringComparison.Ordinal);
        Assert.Contains("normalization 'none'", error.Message, StringComparison.Ordinal);
    }

    // Scores rolled up by population (La MedNum 2023's communes and EPCI) from the IRIS classes worked out above.
    // seuls by cdf: 4, 2, 1, 4 with populations 100, 300, 200, unknown. Commune 01001: (100·4 + 300·2) / 400 = 2.5;
    // 01002: the IRIS of unknown population weighs nothing, so 1; the département: (400 + 600 + 200) / 600 = 2.
    // By rank (3, 2, 1, 3): 01001 = (300 + 600) / 400 = 2.25, the département (300 + 600 + 200) / 600. Ratios of sums would give other numbers: the commune's
    // own classes among two communes.
    [Theory]
    [InlineData("cdf", 2.5, 1.0, 2.0)]
    [InlineData("rank", 2.25, 1.0, 1100.0 / 600)]
    public void Score_RollUpOfScores_IsThePopulationWeightedMeanOfTheUnits(string rule, double commune1, double commune2, double departement)
    {
        var result = Run($$"""{ "method": "classes", "classes": 4, "classRule": "{{rule}}", "reference": "departement", "rollUp": "scores" }""").Result;
        Assert.Equal([commune1, commune2], result[TerritoryLevel.Commune]["seuls"]);
        Assert.Equal(departement, result[TerritoryLevel.Departement]["seuls"][0], 12);
        // Nodes aggregate the rolled-up scores as at the IRIS: social = (3 seniors + 1 seuls) / 4.
        var communes = result[TerritoryLevel.Commune];
        Assert.Equal((3 * communes["seniors"][0] + communes["seuls"][0]) / 4, communes["social"][0], 12);

        // The communes alone (the IRIS level not scored): the units' scores are worked out all the same.
        var alone = Run($$"""{ "method": "classes", "classes": 4, "classRule": "{{rule}}", "reference": "departement", "rollUp": "scores" }""", levels: [TerritoryLevel.Commune]).Result;
        Assert.Equal([TerritoryLevel.Commune], alone.Levels.Select(l => l.Level));
        Assert.Equal([commune1, commune2], alone[TerritoryLevel.Commune]["seuls"]);
    }

    [Fact]
    public void Definition_RollUpOfScoresWithoutPopulation_IsRefused()
    {
        var json = """
        {
          "sources": { "units": { "separator": ";", "key": "iris" } },
          "territory": { "source": "units", "codes": { "iris": "iris" } },
          "normalization": { "method": "none", "rollUp": "scores" },
          "indicators": [ { "id": "seniors", "source": "units", "numerator": "old", "denominator": "pop" } ],
          "nodes": [ { "id": "score_global", "children": ["seniors"] } ]
        }
        """;
        var error = Assert.Throws<FragilityException>(() => DefinitionLoader.Load(Encoding.UTF8.GetBytes(json), "test.json"));
        Assert.Contains("$.normalization.rollUp", error.Message, StringComparison.Ordinal);
        Assert.Contains("population", error.Message, StringComparison.Ordinal);
    }
}
