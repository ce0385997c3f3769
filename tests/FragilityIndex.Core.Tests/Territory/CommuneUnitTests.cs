using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;

namespace FragilityIndex.Tests.Territory;

/// <summary>
/// Communes as units (territory.unitLevel commune), checked by a second method: a run whose units are the sample's
/// communes, its IRIS-keyed census summed to them, gives at the commune and département levels what the run whose
/// units are the IRIS gives there by its ratios of sums.
/// </summary>
public sealed class CommuneUnitTests
{
    private static readonly string Census = Path.Combine(SharedData.RepositoryRoot, "data/sample/census.csv");

    private const string Indicators = """
        "normalization": { "method": "ratio", "reference": "departement" },
        "indicators": [
          { "id": "seniors", "source": "census", "numerator": "P16_POP65P", "denominator": "P16_POP" },
          { "id": "seuls", "source": "census", "numerator": "C16_MENPSEUL", "denominator": "C16_MEN" },
          { "id": "diplomes", "source": "census", "numerator": "P16_NSCOL15P_DIPLMIN", "denominator": "P16_NSCOL15P" }
        ],
        "nodes": [ { "id": "score_global", "children": ["seniors", "seuls", "diplomes"], "weights": { "seniors": 2 } } ]
        """;

    private static RunOutcome Run(string json, string communes)
    {
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes(json), "test.json");
        return IndexRun.Execute(definition, (source, _) => SourceFile.OnDisk(source == "communes" ? communes : Census), new ScoringOptions());
    }

    [Fact]
    public void CommuneUnits_FromIrisCounts_ScoreAsTheIrisRunScoresItsCommunes()
    {
        // The sample's 25 communes, with their département and région, and an EPCI per département (the synthetic
        // codes are in no COG).
        var rows = File.ReadAllLines(Census).Skip(1).Select(l => l.Split(';')).Select(f => (Commune: f[3], Departement: f[2], Region: f[1])).Distinct().ToArray();
        var communes = Path.Combine(Path.GetTempPath(), $"communes-{Environment.ProcessId}.csv");
        File.WriteAllLines(communes, ["code;dep;reg;epci", .. rows.Select(r => $"{r.Commune};{r.Departement};{r.Region};2000000{r.Departement}")]);
        try
        {
            var byIris = Run($$"""
                {
                  "sources": { "census": { "separator": ";", "key": "IRIS" } },
                  "territory": { "source": "census", "codes": { "iris": "IRIS", "commune": "COM", "departement": "DEP", "region": "REG" }, "population": "P16_POP" },
                  {{Indicators}}
                }
                """, communes);
            var byCommune = Run($$"""
                {
                  "sources": {
                    "communes": { "separator": ";", "key": "code", "keyLevel": "commune" },
                    "census": { "separator": ";", "key": "IRIS", "keyLevel": "iris" }
                  },
                  "territory": { "source": "communes", "unitLevel": "commune", "codes": { "commune": "code", "departement": "dep", "region": "reg", "epci": "epci" },
                                 "population": "P16_POP", "populationSource": "census" },
                  {{Indicators}}
                }
                """, communes);

            Assert.Equal(TerritoryLevel.Commune, byCommune.Inputs.Territory.UnitLevel);
            Assert.Equal(rows.Length, byCommune.Inputs.Territory.UnitCount);
            // The IRIS rows that went into a commune with several: counted from the file by commune code.
            var irisOfCommune = File.ReadAllLines(Census).Skip(1).GroupBy(l => l.Split(';')[0][..5]).Select(g => g.Count()).ToArray();
            Assert.Equal(irisOfCommune.Where(n => n > 1).Sum(), Assert.Single(byCommune.Inputs.Joins, j => j.Source == "census").IrisRowsSummed);
            foreach (var level in new[] { TerritoryLevel.Commune, TerritoryLevel.Departement })
            {
                var expected = byIris.Result[level];
                var actual = byCommune.Result[level];
                Assert.Equal(expected.Codes, actual.Codes);
                foreach (var column in new[] { "population", "seniors_value", "seuls_value", "diplomes_value", "seniors", "seuls", "diplomes", "score_global", "score_global_rank" })
                {
                    for (var row = 0; row < expected.Count; row++)
                        Assert.True(Math.Abs(expected[column][row] - actual[column][row]) <= 1e-9 * Math.Max(1, Math.Abs(expected[column][row])),
                            $"{level.Name()} {expected.Codes[row]} {column}: {expected[column][row]} by IRIS, {actual[column][row]} by commune");
                }
            }
        }
        finally
        {
            File.Delete(communes);
        }
    }

    [Fact]
    public void CommuneUnits_RefuseAnIrisValueThatIsNotACount()
    {
        var communes = Path.Combine(Path.GetTempPath(), $"communes-value-{Environment.ProcessId}.csv");
        File.WriteAllLines(communes, ["code;dep;reg;epci", "07900;07;84;200000007"]);
        try
        {
            var error = Assert.Throws<FragilityException>(() => Run("""
                {
                  "sources": { "communes": { "separator": ";", "key": "code", "keyLevel": "commune" }, "census": { "separator": ";", "key": "IRIS", "minMatch": 0 } },
                  "territory": { "source": "communes", "unitLevel": "commune", "codes": { "commune": "code", "departement": "dep", "region": "reg", "epci": "epci" } },
                  "indicators": [ { "id": "chomage", "source": "census", "value": "P16_CHOM1564" } ],
                  "nodes": [ { "id": "score_global", "children": ["chomage"] } ]
                }
                """, communes));
            Assert.Equal(FailureKind.BadData, error.Kind);
            Assert.Contains("'P16_CHOM1564' is not a count", error.Message, StringComparison.Ordinal);
            Assert.Contains("census.csv", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(communes);
        }
    }

    [Theory]
    [InlineData("""{ "source": "s", "unitLevel": "canton", "codes": { "commune": "c" } }""", "$.territory.unitLevel")]
    [InlineData("""{ "source": "s", "unitLevel": "commune", "codes": { "iris": "i" } }""", "expected a 'commune' code column")]
    [InlineData("""{ "source": "s", "unitLevel": "commune", "codes": { "commune": "c", "iris": "i" } }""", "an IRIS code column has no place")]
    public void Validator_RefusesWhatCommuneUnitsCannotHave(string territory, string expected)
    {
        var json = $$"""
            { "sources": { "s": { "key": "c" } }, "territory": {{territory}},
              "indicators": [ { "id": "x", "source": "s", "value": "v" } ], "nodes": [ { "id": "g", "children": ["x"] } ] }
            """;
        var error = Assert.Throws<FragilityException>(() => DefinitionLoader.Load(Encoding.UTF8.GetBytes(json), "test.json"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
