using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>A collectivité's own file over part of the territory, in a definition that extends the default preset.</summary>
public sealed class LocalDataTests
{
    private static RunOutcome Run(IndexDefinition definition, string localCsv) =>
        IndexRun.Execute(definition, (name, path) => name == "thd_local"
            ? SourceFile.InMemory("thd_local.csv", Encoding.UTF8.GetBytes(localCsv))
            : SourceFile.OnDisk(Path.Combine(SharedData.RepositoryRoot, path), path), new ScoringOptions());

    [Fact]
    public void LocalFileOnOneCommune_ReplacesThePresetThereAndKeepsItElsewhere()
    {
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes("""
            {
              "extends": "default",
              "sources": { "thd_local": { "path": "thd_local.csv", "separator": ";", "key": "commune", "keyLevel": "commune" } },
              "indicators": [ { "id": "thd_eligibles", "source": "thd_local", "numerator": "locaux_fibres", "denominator": "locaux" } ]
            }
            """), "local.json");
        var merged = definition.Indicators.Single(i => i.Id == "thd_eligibles");
        Assert.Equal("broadband", merged.Fallback!.Source);
        Assert.Equal("elig_thd30 + elig_thd100 + elig_thd1g", merged.Fallback.Numerator);

        var local = Run(definition, "commune;locaux_fibres;locaux\n07900;300;1200\n");
        var preset = Run(DefinitionLoader.LoadPreset("default"), "");
        var localValues = local.Result[TerritoryLevel.Iris]["thd_eligibles_value"];
        var presetValues = preset.Result[TerritoryLevel.Iris]["thd_eligibles_value"];
        var codes = local.Inputs.Territory.UnitCodes;
        for (var u = 0; u < codes.Length; u++)
        {
            if (codes[u].StartsWith("07900", StringComparison.Ordinal)) Assert.Equal(0.25, localValues[u], 12);
            else Assert.Equal(presetValues[u], localValues[u]);
        }

        var inCommune = codes.Count(c => c.StartsWith("07900", StringComparison.Ordinal));
        Assert.Contains(local.Warnings, w => w == $"indicator 'thd_eligibles': {codes.Length - inCommune} of {codes.Length} units have no value in 'thd_local' and keep the one of 'broadband'");
    }

    [Fact]
    public void FallbackNull_MovesTheIndicatorWhollyToTheLocalFile()
    {
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes("""
            {
              "extends": "default",
              "sources": { "thd_local": { "path": "thd_local.csv", "separator": ";", "key": "commune", "keyLevel": "commune", "minMatch": 0 } },
              "indicators": [ { "id": "thd_eligibles", "source": "thd_local", "numerator": "locaux_fibres", "denominator": "locaux", "fallback": null } ]
            }
            """), "local.json");
        var merged = definition.Indicators.Single(i => i.Id == "thd_eligibles");
        Assert.Null(merged.Fallback);
        Assert.Equal("thd_local", merged.Source);

        // Outside 07900 the value is missing (imputed from the parents where the preset says so), never Arcep's.
        var local = Run(definition, "commune;locaux_fibres;locaux\n07900;300;1200\n");
        var values = local.Result[TerritoryLevel.Iris]["thd_eligibles_value"];
        var imputed = local.Result[TerritoryLevel.Iris]["imputed_thd_eligibles"];
        var codes = local.Inputs.Territory.UnitCodes;
        for (var u = 0; u < codes.Length; u++)
        {
            if (codes[u].StartsWith("07900", StringComparison.Ordinal)) Assert.Equal((0.25, 0.0), (values[u], imputed[u]));
            else Assert.True(imputed[u] == 1 || double.IsNaN(values[u]), $"{codes[u]} kept a value of its own: {values[u]}");
        }

        Assert.DoesNotContain(local.Warnings, w => w.Contains("keep the one of 'broadband'", StringComparison.Ordinal));
    }

    [Fact]
    public void LocalIndicator_WithItsOwnWeight_EntersItsComponent()
    {
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes("""
            {
              "extends": "default",
              "sources": { "thd_local": { "path": "thd_local.csv", "separator": ";", "key": "iris", "minMatch": 0 } },
              "indicators": [ { "id": "sans_ordinateur", "label": "Ménages sans ordinateur", "source": "thd_local", "numerator": "sans_pc", "denominator": "menages" } ],
              "nodes": [ { "id": "acces_interfaces_numeriques", "children": ["thd_eligibles", "couverture_mobile", "taux_pauvrete", "revenu_median", "sans_ordinateur"], "weights": { "sans_ordinateur": 2 } } ]
            }
            """), "local.json");
        // One IRIS only (a local survey, so minMatch 0): elsewhere the new indicator is missing and its weight goes to
        // the others (redistribute).
        var outcome = Run(definition, "iris;sans_pc;menages\n079000001;30;100\n");
        var iris = outcome.Result[TerritoryLevel.Iris];
        Assert.Equal(0.3, iris["sans_ordinateur_value"][0], 12);
        Assert.True(double.IsNaN(iris["sans_ordinateur_value"][1]));
        Assert.All(iris["score_global"], v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void LocalIndicator_CoveringOneIrisWithoutMinMatch_IsRefusedWithTheWayOut()
    {
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes("""
            {
              "extends": "default",
              "sources": { "thd_local": { "path": "thd_local.csv", "separator": ";", "key": "iris" } },
              "indicators": [ { "id": "sans_ordinateur", "source": "thd_local", "numerator": "sans_pc", "denominator": "menages" } ],
              "nodes": [ { "id": "acces_interfaces_numeriques", "children": ["thd_eligibles", "couverture_mobile", "taux_pauvrete", "revenu_median", "sans_ordinateur"] } ]
            }
            """), "local.json");
        var error = Assert.Throws<FragilityException>(() => Run(definition, "iris;sans_pc;menages\n079000001;30;100\n"));
        Assert.Equal("thd_local.csv: column 'iris': source 'thd_local' matches 1 of 51 units by iris code (2 %, fewer than its minMatch 50 %); each of its rows matched a unit, so it covers part of the territory; if it covers part of the territory by design, set its \"minMatch\" (a share from 0 to 1)", error.Message);
    }

    [Fact]
    public void LocalPointsWithAFigure_AreSummedPerInhabitantInTheirIris()
    {
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes("""
            {
              "extends": "default",
              "sources": { "thd_local": { "path": "ateliers.csv", "separator": ";", "x": "x", "y": "y", "crs": "EPSG:2154" } },
              "indicators": [ { "id": "heures_ateliers", "label": "Heures d'ateliers numériques pour 1 000 habitants", "points": ["thd_local"],
                                "measure": "sum", "value": "heures", "scale": 1000, "context": true } ]
            }
            """), "local.json");
        // Two workshops inside the first synthetic IRIS (the strip x 800,000–800,555.6, y 6,400,000–6,405,000), one in none.
        var outcome = Run(definition, "nom;x;y;heures\nA;800100;6401000;6\nB;800200;6402000;4\nC;700000;6000000;9\n");
        var iris = outcome.Result[TerritoryLevel.Iris];
        var population = double.Parse(File.ReadLines(Path.Combine(SharedData.RepositoryRoot, "data/sample/census.csv")).Skip(1).First().Split(';')[6], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(10 / population * 1000, iris["heures_ateliers_value"][0], 9);
        Assert.Equal(0, iris["heures_ateliers_value"][1]);
    }
}
