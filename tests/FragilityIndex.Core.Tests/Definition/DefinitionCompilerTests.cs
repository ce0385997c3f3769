using System.Diagnostics;
using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Definition.Plan;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Tests.Definition;

/// <summary>
/// The definition compiled once: every problem reported together, each at its line and column in the file the user
/// wrote; the checks the validator lacked; the plan's enums, kinds, formulas and weights.
/// </summary>
public sealed class DefinitionCompilerTests
{
    private static string[] Problems(string json)
    {
        var error = Assert.Throws<FragilityException>(() => DefinitionLoader.Load(Encoding.UTF8.GetBytes(json), "local.json"));
        Assert.Equal(FailureKind.BadData, error.Kind);
        return error.Message.Split('\n');
    }

    private static readonly System.Text.Json.JsonSerializerOptions CamelCase = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase };

    private const string Minimal = """
        {
          "sources": { "units": { "key": "iris" } },
          "territory": { "source": "units", "codes": { "iris": "iris" } },
          "indicators": [ INDICATORS ],
          "nodes": [ NODES ]
        }
        """;

    private static string With(string indicators, string nodes) => Minimal.Replace("INDICATORS", indicators, StringComparison.Ordinal).Replace("NODES", nodes, StringComparison.Ordinal);

    [Fact]
    public void Load_MisspeltMember_SuggestsTheRightOne()
    {
        var problems = Problems("{\n  \"extends\": \"default\",\n  \"indicators\": [ { \"id\": \"thd\", \"polarty\": \"lower-is-more-fragile\" } ]\n}\n");
        Assert.Equal(["local.json:3:34: at $.indicators[0].polarty: unknown member 'polarty': did you mean 'polarity'?"], problems);
    }

    [Fact]
    public void Load_SeveralProblems_AllReportedEachAtItsPlaceInTheUsersFile()
    {
        // The preset has 14 indicators and 5 nodes: the user's file numbers its own from 0, and so do the messages, whose
        // columns point at the member named (counted by hand in the lines below).
        var problems = Problems("""
            {
              "extends": "default",
              "normalization": { "method": "median" },
              "indicators": [ { "id": "local", "source": "census", "value": "P16_POP", "polarity": "up", "scale": 1e300 } ],
              "nodes": [ { "id": "score_global", "children": ["acces_information", "acces_information"], "weights": { "acces_information": -2 } } ]
            }
            """);
        Assert.Equal(
        [
            "local.json:3:22: at $.normalization.method: unknown method 'median': expected ratio, min-max, z-score, rank, percentile, classes, none",
            "local.json:4:76: at $.indicators[0].polarity: unknown polarity 'up': expected higher-is-more-fragile, lower-is-more-fragile",
            "local.json:4:94: at $.indicators[0].scale: expected a non-zero number between 1e-12 and 1e12 in size, found 1E+300",
            "local.json:5:72: at $.nodes[0].children[1]: 'acces_information' is listed twice: it would weigh twice (give it a weight instead)",
            "local.json:5:107: at $.nodes[0].weights.acces_information: expected a finite weight > 0, found -2 (turn a child off by leaving it out)",
        ], problems);
    }

    [Fact]
    public void Load_IdsAndSourcesOfTheWrongType_AreAllReported()
    {
        var problems = Problems(With("""{ "id": 5, "source": "units", "value": "v" }, { "id": "b", "source": null, "value": "v" }, { "id": null, "source": "units", "value": "v" }""",
            """{ "id": "g", "children": ["b"] }"""));
        Assert.Equal(3, problems.Length);
        Assert.Contains(problems, p => p.EndsWith("at $.indicators[0].id: expected a string, found the number 5", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith("at $.indicators[1].source: expected a string, found null", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith("at $.indicators[2].id: expected a string, found null", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.StartsWith("local.json:4:", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_DuplicateIndicatorIds_AreRefused()
    {
        var problems = Problems(With("""{ "id": "a", "source": "units", "value": "v" }, { "id": "a", "source": "units", "value": "w" }""", """{ "id": "g", "children": ["a"] }"""));
        Assert.Equal(["local.json:4:69: at $.indicators[1].id: duplicate id 'a' (also indicators[0]): expected one indicator per id"], problems);
    }

    [Fact]
    public void Load_DuplicateIdsInAFileThatExtends_AreRefusedNotMerged()
    {
        var problems = Problems("""
            { "extends": "default", "indicators": [ { "id": "thd", "scale": 2 }, { "id": "thd", "scale": 3 } ] }
            """);
        Assert.Equal(["local.json:1:72: at $.indicators[1].id: duplicate id 'thd' (also indicators[0]): expected one indicator per id"], problems);
    }

    [Fact]
    public void Load_DuplicateJsonMember_IsRefused()
    {
        var problems = Problems("{\n  \"extends\": \"default\",\n  \"levels\": [\"iris\"],\n  \"levels\": [\"commune\"]\n}\n");
        Assert.Equal(["local.json:4:3: at $.levels: member given twice: a parser would keep only one of them"], problems);
    }

    [Theory]
    [InlineData("\"weights\": { \"a\": 0 }", "expected a finite weight > 0, found 0")]
    [InlineData("\"weights\": { \"a\": -1 }", "expected a finite weight > 0, found -1")]
    [InlineData("\"weights\": { \"a\": 1e308, \"b\": 1e308 }", "the weights' sum overflows")]
    public void Load_BadWeights_AreRefused(string weights, string expected)
    {
        var problems = Problems(With("""{ "id": "a", "source": "units", "value": "v" }, { "id": "b", "source": "units", "value": "w" }""",
            $$"""{ "id": "g", "children": ["a", "b"], {{weights}} }"""));
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_TreeDeeperThanTheLimit_IsAProblemNotAStackOverflow()
    {
        // 5,000 nodes in a chain: recursion over it would overflow the stack of a test thread.
        var nodes = string.Join(", ", Enumerable.Range(0, 5000).Select(i => $$"""{ "id": "n{{i}}", "children": ["{{(i == 4999 ? "a" : $"n{i + 1}")}}"] }"""));
        var problems = Problems(With("""{ "id": "a", "source": "units", "value": "v" }""", nodes));
        Assert.Equal(["local.json:5:3: at $.nodes: the aggregation tree is more than 64 levels deep"], problems);
    }

    [Fact]
    public void Load_Cycle_NamesIt()
    {
        var problems = Problems(With("""{ "id": "a", "source": "units", "value": "v" }""",
            """{ "id": "g", "children": ["x"] }, { "id": "x", "children": ["y", "a"] }, { "id": "y", "children": ["x"] }"""));
        Assert.Contains(problems, p => p.EndsWith("the nodes contain a cycle: a node cannot contain itself (x → y → x)", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ExtendsWithTenThousandIndicators_MergesInLinearTime()
    {
        var indicators = string.Join(", ", Enumerable.Range(0, 10_000).Select(i => $$"""{ "id": "local{{i}}", "source": "census", "value": "P16_POP", "context": true }"""));
        var json = $$"""{ "extends": "default", "indicators": [ {{indicators}} ] }""";
        var clock = Stopwatch.StartNew();
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes(json), "local.json");
        Assert.Equal(10_000 + DefinitionLoader.LoadPreset("default").Indicators.Count, definition.Indicators.Count);
        // A quadratic merge takes tens of seconds here; the linear one well under one.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Compile_Default_GivesEnumsKindsFormulasAndWeights()
    {
        var plan = DefinitionCompiler.Compile(DefinitionLoader.LoadPreset("default"));
        Assert.Equal(NormalizationMethod.Ratio, plan.Normalization.Method);
        Assert.Equal(TerritoryLevel.Departement, plan.Normalization.Reference);
        var thd = plan.Indicators.Single(i => i.Id == "thd_eligibles");
        Assert.Equal(IndicatorKind.Share, thd.Kind);
        // ≥ 30 Mbit/s is the sum of Arcep's three speed classes.
        Assert.Equal(3, thd.Numerator.Count);
        Assert.All(thd.Numerator, t => Assert.Equal(1.0, t.Sign));
        Assert.Contains(plan.Indicators, i => i.Kind == IndicatorKind.PointsDistance);
        Assert.Contains(plan.Indicators, i => i.Kind == IndicatorKind.Poststratified);
        Assert.Equal("score_global", plan.Global);
        Assert.Equal("score_global", plan.NodesInOrder[^1].Id);
        Assert.All(plan.NodesInOrder, n => Assert.Equal(n.Children.Count, n.Weights.Count));
    }

    [Theory]
    [InlineData("""{ "id": "a", "source": "units", "numerator": "n", "denominator": "d" }""", nameof(IndicatorKind.Share))]
    [InlineData("""{ "id": "a", "source": "units", "value": "v" }""", nameof(IndicatorKind.Value))]
    [InlineData("""{ "id": "a", "points": ["p"], "measure": "count" }""", nameof(IndicatorKind.PointsCount))]
    [InlineData("""{ "id": "a", "points": ["p"], "measure": "distance" }""", nameof(IndicatorKind.PointsDistance))]
    [InlineData("""{ "id": "a", "points": ["p"], "measure": "sum", "value": "hours" }""", nameof(IndicatorKind.PointsSum))]
    public void KindOf_EachKind_IsWorkedOutFromItsMembers(string json, string kind)
    {
        // By name: the kinds are internal, and a public test method takes public types.
        var expected = Enum.Parse<IndicatorKind>(kind);
        var indicator = System.Text.Json.JsonSerializer.Deserialize<IndicatorDefinition>(json, CamelCase)!;
        Assert.Equal(expected, DefinitionTerms.KindOf(indicator));
    }

    [Fact]
    public void KindOf_ValueAndShareTogether_IsNone()
    {
        Assert.Null(DefinitionTerms.KindOf(new IndicatorDefinition { Id = "a", Source = "s", Value = "v", Numerator = "n", Denominator = "d" }));
    }

    [Fact]
    public void Load_OnManyThreadsAtOnce_GivesTheSameDefinitionEveryTime()
    {
        // The shape check reads nullability by reflection; its cache must not be shared between threads.
        var expected = DefinitionLoader.ToJson(DefinitionLoader.LoadPreset("default-senior"));
        var results = new string[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = DefinitionLoader.ToJson(DefinitionLoader.LoadPreset("default-senior")));
        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
