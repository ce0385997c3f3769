
namespace FragilityIndex.Cli.Tests;

/// <summary>The <c>fragility</c> command in process, with captured output, on the embedded sample and on bad inputs.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static (int Exit, string Output, string Error) Run(params string[] args) => FragilityProcess.InProcess(args);

    [SkippableFact]
    public void Run_DefaultPresetOnSample_WritesEveryLevelAndManifest()
    {
        var outDirectory = Path.Combine(_work, "out");
        var (exit, _, error) = Run("run", "--out", outDirectory, "--quiet");
        Assert.True(exit == 0, error);
        foreach (var level in new[] { "iris", "commune", "epci", "departement", "region" })
        {
            Assert.True(File.Exists(Path.Combine(outDirectory, $"scores-{level}.csv")), level);
            Assert.True(File.Exists(Path.Combine(outDirectory, $"map-{level}.geojson")), level);
        }

        using (var map = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDirectory, "map-iris.geojson"))))
            Assert.Equal(51, map.RootElement.GetProperty("features").GetArrayLength());
        var lines = File.ReadAllLines(Path.Combine(outDirectory, "scores-iris.csv"));
        Assert.StartsWith("code,thd_eligibles,", lines[0], StringComparison.Ordinal);
        Assert.Equal(52, lines.Length);
        var manifest = File.ReadAllText(Path.Combine(outDirectory, "run.json"));
        Assert.Contains("\"sha256\"", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetDirectories(_work), d => d.Contains("staging", StringComparison.Ordinal));
    }

    [Fact]
    public void RunJson_ListsEachInputFileOnce_AndEachWasReadOnce()
    {
        var folder = Path.Combine(_work, "o");
        var (exit, _, error) = FragilityProcess.InProcess("run", "--out", folder, "--format", "csv");
        Assert.True(exit == 0, error);
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "run.json")));
        var inputs = manifest.RootElement.GetProperty("inputs").EnumerateArray().Select(i => $"{i.GetProperty("source").GetString()} {i.GetProperty("path").GetString()}").ToArray();
        Assert.Equal(inputs.Distinct().Count(), inputs.Length);
        // The progress says "reading" once per file.
        var reading = error.Split('\n').Where(l => l.StartsWith("reading ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(reading.Distinct().Count(), reading.Length);
        Assert.Contains("reading data/sample/census.csv", reading);
        // Where the time went, last before the summary line.
        var time = System.Text.RegularExpressions.Regex.Match(error, @"(?m)^time: read \d+\.\d\d s \((([\w ]+?) \d+\.\d\d, ){4}([\w ]+?) \d+\.\d\d\), score \d+\.\d\d s, write \d+\.\d\d s \(([\w.-]+ \d+\.\d\d(, )?){3}\)$");
        Assert.True(time.Success, error);
        // Each step named once: the source "places" and the measuring of places are two steps.
        string[] steps = [.. time.Groups[2].Captures.Select(c => c.Value), time.Groups[3].Value];
        Assert.Equal(steps.Length, steps.Distinct().Count());
    }

    [SkippableFact]
    public void Run_Twice_WritesByteIdenticalFiles()
    {
        var first = Path.Combine(_work, "a");
        var second = Path.Combine(_work, "b");
        Assert.Equal(0, Run("run", "--out", first, "--quiet").Exit);
        Assert.Equal(0, Run("run", "--out", second, "--quiet").Exit);
        var files = Directory.GetFiles(first).Where(f => Path.GetFileName(f) != "run.json").ToArray();
        // Every format: csv, geojson, parquet, svg and png for each of the 5 levels, the GeoPackage, the workbook and the folder's marker.
        Assert.Equal(5 * 5 + 1 + 1 + 1, files.Length);
        foreach (var file in files)
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second, Path.GetFileName(file)))), Path.GetFileName(file));
    }

    [SkippableFact]
    public void Run_UnknownPreset_IsUsageError()
    {
        var (exit, _, error) = Run("run", "--preset", "nope", "--out", Path.Combine(_work, "o"));
        Assert.Equal(2, exit);
        Assert.StartsWith("fragility: unknown preset 'nope'", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Run_UnknownOption_IsUsageError()
    {
        Assert.Equal(2, Run("run", "--frobnicate").Exit);
    }

    [SkippableFact]
    public void Run_MedNumWithoutInput_AsksForIt()
    {
        var (exit, _, error) = Run("run", "--preset", "mednum-2020", "--out", Path.Combine(_work, "o"));
        Assert.Equal(2, exit);
        Assert.Contains("--input ifn=PATH", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Run_BadReference_IsUsageError()
    {
        Assert.Equal(2, Run("run", "--reference", "canton", "--out", Path.Combine(_work, "o")).Exit);
    }

    [SkippableFact]
    public void Run_NonNumericCell_FailsWithOneLineAndLeavesPreviousOutput()
    {
        var outDirectory = Path.Combine(_work, "out");
        Assert.Equal(0, Run("run", "--out", outDirectory, "--quiet").Exit);
        var before = File.ReadAllBytes(Path.Combine(outDirectory, "scores-iris.csv"));

        var census = Path.Combine(_work, "census.csv");
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "sample", "census.csv"));
        var fields = lines[3].Split(';');
        fields[6] = "douze";
        lines[3] = string.Join(';', fields);
        File.WriteAllLines(census, lines);

        var (exit, output, error) = Run("run", "--input", $"census={census}", "--out", outDirectory, "--quiet");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal($"fragility: {census}:4: column 'P16_POP': expected a number, found 'douze'", error.TrimEnd());
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(outDirectory, "scores-iris.csv")));
    }

    [SkippableFact]
    public void Run_BadDefinition_ExitsOneWithLocation()
    {
        var config = Path.Combine(_work, "bad.json");
        File.WriteAllText(config, "{\n  \"extends\": \"default\",\n  \"normalization\": { \"method\": \"median\" }\n}\n");
        var (exit, _, error) = Run("run", "--config", config, "--out", Path.Combine(_work, "o"));
        Assert.Equal(1, exit);
        Assert.Contains("bad.json:3:", error, StringComparison.Ordinal);
        Assert.Contains("unknown method 'median'", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "o")));
    }

    [Fact]
    public void Run_Strict_RefusesTheSampleWarningsAndWritesNothing()
    {
        var outDirectory = Path.Combine(_work, "strict");
        var (exit, output, error) = Run("run", "--strict", "--out", outDirectory, "--quiet");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        var lines = error.TrimEnd().Split('\n');
        // The sample's four warnings: a place without coordinates, a commune without mobile coverage, 16 IRIS without
        // Filosofi, two CAF rows of no territory.
        Assert.Equal("fragility: --strict: 4 warnings, so nothing was written:", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("fragility: data/sample/filosofi.csv: 16 of 51 units have no row", StringComparison.Ordinal));
        Assert.False(Directory.Exists(outDirectory));
    }

    [Fact]
    public void Validate_PrintsTheJoinOfEverySource()
    {
        var (exit, _, error) = Run("validate");
        Assert.Equal(0, exit);
        var table = error.Split('\n').Select(l => l.TrimEnd('\r')).SkipWhile(l => !l.StartsWith("source ", StringComparison.Ordinal)).Take(6).ToArray();
        Assert.Matches(@"^source\s+key\s+units matched\s+rows matching no unit$", table[0]);
        Assert.Matches(@"^filosofi\s+IRIS \(iris\)\s+35 of 51 \(69 %\)\s+0$", table[4]);
        Assert.Matches(@"^caf\s+Codes_Insee \(commune\)\s+51 of 51 \(100 %\)\s+2$", table[2]);
    }

    [SkippableFact]
    public void Validate_DefaultPreset_Succeeds()
    {
        var (exit, output, _) = Run("validate", "--preset", "default");
        Assert.Equal(0, exit);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Presets_ListsBoth()
    {
        var (exit, output, _) = Run("presets");
        Assert.Equal(0, exit);
        Assert.Contains("default\t", output, StringComparison.Ordinal);
        Assert.Contains("mednum-2020\t", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Synth_SeedOne_ReproducesEmbeddedSample()
    {
        var outDirectory = Path.Combine(_work, "sample");
        Assert.Equal(0, Run("synth", "--out", outDirectory, "--seed", "1").Exit);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "sample")))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(outDirectory, Path.GetFileName(file))));
    }

    [SkippableFact]
    public void Run_MedNumPresetOnRhone_WritesPublishedScores()
    {
        var path = Path.GetFullPath(Path.Combine(Root(), "..", "shared", "data", "real", "mednum_ifn_design4green2020_by_dept", "69.csv"));
        Assert.False(!File.Exists(path) && FragilityProcess.OnCi, $"CI=true and {path} is missing");
        Skip.IfNot(File.Exists(path), $"{path} is missing");

        var outDirectory = Path.Combine(_work, "mednum");
        var (exit, _, error) = Run("run", "--preset", "mednum-2020", "--input", $"ifn={path}", "--reference", "epci", "--out", outDirectory, "--quiet");
        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(Path.Combine(outDirectory, "scores-iris.csv"));
        Assert.Equal(752, lines.Length);
        // Écully, IRIS 690810102: the file publishes SCORE GLOBAL epci 1 = 108.370903906.
        var header = lines[0].Split(',');
        var row = lines.Single(l => l.StartsWith("690810102,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(108.370903906, double.Parse(row[Array.IndexOf(header, "score_global")], System.Globalization.CultureInfo.InvariantCulture), 6);
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Fragility.sln"))) directory = directory.Parent;
        return directory.FullName;
    }
}
