using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;

namespace FragilityIndex.Tests.Territory;

/// <summary>The territory model and the joins, on small hand-made files whose answers are worked out by hand.</summary>
public sealed class TerritoryJoinTests
{
    private static RunOutcome Run(string definitionJson, Dictionary<string, string> files) =>
        IndexRun.Execute(DefinitionLoader.Load(Encoding.UTF8.GetBytes(definitionJson), "test.json"),
            (name, _) => SourceFile.InMemory($"{name}.csv", Encoding.UTF8.GetBytes(files[name])), new ScoringOptions());

    private const string Definition = """
        {
          "sources": {
            "units": { "separator": ";" },
            "communes": { "separator": ";", "key": "code", "keyLevel": "commune" }
          },
          "territory": { "source": "units", "codes": { "iris": "iris" }, "population": "pop" },
          "normalization": { "method": "ratio", "reference": "france" },
          "indicators": [ { "id": "thd", "source": "communes", "numerator": "eligible", "denominator": "premises", "missing": "fail" } ],
          "nodes": [ { "id": "score", "children": ["thd"] } ]
        }
        """;

    [Fact]
    public void Population_MayBeAFormula_SummingItsColumns()
    {
        // RP files by age group have no total: the population is their sum, 250 + 750 = 1000 and 100 + 300 = 400.
        var outcome = Run(Definition.Replace("\"population\": \"pop\"", "\"population\": \"pop_young + pop_old\"", StringComparison.Ordinal), new Dictionary<string, string>
        {
            ["units"] = "iris;pop_young;pop_old\n690010101;250;750\n690010102;100;300\n",
            ["communes"] = "code;eligible;premises\n69001;50;100\n",
        });
        Assert.Equal([1000.0, 400.0], outcome.Inputs.Population!);
        Assert.Equal([1000.0, 400.0], outcome.Result[TerritoryLevel.Iris]["population"]);
    }

    [Fact]
    public void PopulationUnknownForMoreThanTheDefinitionAllows_StopsTheRun_AFewIsAWarning()
    {
        // 2 of 20 IRIS (10 %) without a population: the references would be those of the 18 others.
        string Units(int missing) => "iris;pop\n" + string.Concat(Enumerable.Range(1, 20).Select(i => $"6900101{i:00};{(i <= missing ? "" : "100")}\n"));
        var files = new Dictionary<string, string> { ["communes"] = "code;eligible;premises\n69001;50;100\n" };
        var error = Assert.Throws<FragilityException>(() => Run(Definition, new(files) { ["units"] = Units(2) }));
        Assert.Equal("units.csv: column 'pop': the population is unknown for 2 of 20 units (10 %: 690010101, 690010102); roll-ups and reference values are weighted by it, so they would rest on the 18 other units: give a population source that covers the territory, or lower the territory's \"minPopulationKnown\" (95 %)", error.Message);

        // 1 of 20 (95 % known, the default minimum): a warning that names it; 2 of 20 when the definition allows 90 %.
        var outcome = Run(Definition, new(files) { ["units"] = Units(1) });
        Assert.Contains("units.csv: the population is unknown for 1 of 20 units (690010101): they weigh nothing in roll-ups and reference values", outcome.Warnings);
        outcome = Run(Definition.Replace("\"population\": \"pop\"", "\"population\": \"pop\", \"minPopulationKnown\": 0.9", StringComparison.Ordinal), new(files) { ["units"] = Units(2) });
        Assert.Contains("units.csv: the population is unknown for 2 of 20 units (690010101, 690010102): they weigh nothing in roll-ups and reference values", outcome.Warnings);
    }

    [Fact]
    public void CommuneValue_ReachesTheArrondissementsOfItsCity_CountedOnce()
    {
        // Lyon's IRIS sit in 69381 and 69382; Arcep publishes 69123 only.
        var outcome = Run(Definition, new Dictionary<string, string>
        {
            ["units"] = "iris;pop\n693810101;1000\n693820101;3000\n690010000;500\n",
            ["communes"] = "code;eligible;premises\n69123;900;1000\n69001;10;100\n99999;5;5\nXXXXX;1;1\n",
        });

        var iris = outcome.Result[TerritoryLevel.Iris];
        Assert.Equal([0.1, 0.9, 0.9], iris["thd_value"]);
        Assert.Equal([0.1, 0.9, 0.9], outcome.Result[TerritoryLevel.Commune]["thd_value"]);
        var join = Assert.Single(outcome.Inputs.Joins);
        Assert.Equal(1, join.UnitsMatched);
        Assert.Equal(2, join.UnitsViaCity);
        Assert.Equal(2, join.RowsSetAside);
        // The département's ratio of sums counts Lyon's row once: (900 + 10) / (1000 + 100), not (900·2 + 10) / (1000·2 + 100).
        Assert.Equal(910.0 / 1100, outcome.Result[TerritoryLevel.Departement]["thd_value"][0], 12);
    }

