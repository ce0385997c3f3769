using System.IO.Compression;

namespace FragilityIndex.Cli.Tests;

/// <summary>
/// <c>dotnet pack</c> makes the library's package and the tool's; the tool installs from the package folder alone
/// (<c>dotnet tool install --tool-path DIR --add-source DIR FragilityIndex.Cli</c>) and scores the sample from an
/// empty folder, as a user who never cloned the repository would.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-pack-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void ToolPackage_InstallsAndRunsFromAnEmptyFolder_LibraryPackageCarriesItsPresets()
    {
        var root = FragilityProcess.RepositoryRoot;
        var packages = Path.Combine(_work, "packages");
        foreach (var project in new[] { "src/FragilityIndex.Core", "src/FragilityIndex.Cli" })
        {
            var (exit, output, error) = FragilityProcess.Run("dotnet", root, ["pack", project, "-c", "Release", "-o", packages, "-v", "q", "-nologo"], timeoutSeconds: 600);
            Assert.True(exit == 0, output + error);
        }

        // The library: its assembly with the presets, fonts and COG embedded, its doc comments, the README.
        using (var library = ZipFile.OpenRead(Path.Combine(packages, "FragilityIndex.Core.1.0.0.nupkg")))
        {
            var entries = library.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net10.0/FragilityIndex.Core.dll", entries);
            Assert.Contains("lib/net10.0/FragilityIndex.Core.xml", entries);
            Assert.Contains("README.md", entries);
        }

        // The tool: framework-dependent, the sample beside it, native libraries for the platforms tools run on only.
        using (var tool = ZipFile.OpenRead(Path.Combine(packages, "FragilityIndex.Cli.1.0.0.nupkg")))
        {
            var entries = tool.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("tools/net10.0/any/fragility.dll", entries);
            Assert.Contains("tools/net10.0/any/data/sample/census.csv", entries);
            Assert.Contains("tools/net10.0/any/runtimes/linux-x64/native/libSkiaSharp.so", entries);
            Assert.DoesNotContain(entries, e => e.Contains("/android-", StringComparison.Ordinal) || e.EndsWith(".pdb", StringComparison.Ordinal) && e.Contains("/native/", StringComparison.Ordinal));
            Assert.True(new FileInfo(Path.Combine(packages, "FragilityIndex.Cli.1.0.0.nupkg")).Length < 80_000_000);
        }

        // A package cache of its own: a package of the same version from an earlier build is never taken instead.
        var tools = Path.Combine(_work, "tools");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work, "nuget-cache"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        var install = FragilityProcess.Run("dotnet", _work, ["tool", "install", "--tool-path", tools, "--add-source", packages, "FragilityIndex.Cli", "--version", "1.0.0"],
            timeoutSeconds: 300, environment: environment);
        Assert.True(install.Exit == 0, install.Output + install.Error);

        var empty = Directory.CreateDirectory(Path.Combine(_work, "empty")).FullName;
        var (code, stdout, stderr) = FragilityProcess.Run(Path.Combine(tools, "fragility"), empty, ["run", "--format", "csv"], environment: environment);
        Assert.True(code == 0, stderr);
        Assert.Contains("scored 51 units at iris (51)", stdout, StringComparison.Ordinal);
        Assert.Equal(52, File.ReadAllLines(Path.Combine(empty, "out", "scores-iris.csv")).Length);
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]{40}\s*$", FragilityProcess.Run(Path.Combine(tools, "fragility"), empty, ["--version"], environment: environment).Output);
    }
}
