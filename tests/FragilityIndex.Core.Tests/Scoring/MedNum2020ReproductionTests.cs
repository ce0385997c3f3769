using System.Globalization;
using System.Text.RegularExpressions;
using FragilityIndex.Definition;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;
using FragilityIndex.Tests;

namespace FragilityIndex.Tests.Scoring;

/// <summary>
/// The mednum-2020 preset against La MedNum's published 2020 scores: every node of every IRIS of the Rhône and the
/// Côtes-d'Armor, at each of the three reference levels, equals the file's "… 1" column within 1e-5.
/// </summary>
public sealed class MedNum2020ReproductionTests
{
    private const string Folder = "data/real/mednum_ifn_design4green2020_by_dept";

    // The published column of each node, before its reference level ("departement", "epci" or "region") and " 1".
    private static readonly (string Node, string Column)[] PublishedColumns =
    [
        ("acces_interfaces_numeriques", "ACCÈS AUX INTERFACES NUMERIQUES"),
        ("acces_information", "ACCES A L'INFORMATION"),
        ("competences_administratives", "COMPETENCES ADMINISTATIVES"),
        ("competences_numeriques", "COMPÉTENCES NUMÉRIQUES / SCOLAIRES"),
        ("global_acces", "GLOBAL ACCES"),
        ("global_competences", "GLOBAL COMPETENCES"),
        ("score_global", "SCORE GLOBAL"),
    ];

    [SkippableTheory]
    [InlineData("69", "departement", 751)]
    [InlineData("69", "epci", 751)]
    [InlineData("69", "region", 751)]
    [InlineData("22", "departement", 410)]
    [InlineData("22", "epci", 410)]
    [InlineData("22", "region", 410)]
    public void Score_PublishedDepartementFile_EqualsPublishedNodeScores(string departement, string reference, int expectedUnits)
    {
        var path = SharedData.Find($"{Folder}/{departement}.csv");
        var headersPath = SharedData.Find($"{Folder}/headers.csv");

        var definition = DefinitionLoader.LoadPreset("mednum-2020");
        var outcome = IndexRun.Execute(definition, (_, _) => SourceFile.OnDisk(path),
            new ScoringOptions { ReferenceLevel = TerritoryLevels.Parse(reference), Levels = [TerritoryLevel.Iris] });
        var scores = outcome.Result[TerritoryLevel.Iris];
        Assert.Equal(expectedUnits, scores.Count);

        var header = File.ReadAllText(headersPath).TrimStart('\uFEFF').TrimEnd('\r', '\n').Split(';').Select(Normalise).ToList();
        var rows = PlainCsv.Read(path, ';');
        var codeColumn = header.IndexOf("Code Iris");
        var compared = 0;
        foreach (var (node, column) in PublishedColumns)
        {
            var published = header.IndexOf(Normalise($"{column} {reference} 1"));
            Assert.True(published >= 0, $"no published column for {node}");
            foreach (var row in rows)
            {
                var expected = double.Parse(row[published], CultureInfo.InvariantCulture);
                var actual = scores[node][scores.PositionOf(row[codeColumn])];
                Assert.True(Math.Abs(expected - actual) <= 1e-5, $"{row[codeColumn]} {node} ({reference}): published {expected}, computed {actual}");
                compared++;
            }
        }

        Assert.Equal(7 * expectedUnits, compared);
    }

    [SkippableFact]
    public void Score_CommuneLevel_RollsUpCountsAsRatioOfSums()
    {
        var path = SharedData.Find($"{Folder}/22.csv");
        var outcome = IndexRun.Execute(DefinitionLoader.LoadPreset("mednum-2020"), (_, _) => SourceFile.OnDisk(path),
            new ScoringOptions { Levels = [TerritoryLevel.Iris, TerritoryLevel.Commune] });
        var communes = outcome.Result[TerritoryLevel.Commune];
        var rows = PlainCsv.Read(path, ';');

        // Saint-Brieuc (22278) is split into IRIS: its 65+ share is Σ P16 Pop65P / Σ P16 Pop over its rows (columns 121 and 5).
        var ofCommune = rows.Where(r => r[16] == "22278").ToList();
        Assert.True(ofCommune.Count > 1);
        var expectedShare = ofCommune.Sum(r => double.Parse(r[120], CultureInfo.InvariantCulture)) / ofCommune.Sum(r => double.Parse(r[4], CultureInfo.InvariantCulture));
        var position = communes.PositionOf("22278");
        Assert.Equal(expectedShare, communes["seniors_65_value"][position], 12);
        var reference = double.Parse(ofCommune[0][146], CultureInfo.InvariantCulture);
        Assert.Equal(100 * expectedShare / reference, communes["seniors_65"][position], 9);
    }

    private static string Normalise(string name) => Regex.Replace(name.Trim(), @"\s+", " ");
}
