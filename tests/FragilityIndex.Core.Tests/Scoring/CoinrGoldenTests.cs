using System.Globalization;
using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;
using FragilityIndex.Tests;

namespace FragilityIndex.Tests.Scoring;

/// <summary>
/// Normalisation and aggregation against COINr, the JRC's reference R package, on the Rhône's six 2020 indicators
/// (../shared/golden/coinr): min-max, z-score and rank over the 744 IRIS, arithmetic and geometric means over the tree.
/// </summary>
public sealed class CoinrGoldenTests
{
    private static readonly string[] Columns =
    [
        "menages_seuls", "familles_mono", "jeunes_15_29", "seniors_65", "peu_diplomes", "revenu",
        "acces_interfaces_numeriques", "acces_information", "competences_administratives", "competences_numeriques",
        "acces", "competences", "score_global",
    ];

    [SkippableTheory]
    [InlineData("min-max", "arithmetic", "[0, 100]", "mednum69_minmax_arithmetic.csv", 1e-12, false)]
    [InlineData("min-max", "geometric", "[1, 100]", "mednum69_minmax_geometric.csv", 1e-13, true)]
    [InlineData("z-score", "arithmetic", "null", "mednum69_zscore_arithmetic.csv", 1e-13, false)]
    [InlineData("rank", "arithmetic", "null", "mednum69_rank_arithmetic.csv", 0, false)]
    public void Score_RhoneIndicators_MatchesCoinr(string method, string aggregation, string range, string goldenFile, double tolerance, bool relative)
    {
        var input = SharedData.Find("golden/coinr/mednum69_input.csv");
        var golden = SharedData.Find($"golden/coinr/{goldenFile}");

        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes(Definition(method, aggregation, range)), "coinr.json");
        var outcome = IndexRun.Execute(definition, (_, _) => SourceFile.OnDisk(input), new ScoringOptions());
        var scores = outcome.Result[TerritoryLevel.Iris];

        var rows = PlainCsv.Read(golden, ',');
        var header = rows[0].ToList();
        Assert.Equal(744, rows.Count - 1);
        foreach (var row in rows.Skip(1))
        {
            var position = scores.PositionOf(row[0]);
            Assert.True(position >= 0, $"unit {row[0]} not scored");
            foreach (var column in Columns)
            {
                var expected = double.Parse(row[header.IndexOf(column)], CultureInfo.InvariantCulture);
                var actual = scores[column][position];
                var allowed = relative ? tolerance * Math.Abs(expected) : tolerance;
                Assert.True(Math.Abs(expected - actual) <= allowed, $"{row[0]} {column}: COINr {expected:R}, computed {actual:R}");
            }
        }
    }

    // The COINr tree: six indicators (income reversed), four components, two axes, one global score, all weights 1.
    private static string Definition(string method, string aggregation, string range) => $$"""
    {
      "name": "coinr-golden",
      "sources": { "golden": { "separator": ",", "key": "uCode" } },
      "territory": { "source": "golden", "codes": { "iris": "uCode" } },
      "normalization": { "method": "{{method}}", "reference": "france", "range": {{range}} },
      "levels": ["iris"],
      "indicators": [
        { "id": "menages_seuls", "source": "golden", "value": "menages_seuls" },
        { "id": "familles_mono", "source": "golden", "value": "familles_mono" },
        { "id": "jeunes_15_29", "source": "golden", "value": "jeunes_15_29" },
        { "id": "seniors_65", "source": "golden", "value": "seniors_65" },
        { "id": "peu_diplomes", "source": "golden", "value": "peu_diplomes" },
        { "id": "revenu", "source": "golden", "value": "revenu", "polarity": "lower-is-more-fragile" }
      ],
      "nodes": [
        { "id": "acces_interfaces_numeriques", "children": ["revenu"], "aggregation": "{{aggregation}}" },
        { "id": "acces_information", "children": ["menages_seuls", "familles_mono"], "aggregation": "{{aggregation}}" },
        { "id": "competences_administratives", "children": ["jeunes_15_29"], "aggregation": "{{aggregation}}" },
        { "id": "competences_numeriques", "children": ["seniors_65", "peu_diplomes"], "aggregation": "{{aggregation}}" },
        { "id": "acces", "children": ["acces_interfaces_numeriques", "acces_information"], "aggregation": "{{aggregation}}" },
        { "id": "competences", "children": ["competences_administratives", "competences_numeriques"], "aggregation": "{{aggregation}}" },
        { "id": "score_global", "children": ["acces", "competences"], "aggregation": "{{aggregation}}" }
      ]
    }
    """;
}
