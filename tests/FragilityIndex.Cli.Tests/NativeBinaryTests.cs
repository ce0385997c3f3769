using System.Text.Json;
using System.Text.Json.Nodes;

namespace FragilityIndex.Cli.Tests;

/// <summary>
/// The shipped tool is compiled ahead of time (<c>dotnet publish</c>, Native AOT): trimmed, without reflection or a
/// JIT. Every other test runs the JIT build, so here the published binary runs the commands a user runs (every export
/// format, the examples on real files, the report, the map, the synthetic sample, bad input) beside the JIT build, and
/// must give the same exit codes, the same messages and byte-identical files, run.json's timings aside.
/// </summary>
public sealed class NativeBinaryTests(NativeBinaryTests.Published published) : IClassFixture<NativeBinaryTests.Published>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-native-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>Publishes the tool once for the class, as `dotnet publish` does for a user.</summary>
    public sealed class Published : IDisposable
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("fragility-aot-").FullName;

        public (int Exit, string Output, string Error) Publish { get; }

        public Published() => Publish = FragilityProcess.Run("dotnet", FragilityProcess.RepositoryRoot,
            ["publish", "src/FragilityIndex.Cli", "-c", "Release", "-o", Folder, "-nologo", "-v", "q"], timeoutSeconds: 900);

        public string Binary => Path.Combine(Folder, "fragility");

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }

    public static TheoryData<string, string[]> Runs => new()
    {
        { "sample, every format", ["run", "--format", "all"] },
        { "sample, French CSV and labels", ["run", "--format", "csv,xlsx", "--csv-dialect", "french", "--labels", "fr"] },
        { "Rhône, every format", ["run", "--config", "data/examples/rhone-69.json", "--format", "all"] },
        { "Rhône from the Design4Green Geo Shape column", ["run", "--config", "data/examples/rhone-69-design4green.json", "--format", "csv,geojson"] },
        { "Côtes-d'Armor", ["run", "--config", "data/examples/cotes-darmor-22.json", "--format", "csv,geojson,gpkg"] },
        { "mednum-2020 on the Design4Green file", ["run", "--preset", "mednum-2020", "--input", "ifn=../shared/data/real/mednum_ifn_design4green2020_by_dept/69.csv", "--format", "csv"] },
        { "Rhône by commune (IRIS sources summed, a null in extends)", ["run", "--config", "data/examples/rhone-69-communes.json", "--format", "csv,geojson"] },
        { "La MedNum 2023 EPCI from its communes (a source's where)", ["run", "--config", "data/examples/ifn2023-epci-69-22.json", "--format", "csv"] },
        { "mednum-2023 on the sample", ["run", "--preset", "mednum-2023", "--format", "csv"] },
        { "report", ["report", "--config", "data/examples/rhone-69.json", "--territory", "epci:200046977"] },
        { "map", ["map", "--config", "data/examples/rhone-69.json", "--score", "acces_information", "--classes", "jenks", "--territory", "epci:200046977"] },
        { "synthetic sample", ["synth"] },
    };

    [SkippableTheory]
    [MemberData(nameof(Runs))]
    public void PublishedBinary_WritesWhatTheJitBuildWrites(string what, string[] command)
    {
        Skip.IfNot(FragilityProcess.SharedDataPresent(), "../shared/data/real is not beside the repository");
        var binary = PublishedBinary();
        var jitFolder = Path.Combine(_work, "jit");
        var nativeFolder = Path.Combine(_work, "native");
        var jit = FragilityProcess.Fragility(FragilityProcess.RepositoryRoot, [.. command, "--out", jitFolder]);
        var native = FragilityProcess.Run(binary, FragilityProcess.RepositoryRoot, [.. command, "--out", nativeFolder]);

        Assert.True(jit.Exit == 0, $"{what}, JIT build: {jit.Error}");
        Assert.True(native.Exit == 0, $"{what}, published binary: {native.Error}");
        var jitFiles = Files(jitFolder);
        Assert.NotEmpty(jitFiles);
        Assert.Equal(jitFiles, Files(nativeFolder));
        foreach (var file in jitFiles)
        {
            var expected = File.ReadAllBytes(Path.Combine(jitFolder, file));
            var actual = File.ReadAllBytes(Path.Combine(nativeFolder, file));
            if (file.EndsWith("run.json", StringComparison.Ordinal))
                Assert.Equal(WithoutTimings(expected), WithoutTimings(actual));
            else
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{what}: {file} differs between the JIT build and the published binary");
        }
    }

    private const string TypoDefinition = "<typo.json>";
    private const string OddContours = "<odd.geojson>";

    public static TheoryData<string, string[]> Failures => new()
    {
        { "usage", ["run", "--format", "tiff"] },
        { "unknown preset", ["run", "--preset", "nope"] },
        { "definition with a typo", ["validate", "--config", TypoDefinition] },
        { "missing input", ["run", "--input", "census=does-not-exist.csv"] },
        // A geometry the compact parser leaves to NetTopologySuite's converter, through its reflection-free contract.
        { "contours holding a GeometryCollection", ["run", "--input", $"contours={OddContours}", "--format", "csv"] },
    };

    [SkippableTheory]
    [MemberData(nameof(Failures))]
    public void PublishedBinary_RefusesWhatTheJitBuildRefuses(string what, string[] command)
    {
        var binary = PublishedBinary();
        var typo = Path.Combine(_work, "typo.json");
        File.WriteAllText(typo, """{ "extends": "default", "indicators": [{ "id": "revenu", "polarty": "negative" }] }""");
        var odd = Path.Combine(_work, "odd.geojson");
        var contours = JsonNode.Parse(File.ReadAllBytes(Path.Combine(FragilityProcess.RepositoryRoot, "data", "sample", "contours.geojson")))!;
        var first = contours["features"]![0]!;
        first["geometry"] = new JsonObject { ["type"] = "GeometryCollection", ["geometries"] = new JsonArray(first["geometry"]!.DeepClone()) };
        File.WriteAllText(odd, contours.ToJsonString());
        command = command.Select(a => a == TypoDefinition ? typo : a.Replace(OddContours, odd, StringComparison.Ordinal)).ToArray();
        var jit = FragilityProcess.Fragility(FragilityProcess.RepositoryRoot, [.. command, "--out", Path.Combine(_work, "jit")]);
        var native = FragilityProcess.Run(binary, FragilityProcess.RepositoryRoot, [.. command, "--out", Path.Combine(_work, "native")]);

        Assert.NotEqual(0, jit.Exit);
        Assert.Equal(jit.Exit, native.Exit);
        Assert.Equal(jit.Error, native.Error);
        Assert.False(Directory.Exists(Path.Combine(_work, "native")), $"{what}: the published binary left an output folder");
    }

    [Fact]
    public void PublishedBinary_ListsThePresetsAndValidatesAsTheJitBuild()
    {
        var binary = PublishedBinary();
        foreach (string[] command in (string[][])[["presets"], ["validate"], ["--version"]])
        {
            var jit = FragilityProcess.Fragility(FragilityProcess.RepositoryRoot, command);
            var native = FragilityProcess.Run(binary, FragilityProcess.RepositoryRoot, command);
            Assert.Equal((jit.Exit, jit.Output, jit.Error), (native.Exit, native.Output, native.Error));
        }
    }

    private string PublishedBinary()
    {
        Assert.True(published.Publish.Exit == 0, $"dotnet publish failed: {published.Publish.Output}{published.Publish.Error}");
        Assert.True(File.Exists(published.Binary), $"dotnet publish wrote no native {published.Binary}");
        return published.Binary;
    }

    private static string[] Files(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(folder, f))
        .Order(StringComparer.Ordinal)
        .ToArray();

    // The one member that measures this run rather than describing its result.
    private static string WithoutTimings(byte[] json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        Assert.True(node.Remove("timingsMs"), "run.json has no timingsMs");
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
