using System.Text.Json;
using System.Text.Json.Nodes;

namespace FragilityIndex.Cli.Tests;

/// <summary>
/// National references for local runs: <c>references build</c> over the sample's two départements, then the Ardèche
/// (07) scored alone with <c>run --references</c> gives what the run over both gives it — its département score is no
/// longer 100 by construction — and its IRIS scores are those of the larger run.
/// </summary>
public sealed class ReferencesTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-references-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static (int Exit, string Output, string Error) Run(params string[] args) => FragilityProcess.InProcess(args);

    private static Dictionary<string, Dictionary<string, string>> Rows(string folder, string level)
    {
        var csv = FragilityIndex.Tests.PlainCsv.Read(Path.Combine(folder, $"scores-{level}.csv"), ',');
        return csv.Skip(1).ToDictionary(r => r[0], r => csv[0].Zip(r).ToDictionary(p => p.First, p => p.Second));
    }

    // The sample's contours of one département: a local input.
    private string ContoursOf(string departement)
    {
        var contours = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "sample", "contours.geojson")))!.AsObject();
        var features = contours["features"]!.AsArray().Where(f => f!["properties"]!["INSEE_COM"]!.GetValue<string>().StartsWith(departement, StringComparison.Ordinal)).Select(f => f!.DeepClone()).ToArray();
        contours["features"] = new JsonArray(features);
        var path = Path.Combine(_work, $"contours-{departement}.geojson");
        File.WriteAllText(path, contours.ToJsonString());
        return path;
    }

    [Fact]
    public void OneDepartement_WithTheReferencesOfBoth_ScoresAsTheRunOverBoth()
    {
        var references = Path.Combine(_work, "references.json");
        var (exit, output, error) = Run("references", "build", "--out", references, "--quiet");
        Assert.True(exit == 0, error);
        Assert.Contains("for 51 iris, 4 epci, 2 departement, 1 region, 1 france (51 units)", output, StringComparison.Ordinal);
        var again = Path.Combine(_work, "again.json");
        Assert.Equal(0, Run("references", "build", "--out", again, "--quiet").Exit);
        Assert.Equal(File.ReadAllBytes(references), File.ReadAllBytes(again));

        var contours = ContoursOf("07");
        var (full, local, alone) = (Path.Combine(_work, "full"), Path.Combine(_work, "local"), Path.Combine(_work, "alone"));
        Assert.Equal(0, Run("run", "--format", "csv", "--quiet", "--out", full).Exit);
        (exit, _, error) = Run("run", "--input", $"contours={contours}", "--references", references, "--format", "csv", "--quiet", "--out", local);
        Assert.True(exit == 0, error);
        Assert.Equal(0, Run("run", "--input", $"contours={contours}", "--format", "csv", "--quiet", "--out", alone).Exit);

        // Alone, the Ardèche is its own France: 100 everywhere. With the references, it meets the France of both.
        var (byFull, byLocal, byAlone) = (Rows(full, "departement")["07"], Rows(local, "departement")["07"], Rows(alone, "departement")["07"]);
        Assert.Equal("100", byAlone["score_global"]);
        Assert.NotEqual("100", byLocal["score_global"]);
        foreach (var column in new[] { "score_global", "acces_information", "competences_numeriques", "seniors_65", "thd_eligibles" })
            Assert.Equal(byFull[column], byLocal[column]);

        // Its IRIS are compared with their département as in the larger run: every score and rank among the
        // département's IRIS the same (the _france ranks are over the input, and differ).
        var irisFull = Rows(full, "iris");
        var irisLocal = Rows(local, "iris");
        Assert.Equal(25, irisLocal.Count);
        foreach (var (code, row) in irisLocal)
        {
            foreach (var (column, value) in row.Where(c => !c.Key.EndsWith("_france", StringComparison.Ordinal)))
                Assert.True(irisFull[code][column] == value, $"{code} {column}: {irisFull[code][column]} over both, {value} alone with references");
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(local, "run.json")));
        var recorded = manifest.RootElement.GetProperty("references");
        Assert.Equal(references, recorded.GetProperty("file").GetString());
        Assert.Equal("preset:default", recorded.GetProperty("definition").GetString());
        Assert.Equal(51, recorded.GetProperty("units").GetInt32());
    }

    [Fact]
    public void References_Refused_WhenTheyCannotServe()
    {
        var references = Path.Combine(_work, "references.json");
        Assert.Equal(0, Run("references", "build", "--out", references, "--quiet").Exit);

        // An existing file is not replaced without --force.
        var (exit, _, error) = Run("references", "build", "--out", references, "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("give --force to replace it", error, StringComparison.Ordinal);

        // Not a references file.
        var other = Path.Combine(_work, "other.json");
        File.WriteAllText(other, """{ "levels": {} }""");
        (exit, _, error) = Run("run", "--references", other, "--format", "csv", "--quiet", "--out", Path.Combine(_work, "o1"));
        Assert.Equal(1, exit);
        Assert.Contains("other.json", error, StringComparison.Ordinal);
        Assert.Contains("not a references file", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "o1")));

        // A method that compares with neither reference values nor a distribution.
        var minMax = Path.Combine(_work, "min-max.json");
        File.WriteAllText(minMax, """{ "extends": "default", "normalization": { "method": "min-max" } }""");
        (exit, _, error) = Run("run", "--config", minMax, "--references", references, "--format", "csv", "--quiet", "--out", Path.Combine(_work, "o2"));
        Assert.Equal(2, exit);
        Assert.Contains("normalises by 'min-max'", error, StringComparison.Ordinal);

        // Classes against France need the distribution of each indicator: the default's references have none of mednum-2023's.
        (exit, _, error) = Run("run", "--preset", "mednum-2023", "--references", references, "--format", "csv", "--quiet", "--out", Path.Combine(_work, "o4"));
        Assert.Equal(1, exit);
        Assert.Contains("no distribution of indicator 'no_thd_coverage_rate'", error, StringComparison.Ordinal);

        // An indicator the file has no value of.
        var definition = Path.Combine(_work, "extra.json");
        File.WriteAllText(definition, """
            { "extends": "default", "indicators": [ { "id": "actifs", "source": "census", "numerator": "P{yy}_ACT1564", "denominator": "P{yy}_POP" } ],
              "nodes": [ { "id": "competences_administratives", "children": ["jeunes_15_29", "chomeurs_15_64", "dependance_caf", "actifs"] } ] }
            """);
        (exit, _, error) = Run("run", "--config", definition, "--references", references, "--format", "csv", "--quiet", "--out", Path.Combine(_work, "o3"));
        Assert.Equal(1, exit);
        Assert.Contains("no reference value of indicator 'actifs' for departement", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OneDepartement_ClassedAmongTheIrisOfBoth_ScoresAsTheRunOverBoth()
    {
        // mednum-2023: 1–10 classes of every IRIS of the larger input; the Ardèche alone, with the distributions of both.
        var references = Path.Combine(_work, "references-2023.json");
        var (exit, _, error) = Run("references", "build", "--preset", "mednum-2023", "--out", references, "--quiet");
        Assert.True(exit == 0, error);
        using (var file = JsonDocument.Parse(File.ReadAllBytes(references)))
            Assert.Equal(51, file.RootElement.GetProperty("distributions").GetProperty("older_65_rate").GetArrayLength());

        var contours = ContoursOf("07");
        var (full, local, alone) = (Path.Combine(_work, "full"), Path.Combine(_work, "local"), Path.Combine(_work, "alone"));
        Assert.Equal(0, Run("run", "--preset", "mednum-2023", "--format", "csv", "--quiet", "--out", full).Exit);
        (exit, _, error) = Run("run", "--preset", "mednum-2023", "--input", $"contours={contours}", "--references", references, "--format", "csv", "--quiet", "--out", local);
        Assert.True(exit == 0, error);
        Assert.Equal(0, Run("run", "--preset", "mednum-2023", "--input", $"contours={contours}", "--format", "csv", "--quiet", "--out", alone).Exit);

        var scores = new[] { "no_thd_coverage_rate", "no_4g_coverage_rate", "poverty_rate", "older_65_rate", "nscol15p_rate", "total" };
        foreach (var level in new[] { "iris", "commune", "departement" })
        {
            var (byFull, byLocal, byAlone) = (Rows(full, level), Rows(local, level), Rows(alone, level));
            foreach (var (code, row) in byLocal)
            {
                foreach (var score in scores)
                    Assert.True(byFull[code][score] == row[score], $"{level} {code} {score}: {byFull[code][score]} among both, {row[score]} alone with references");
            }

            // Alone, the Ardèche's IRIS are classed among themselves: some class differs.
            if (level == "iris") Assert.Contains(byLocal, kv => scores.Any(s => byAlone[kv.Key][s] != kv.Value[s]));
        }
    }
}
