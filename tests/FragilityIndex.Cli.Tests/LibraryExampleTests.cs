using System.Globalization;

namespace FragilityIndex.Cli.Tests;

/// <summary>
/// The README's library example, which is examples/score.cs, compiled and run as a user runs it
/// (<c>dotnet run examples/score.cs</c> from the repository's root), against <c>fragility run</c>'s IRIS table.
/// </summary>
public sealed class LibraryExampleTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-library-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void FileBasedExample_PrintsTheTenMostFragileIris_OfTheRunsTable()
    {
        var root = FragilityProcess.RepositoryRoot;
        var example = File.ReadAllText(Path.Combine(root, "examples", "score.cs"));
        // The README shows the program itself, every line but the project directive.
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        foreach (var line in example.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("#:", StringComparison.Ordinal)))
            Assert.Contains(line, readme, StringComparison.Ordinal);

        var (exit, output, error) = FragilityProcess.Run("dotnet", root, ["run", "examples/score.cs"]);
        Assert.True(exit == 0, error + output);
        var printed = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(10, printed.Length);

        // The ten highest global scores of scores-iris.csv, in order, to the printed decimal.
        var folder = Path.Combine(_work, "out");
        Assert.Equal(0, FragilityProcess.InProcess("run", "--format", "csv", "--quiet", "--out", folder).Exit);
        var csv = FragilityIndex.Tests.PlainCsv.Read(Path.Combine(folder, "scores-iris.csv"), ',');
        var global = csv[0].ToList().IndexOf("score_global");
        var expected = csv.Skip(1).Where(r => r[global].Length > 0)
            .OrderByDescending(r => double.Parse(r[global], CultureInfo.InvariantCulture)).Take(10).ToArray();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(expected[i][0], printed[i][0].Trim());
            Assert.Equal(double.Parse(expected[i][global], CultureInfo.InvariantCulture).ToString("F1", CultureInfo.InvariantCulture), printed[i][^1].Trim());
        }
    }
}
