using System.Text;
using System.Text.Json.Nodes;
using FragilityIndex.Definition;
using FragilityIndex.Export;
using FragilityIndex.Export.Report;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;

namespace FragilityIndex.Tests.Export;

/// <summary>
/// The report of a territory scored alone with a references file: its département and région columns are those
/// territories whole, as the run over the larger input scored them (the second method the test checks against), not
/// the part of them the local input covers; the France column is left out when the references have one région, and
/// the indicators the larger input had for part of its units only are named.
/// </summary>
public sealed class ReportWithReferencesTests
{
    private static SourceFile Open(string path) => SourceFile.OnDisk(Path.Combine(SharedData.RepositoryRoot, path), path);

    // The sample's contours of the Ardèche (07) only: a local input.
    private static SourceFile ArdecheContours()
    {
        var contours = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "data", "sample", "contours.geojson")))!.AsObject();
        var features = contours["features"]!.AsArray()
            .Where(f => f!["properties"]!["INSEE_COM"]!.GetValue<string>().StartsWith("07", StringComparison.Ordinal)).Select(f => f!.DeepClone()).ToArray();
        contours["features"] = new JsonArray(features);
        return SourceFile.InMemory("contours-07.geojson", Encoding.UTF8.GetBytes(contours.ToJsonString()));
    }

    [Fact]
    public void TheArdecheAlone_ShowsItsDepartementAndRegionWhole_FromTheReferences()
    {
        var definition = DefinitionLoader.LoadPreset("default");
        var both = IndexRun.Execute(definition, (_, path) => Open(path), new ScoringOptions { IncludeWhole = true });
        // Through the file's bytes, as `references build` writes it and `--references` reads it.
        using var file = new MemoryStream();
        ReferencesBuilder.FromRun(both, "preset:default", []).Write(file);
        file.Position = 0;
        var references = NationalReferences.Read(file, "references.json");

        var alone = IndexRun.Execute(definition, (name, path) => name == "contours" ? ArdecheContours() : Open(path),
            new ScoringOptions { IncludeWhole = true, References = references });
        Assert.Equal(25, alone.Inputs.Territory.UnitCount);
        var report = TerritoryReport.Build(alone, TerritorySelection.Parse("epci:207000001"), null);

        // Without references, the same columns are the Ardèche's part of the région, scored 100 against itself.
        var plain = TerritoryReport.Build(IndexRun.Execute(definition, (name, path) => name == "contours" ? ArdecheContours() : Open(path), new ScoringOptions { IncludeWhole = true }),
            TerritorySelection.Parse("epci:207000001"), null);
        Assert.Equal("Ensemble étudié de la région (1 département sur 12)", plain.Compared[2].Heading);
        Assert.All(plain.Lines.Where(l => l.IsScore), l => Assert.Equal(100, l.Values[2], 9));
        Assert.Empty(plain.ReferencesNotes);

        // One région in the references: its column is the whole, and no France column repeats it.
        Assert.Equal(["EPCI 207000001", "Ardèche", "Auvergne-Rhône-Alpes"], report.Compared.Select(c => c.Heading).ToArray());
        Assert.Equal("l'ensemble de référence (2 dép.)", report.Compared[1].Reference);
        var departement = both.Result[TerritoryLevel.Departement];
        var region = both.Result[TerritoryLevel.Region];
        var (d07, r84) = (departement.PositionOf("07"), region.PositionOf("84"));
        foreach (var line in report.Lines)
        {
            var column = line.IsScore ? line.Id : $"{line.Id}_value";
            Assert.Equal(departement[column][d07], line.Values[1], 12);
            Assert.Equal(region[column][r84], line.Values[2], 12);
        }

        // The département is not 100 against the references' whole; the région, which is that whole, is.
        Assert.NotEqual(100, report.Lines[0].Values[1], 6);
        Assert.Equal(100, report.Lines[0].Values[2], 9);
        // The EPCI's own column is the local run's, compared with the references' département.
        var epci = alone.Result[TerritoryLevel.Epci];
        Assert.Equal(epci["score_global"][epci.PositionOf("207000001")], report.Lines[0].Values[0], 12);
        Assert.Equal(both.Result[TerritoryLevel.Epci]["score_global"][both.Result[TerritoryLevel.Epci].PositionOf("207000001")], report.Lines[0].Values[0], 12);

        // Filosofi has 30 of the sample's 51 IRIS: the poverty rate's references stand for that part.
        Assert.Contains(report.ReferencesNotes, n => n.StartsWith("Références partielles pour « Taux de pauvreté (seuil à 60 %) » : 30 unités sur 51", StringComparison.Ordinal));
        Assert.Contains(alone.Warnings, w => w.Contains("indicator 'taux_pauvrete' has values for 30 of 51 units", StringComparison.Ordinal));
        Assert.DoesNotContain(report.ReferencesNotes, n => n.Contains("Part des ménages d'une personne", StringComparison.Ordinal));

        using var html = new MemoryStream();
        HtmlReportWriter.Write(report, html);
        var page = Encoding.UTF8.GetString(html.ToArray());
        Assert.DoesNotContain("valent 100 par construction", page, StringComparison.Ordinal);
        Assert.Contains("viennent du fichier de références references.json", page.Replace("&#233;", "é", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void AReportOnClasses_SpeaksOfClasses_NotOfBase100()
    {
        // mednum-2023 scores 1 to 10: no sentence, header or column of the page may say base 100 or an average of 100.
        var outcome = IndexRun.Execute(DefinitionLoader.LoadPreset("mednum-2023"), (_, path) => Open(path), new ScoringOptions { IncludeWhole = true });
        var report = TerritoryReport.Build(outcome, TerritorySelection.Parse("epci:207000001"), null);
        Assert.Equal("en classes de 1 à 10, 10 = les plus fragiles", report.Scale);
        using var html = new MemoryStream();
        HtmlReportWriter.Write(report, html);
        var page = System.Net.WebUtility.HtmlDecode(Encoding.UTF8.GetString(html.ToArray()));
        Assert.DoesNotContain("base 100", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Écart à la moyenne", page, StringComparison.Ordinal);
        Assert.DoesNotContain("valent 100", page, StringComparison.Ordinal);
        Assert.Contains("(en classes de 1 à 10, 10 = les plus fragiles ; référence : l'ensemble étudié)", page, StringComparison.Ordinal);

        // With references that class two of the five among France's units, the other three are named as classed locally.
        using (var file = new MemoryStream())
        {
            var national = DefinitionLoader.Load(Encoding.UTF8.GetBytes("""
                { "extends": "mednum-2023", "indicators": [ { "id": "poverty_rate", "enabled": false }, { "id": "older_65_rate", "enabled": false }, { "id": "nscol15p_rate", "enabled": false } ] }
                """), "two.json");
            ReferencesBuilder.FromRun(IndexRun.Execute(national, (_, path) => Open(path), new ScoringOptions { IncludeWhole = true }), "two.json", []).Write(file);
            file.Position = 0;
            var withReferences = IndexRun.Execute(DefinitionLoader.LoadPreset("mednum-2023"), (_, path) => Open(path),
                new ScoringOptions { IncludeWhole = true, References = NationalReferences.Read(file, "two.json") });
            var notes = TerritoryReport.Build(withReferences, TerritorySelection.Parse("epci:207000001"), null).ReferencesNotes;
            Assert.Contains("Sans distribution nationale dans le fichier de références, « Taux de pauvreté (seuil à 60 %) », « Part des personnes âgées de 65 ans ou plus », « Part des non ou peu diplômés parmi les 15 ans ou plus non scolarisés » sont classés parmi les unités de l'entrée, pas parmi celles de l'ensemble.", notes);
            Assert.Equal(3, withReferences.Warnings.Count(w => w.Contains("it is classed among this run's own units", StringComparison.Ordinal)));
        }

        // The ratio index's page keeps its base 100.
        var ratio = TerritoryReport.Build(IndexRun.Execute(DefinitionLoader.LoadPreset("default"), (_, path) => Open(path), new ScoringOptions { IncludeWhole = true }),
            TerritorySelection.Parse("epci:207000001"), null);
        Assert.Null(ratio.Scale);
    }
}