    [Fact]
    public void NamesFrom_NamesWhatTheCogDoesNotName_ByCode()
    {
        var definition = Definition.Replace("\"population\": \"pop\" }",
            "\"population\": \"pop\", \"namesFrom\": [ { \"level\": \"departement\", \"source\": \"names\", \"code\": \"dep\", \"name\": \"label\" } ] }",
            StringComparison.Ordinal).Replace("\"communes\": {", "\"names\": { \"separator\": \";\" }, \"communes\": {", StringComparison.Ordinal);
        var outcome = Run(definition, new Dictionary<string, string>
        {
            ["units"] = "iris;pop\n693810101;1000\n010040000;500\n2A0040101;10\n980010101;5\n",
            ["communes"] = "code;eligible;premises\n69123;900;1000\n01004;1;2\n2A004;1;2\n98001;1;2\n",
            // The COG 2023 names 01, 2A and 69 (accented, whatever the table says); the table names what the COG does
            // not know (98, a code of this test only): 1 for 98 would be repaired, the second name of 98 is ignored.
            ["names"] = "dep;label\n69;RHONE\n1;AIN\n98;Territoire d'essai\n98;autre\n2B;Haute-Corse\n",
        });

        var departements = outcome.Result[TerritoryLevel.Departement];
        Assert.Equal(["01", "2A", "69", "98"], departements.Codes);
        Assert.Equal(["Ain", "Corse-du-Sud", "Rhône", "Territoire d'essai"], departements.Names);
    }

