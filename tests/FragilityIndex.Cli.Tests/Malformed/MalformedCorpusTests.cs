using System.Text;
using Xunit.Abstractions;

namespace FragilityIndex.Cli.Tests.Malformed;

/// <summary>
/// Runs every malformed variant of <see cref="MalformedCases"/> through the command line and checks its outcome: a
/// refusal is the expected exit code and message lines that each start with "fragility: " and name the file (or the
/// option), with no stack trace, no "internal error" and no output folder; an accepted variant gives scores byte-identical
/// to the unmodified files'. Nothing a case holds may disappear. The counts by family and outcome are written to
/// malformed-summary.txt beside the test binaries.
/// </summary>
public sealed class MalformedCorpusTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-corpus-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SkippableFact]
    public void EveryMalformedVariant_IsRefusedCleanlyOrGivesTheRightScores()
    {
        Skip.IfNot(FragilityProcess.SharedDataPresent(), "../shared/data/real is not beside the repository");
        RunFamilies(PrepareBase(geoJson: false), v => v.Family != "geojson", "malformed-summary.txt");
    }

    /// <summary>The GeoJSON variants start from the contours as GDAL's ogr2ogr writes them (the form the issue names).</summary>
    [SkippableFact]
    public void EveryMalformedGeoJsonVariant_IsRefusedCleanlyOrGivesTheRightScores()
    {
        Skip.IfNot(FragilityProcess.SharedDataPresent(), "../shared/data/real is not beside the repository");
        RunFamilies(PrepareBase(geoJson: true), v => v.Family == "geojson", "malformed-summary-geojson.txt");
    }

    private void RunFamilies(string baseFolder, Func<MalformedCase, bool> which, string summaryName)
    {
        var expected = File.ReadAllBytes(Path.Combine(baseFolder, "expected", "scores-iris.csv"));
        var failures = new List<string>();
        var outcomes = new List<(string Family, string Outcome)>();
        var messages = new StringBuilder();
        var index = 0;
        foreach (var variant in MalformedCases.All().Where(which))
        {
            var folder = new CaseFolder(Path.Combine(_work, $"case{index++:000}"), baseFolder);
            variant.Prepare(folder);
            folder.Write();
            var before = Snapshot(folder.Folder, baseFolder);
            var (outcome, problem, said) = Check(variant, folder, expected);
            messages.AppendLine($"{variant} -> {outcome}: {said.Replace(_work, "…", StringComparison.Ordinal)}");
            var lost = before.Where(f => !File.Exists(f)).ToArray();
            if (lost.Length > 0) (outcome, problem) = ("other", $"deleted {string.Join(", ", lost)}");
            outcomes.Add((variant.Family, outcome));
            if (problem is not null) failures.Add($"{variant}: {problem}");
        }

        var summary = Summary(outcomes, failures);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, summaryName), summary + "\n" + messages);
        log.WriteLine(summary);
        Assert.True(failures.Count == 0, summary);
    }

    private static (string Outcome, string? Problem, string Said) Check(MalformedCase variant, CaseFolder folder, byte[] expected)
    {
        var task = Task.Run(() => FragilityProcess.InProcess(folder.CommandLine()));
        if (!task.Wait(TimeSpan.FromSeconds(60))) return ("other", "hung for more than 60 s", "");
        if (task.IsFaulted) return ("other", $"crashed: {task.Exception!.InnerException!.GetType().Name}: {task.Exception.InnerException.Message}", "");
        var (exit, _, error) = task.Result;
        var (outcome, problem) = Judge(variant, folder, expected, exit, error);
        return (outcome, problem, error.Trim().Split('\n')[0]);
    }

    private static (string Outcome, string? Problem) Judge(MalformedCase variant, CaseFolder folder, byte[] expected, int exit, string error)
    {
        var lines = error.TrimEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        switch (variant.Expected)
        {
            case Expectation.Refused refused:
            {
                var errors = lines.Where(l => !l.StartsWith("warning: ", StringComparison.Ordinal)).ToArray();
                if (exit == 0) return ("other", "exit 0: accepted what must be refused");
                if (exit != refused.Exit) return ("other", $"exit {exit}, expected {refused.Exit}: {error.Trim()}");
                if (errors.Length == 0) return ("other", "refused without a message");
                if (errors.Any(l => !l.StartsWith("fragility: ", StringComparison.Ordinal) || l.Contains("internal error", StringComparison.Ordinal) || l.Contains("   at ", StringComparison.Ordinal)))
                    return ("other", $"a message line that is not one clean line: {error.Trim()}");
                if (!errors.All(l => l.Contains(refused.Named, StringComparison.Ordinal)))
                    return ("other", $"the message does not name '{refused.Named}': {error.Trim()}");
                if (errors.Any(l => l.Length > 600 || l.Any(c => char.IsControl(c) || c == '\uFFFD')))
                    return ("other", $"the message echoes binary or too much of the file: {error.Trim()[..Math.Min(200, error.Trim().Length)]}");
                if (Directory.Exists(folder.OutPath)) return ("other", "a refused run left an output folder");
                return ("clean refusal", null);
            }

            case Expectation.SameScores same:
            {
                if (exit != 0) return ("other", $"exit {exit}: refused what is right: {error.Trim()}");
                var scores = File.ReadAllBytes(Path.Combine(folder.OutPath, "scores-iris.csv"));
                if (!scores.AsSpan().SequenceEqual(expected)) return ("other", "accepted, but its scores differ from the unmodified files'");
                if (same.Warning is { } warning && !lines.Any(l => l.StartsWith("warning: ", StringComparison.Ordinal) && l.Contains(warning, StringComparison.Ordinal)))
                    return ("other", $"accepted without the warning '{warning}': {error.Trim()}");
                return (same.Warning is null ? "accepted, same scores" : "warning with the right scores", null);
            }

            default:
                return ("other", "unknown expectation");
        }
    }

    // The unmodified files of the Côtes-d'Armor and the definition that scores them, and their scores.
    private string PrepareBase(bool geoJson)
    {
        var baseFolder = Path.Combine(_work, "base");
        Directory.CreateDirectory(baseFolder);
        var real = MalformedCases.SharedReal;
        foreach (var extension in new[] { ".shp", ".shx", ".dbf", ".prj", ".cpg" })
            File.Copy(Path.Combine(real, "ign_contours_iris_dep22_cotes_darmor", "dep22" + extension), Path.Combine(baseFolder, "dep22" + extension));
        File.Copy(Path.Combine(real, "mednum_ifn_design4green2020_by_dept", "22.csv"), Path.Combine(baseFolder, "22.csv"));
        File.Copy(Path.Combine(real, "mednum_ifn_design4green2020_by_dept", "headers.csv"), Path.Combine(baseFolder, "headers.csv"));
        File.Copy(Path.Combine(real, "france_services_2022", "liste-fs-20221201.csv"), Path.Combine(baseFolder, "fs.csv"));
        if (geoJson)
        {
            // ogr2ogr writes IGN's Lambert-93 as urn:ogc:def:crs:IGNF::LAMB93, the form the reader must recognise.
            var (exitOgr, _, errorOgr) = FragilityProcess.Run(FragilityProcess.Tool("ogr2ogr"), baseFolder, ["-f", "GeoJSON", "iris.geojson", "dep22.shp", "-lco", "RFC7946=NO"]);
            Assert.True(exitOgr == 0, errorOgr);
            Assert.Contains("IGNF::LAMB93", File.ReadAllText(Path.Combine(baseFolder, "iris.geojson")), StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(baseFolder, "def.json"), """
            {
              "name": "corpus-22",
              "sources": {
                "contours": { "path": "dep22.shp" },
                "census": { "path": "22.csv", "hasHeader": false, "header": "headers.csv", "key": "Code Iris" },
                "places": { "path": "fs.csv", "latitude": "latitude", "longitude": "longitude" }
              },
              "territory": { "source": "contours", "codes": { "iris": "CODE_IRIS" }, "population": "P16 Pop", "populationSource": "census" },
              "normalization": { "method": "ratio", "reference": "departement" },
              "indicators": [
                { "id": "seniors", "source": "census", "numerator": "P16 Pop65P", "denominator": "P16 Pop" },
                { "id": "seuls", "source": "census", "numerator": "C16 Menpseul", "denominator": "C16 Men" },
                { "id": "distance", "points": ["places"], "measure": "distance" }
              ],
              "nodes": [ { "id": "score_global", "children": ["seniors", "seuls", "distance"] } ]
            }
            """);
        var reference = new CaseFolder(Path.Combine(_work, "reference"), baseFolder);
        reference.Write();
        var (exit, _, error) = FragilityProcess.InProcess(["run", "--config", reference.DefinitionPath, "--format", "csv", "--quiet", "--out", Path.Combine(baseFolder, "expected")]);
        Assert.True(exit == 0, error);

        // The unmodified scores, checked on one IRIS against the census file read here by hand: Lanloup (221090000)'s
        // seniors value is its P16 Pop65P over its P16 Pop.
        var lines = File.ReadAllLines(Path.Combine(baseFolder, "expected", "scores-iris.csv"));
        Assert.Equal(415, lines.Length);
        var census = CensusText.SplitOutsideQuotes(File.ReadLines(Path.Combine(baseFolder, "22.csv")).First(l => l.StartsWith("Lanloup;", StringComparison.Ordinal)));
        Assert.Equal("221090000", census[CensusText.CodeIris]);
        var byHand = double.Parse(census[CensusText.Seniors], System.Globalization.CultureInfo.InvariantCulture) / double.Parse(census[CensusText.Population], System.Globalization.CultureInfo.InvariantCulture);
        var header = lines[0].Split(',');
        var row = lines.Single(l => l.StartsWith("221090000,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(byHand, double.Parse(row[Array.IndexOf(header, "seniors_value")], System.Globalization.CultureInfo.InvariantCulture), 12);
        return baseFolder;
    }

    private static List<string> Snapshot(string caseFolder, string baseFolder) =>
        [.. Directory.GetFiles(caseFolder, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}out{Path.DirectorySeparatorChar}", StringComparison.Ordinal)),
         .. Directory.GetFiles(baseFolder, "*", SearchOption.AllDirectories)];

    private static string Summary(List<(string Family, string Outcome)> outcomes, List<string> failures)
    {
        var text = new StringBuilder();
        text.AppendLine($"{outcomes.Count} malformed variants of the real files");
        text.AppendLine("family | clean refusal | warning with the right scores | accepted, same scores | anything else");
        foreach (var family in outcomes.Select(o => o.Family).Distinct())
        {
            int Count(string outcome) => outcomes.Count(o => o.Family == family && o.Outcome == outcome);
            text.AppendLine($"{family} | {Count("clean refusal")} | {Count("warning with the right scores")} | {Count("accepted, same scores")} | {Count("other")}");
        }

        foreach (var failure in failures) text.AppendLine($"FAIL {failure}");
        return text.ToString();
    }
}