    [Fact]
    public void NamesFrom_UnknownLevelOrSource_IsADefinitionError()
    {
        var definition = Definition.Replace("\"population\": \"pop\" }",
            "\"population\": \"pop\", \"namesFrom\": [ { \"level\": \"canton\", \"source\": \"nope\", \"code\": \"c\", \"name\": \"n\" } ] }", StringComparison.Ordinal);
        var error = Assert.Throws<FragilityException>(() => DefinitionLoader.Load(Encoding.UTF8.GetBytes(definition), "test.json"));
        Assert.Contains("$.territory.namesFrom[0].level: unknown level 'canton'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codes_CorsicaOverseasAndLostLeadingZeros_GiveTheirDepartements()
    {
        var outcome = Run(Definition, new Dictionary<string, string>
        {
            // 10040101 is 010040101 without its zero; 2A004 is Ajaccio; 97101 Guadeloupe; 976010100 Mayotte.
            ["units"] = "iris;pop\n2A0040101;10\n971010000;10\n976010100;10\n10040101;10\n",
            ["communes"] = "code;eligible;premises\n2A004;1;2\n97101;1;2\n97601;1;2\n01004;1;2\n",
        });

        var territory = outcome.Inputs.Territory;
        Assert.Equal(["010040101", "2A0040101", "971010000", "976010100"], territory.UnitCodes);
        var departements = territory[TerritoryLevel.Departement];
        Assert.Equal(["01", "2A", "971", "976"], departements.Codes);
        Assert.Contains(outcome.Warnings, w => w.Contains("leading zero", StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateCode_InJoinedSource_NamesFileLineAndColumn()
    {
        var error = Assert.Throws<FragilityException>(() => Run(Definition, new Dictionary<string, string>
        {
            ["units"] = "iris;pop\n010010000;10\n",
            ["communes"] = "code;eligible;premises\n01001;1;2\n01001;1;3\n",
        }));
        Assert.Equal("communes.csv:3: column 'code': duplicate code '01001' (first seen on line 2): expected one row per commune", error.Message);
    }

    [Fact]
    public void TerritoryRowRepeatedWhole_IsOneUnit_ARepeatedCodeWithOtherValuesIsRefused()
    {
        var communes = "code;eligible;premises\n69001;50;100\n";
        // Line 3 repeats line 2 whole (as 11 rows of the Data For Good IRIS table do): one unit, its population once.
        var outcome = Run(Definition, new Dictionary<string, string> { ["units"] = "iris;pop\n690010101;250\n690010101;250\n690010102;100\n", ["communes"] = communes });
        Assert.Equal(["690010101", "690010102"], outcome.Inputs.Territory.UnitCodes);
        Assert.Equal([250.0, 100.0], outcome.Inputs.Population!);
        Assert.Contains("units.csv: 1 rows repeat an earlier row of the same IRIS code exactly: each kept once", outcome.Warnings);

        var error = Assert.Throws<FragilityException>(() => Run(Definition, new Dictionary<string, string> { ["units"] = "iris;pop\n690010101;250\n690010101;251\n", ["communes"] = communes }));
        Assert.Equal("units.csv:3: column 'iris': duplicate IRIS code '690010101' (first seen on line 2): expected one row per IRIS", error.Message);
    }

    [Fact]
    public void UnmatchedCode_IsAWarningCountedInTheJoin()
    {
        var outcome = Run(Definition.Replace("\"missing\": \"fail\"", "\"missing\": \"impute-parent\"", StringComparison.Ordinal), new Dictionary<string, string>
        {
            ["units"] = "iris;pop\n010010000;10\n010020000;10\n",
            ["communes"] = "code;eligible;premises\n01001;1;2\n75056;3;4\n",
        });
        var join = Assert.Single(outcome.Inputs.Joins);
        Assert.Equal(1, join.UnitsUnmatched);
        Assert.Equal(1, join.RowsOutside);
        Assert.Contains(outcome.Warnings, w => w.StartsWith("communes.csv: 1 of 2 units have no row", StringComparison.Ordinal));
        // The unmatched commune takes France's value (its only parent with one), flagged as imputed.
        Assert.Equal([0, 1], outcome.Result[TerritoryLevel.Iris]["imputed_thd"]);
    }

    [Fact]
    public void ParentsTable_GivesEpciByIrisThenByCommune()
    {
        const string definition = """
            {
              "sources": {
                "units": { "separator": ";" },
                "table": { "separator": "," }
              },
              "territory": { "source": "units", "codes": { "iris": "iris" },
                "parents": { "source": "table", "iris": "CODE_IRIS", "commune": "CODE_INSEE", "codes": { "epci": "EPCI", "region": "REG" } } },
              "normalization": { "method": "ratio", "reference": "france" },
              "indicators": [ { "id": "x", "source": "units", "value": "x" } ],
              "nodes": [ { "id": "score", "children": ["x"] } ]
            }
            """;
        var outcome = Run(definition, new Dictionary<string, string>
        {
            // 693810199 is not in the table (redrawn since): it takes its commune's EPCI. REG=6 lost its zero.
            ["units"] = "iris;x\n693810101;1\n693810199;2\n976010100;3\n",
            ["table"] = "CODE_IRIS,CODE_INSEE,EPCI,REG\n693810101,69381,200046977,84\n976010100,97601,200060465,6\n",
        });
        var territory = outcome.Inputs.Territory;
        var epci = territory[TerritoryLevel.Epci];
        Assert.Equal(["200046977", "200046977", "200060465"], territory.UnitCodes.Select((_, u) => epci.Codes[epci.GroupOfUnit[u]]));
        Assert.Equal(["06", "84"], territory[TerritoryLevel.Region].Codes);
        Assert.Contains(outcome.Warnings, w => w.Contains("1 IRIS are not in the parents table", StringComparison.Ordinal));
    }

    [Fact]
    public void TablePassage_MergedCommunesSumSplitOnesShareByPopulation()
    {
        const string definition = """
            {
              "sources": {
                "units": { "separator": ";" },
                "arcep2019": { "separator": ";", "key": "code", "keyLevel": "commune", "passage": { "source": "cog", "from": "CODGEO_2019", "to": "CODGEO_2024" } },
                "cog": { "separator": ";" }
              },
              "territory": { "source": "units", "codes": { "iris": "iris" }, "population": "pop" },
              "normalization": { "method": "ratio", "reference": "france" },
              "indicators": [
                { "id": "thd", "source": "arcep2019", "numerator": "eligible", "denominator": "premises" },
                { "id": "mobile", "source": "arcep2019", "value": "coverage" }
              ],
              "nodes": [ { "id": "score", "children": ["thd", "mobile"] } ]
            }
            """;
        var outcome = Run(definition, new Dictionary<string, string>
        {
            // 2024: 01001 absorbed 01002; 01099 was split into 01003 (300 inhabitants) and 01004 (100).
            ["units"] = "iris;pop\n010010000;100\n010030000;300\n010040000;100\n",
            ["arcep2019"] = "code;eligible;premises;coverage\n01001;10;20;0.8\n01002;5;10;0.6\n01099;40;100;0.5\n75056;1;1;1\n",
            ["cog"] = "CODGEO_2019;CODGEO_2024\n01001;01001\n01002;01001\n01099;01003\n01099;01004\n",
        });
        var iris = outcome.Result[TerritoryLevel.Iris];
        // 01001: (10 + 5) / (20 + 10); 01003: 40·¾ / 100·¾; 01004: 40·¼ / 100·¼.
        Assert.Equal([0.5, 0.4, 0.4], iris["thd_value"]);
        // Coverage is a rate: the merged commune takes the mean of 0.8 and 0.6, the split parts 0.5 each.
        Assert.Equal(0.7, iris["mobile_value"][0], 12);
        Assert.Equal([0.5, 0.5], iris["mobile_value"].Skip(1));
        var passage = Assert.Single(outcome.Inputs.Passages);
        Assert.Equal((1, 1, 1), (passage.RowsMerged, passage.RowsSplit, passage.CodesUnknown));
        // France's ratio of sums: (15 + 30 + 10) / (30 + 75 + 25) = 55 / 130: the split commune's counts are not doubled.
        Assert.Equal(55.0 / 130, outcome.Result[TerritoryLevel.Departement]["thd_value"][0], 12);
    }

    private const string WithParents = """
        {
          "sources": {
            "units": { "separator": ";" },
            "parents": { "separator": ";" },
            "communes": { "separator": ";", "key": "code", "keyLevel": "commune" }
          },
          "territory": { "source": "units", "codes": { "iris": "iris" }, "population": "pop",
                         "parents": { "source": "parents", "iris": "CODE_IRIS", "commune": "CODE_INSEE", "codes": { "epci": "EPCI", "region": "REG" } } },
          "normalization": { "method": "ratio", "reference": "france" },
          "indicators": [ { "id": "thd", "source": "communes", "numerator": "eligible", "denominator": "premises" } ],
          "nodes": [ { "id": "score", "children": ["thd"] } ]
        }
        """;

    [Fact]
    public void UnitsTheParentsTableDoesNotKnow_TakeTheirParentsFromTheCog_NeverAnEmptyCode()
    {
        // A run over 69 and 22 with a parents table of the Rhône only: Lanloup (22109) is in no row of it.
        var outcome = Run(WithParents, new Dictionary<string, string>
        {
            ["units"] = "iris;pop\n693810101;1000\n221090000;230\n",
            ["parents"] = "CODE_IRIS;CODE_INSEE;EPCI;REG\n693810101;69381;200046977;84\n",
            ["communes"] = "code;eligible;premises\n69123;900;1000\n22109;50;100\n",
        });

        // From data/cog/cog-2023.csv (Etalab's COG 2023): Lanloup is in EPCI 200067981, département 22, région 53.
        var epci = outcome.Result[TerritoryLevel.Epci];
        Assert.Equal(["200046977", "200067981"], epci.Codes);
        Assert.Equal(["Métropole de Lyon", "CA Guingamp-Paimpol Agglomération de l'Armor à l'Argoat"], epci.Names);
        Assert.Equal(["53", "84"], outcome.Result[TerritoryLevel.Region].Codes);
        Assert.Equal(["Bretagne", "Auvergne-Rhône-Alpes"], outcome.Result[TerritoryLevel.Region].Names);
        Assert.Equal(["Côtes-d'Armor", "Rhône"], outcome.Result[TerritoryLevel.Departement].Names);
        Assert.All(outcome.Result.Levels, level => Assert.DoesNotContain("", level.Codes));
        Assert.Contains(outcome.Warnings, w => w == "parents.csv: 1 IRIS had no epci code and took it from the COG 2023, through their commune");
    }

    [Fact]
    public void UnitOfACommuneTheCogDoesNotKnow_StopsTheRunListingIt()
    {
        var error = Assert.Throws<FragilityException>(() => Run(WithParents, new Dictionary<string, string>
        {
            ["units"] = "iris;pop\n693810101;1000\n229990000;230\n",
            ["parents"] = "CODE_IRIS;CODE_INSEE;EPCI;REG\n693810101;69381;200046977;84\n",
            ["communes"] = "code;eligible;premises\n69123;900;1000\n22999;50;100\n",
        }));
        Assert.Equal("parents.csv: 1 IRIS have no epci, and the COG 2023 does not know their commune either: 229990000; a territory cannot have an empty code: give these units their parents (a parents table of their vintage)", error.Message);
    }
}
