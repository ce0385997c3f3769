using System.Diagnostics;
using System.Text.Json;
using FragilityIndex.Cli.Output;

namespace FragilityIndex.Cli.Tests.Output;

/// <summary>
/// <c>--out</c> never deletes what fragility did not write, and the folder swap survives a kill -9 at any moment:
/// refusals, the marker, recovery from every state a killed run can leave, real kills of a running process and two
/// runs on one target.
/// </summary>
public sealed class OutputFolderTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-out-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static (int Exit, string Output, string Error) Run(params string[] args) => FragilityProcess.InProcess(args);

    private string SampleRun(string folder, params string[] extra)
    {
        var (exit, _, error) = Run(["run", "--out", folder, "--quiet", "--format", "csv", .. extra]);
        Assert.True(exit == 0, error);
        return folder;
    }

    [Fact]
    public void Run_IntoAFolderOfTheUser_RefusesAndTouchesNothing()
    {
        // A clone: a .git folder and a file of the user's.
        var clone = Path.Combine(_work, "clone");
        Directory.CreateDirectory(Path.Combine(clone, ".git"));
        File.WriteAllText(Path.Combine(clone, ".git", "HEAD"), "ref: refs/heads/main\n");
        File.WriteAllText(Path.Combine(clone, "README.md"), "mine\n");

        var (exit, output, error) = Run("run", "--out", clone, "--quiet");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith($"fragility: --out {clone}: the folder holds files fragility did not write (", error, StringComparison.Ordinal);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(clone, "README.md")));
        Assert.Equal("ref: refs/heads/main\n", File.ReadAllText(Path.Combine(clone, ".git", "HEAD")));
        Assert.Equal(2, Directory.EnumerateFileSystemEntries(clone).Count());
    }

    [Fact]
    public void Run_IntoAPreviousOutputWithAFileAdded_RefusesUnlessForced()
    {
        var folder = SampleRun(Path.Combine(_work, "out"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "my notes\n");

        var (exit, _, error) = Run("run", "--out", folder, "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("(notes.txt)", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "notes.txt")));

        SampleRun(folder, "--force");
        Assert.False(File.Exists(Path.Combine(folder, "notes.txt")));
    }

    [Fact]
    public void Run_IntoAPreviousOutputWithAFolderAdded_RefusesNamingIt()
    {
        // The tool writes files only: a folder in its output is the user's, and is never walked into or deleted.
        var folder = SampleRun(Path.Combine(_work, "out"));
        Directory.CreateDirectory(Path.Combine(folder, "analyses", "2024"));
        File.WriteAllText(Path.Combine(folder, "analyses", "2024", "carte.qgz"), "x");

        var (exit, _, error) = Run("run", "--out", folder, "--quiet");

        Assert.Equal(2, exit);
        Assert.Contains("(analyses)", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "analyses", "2024", "carte.qgz")));
    }

    [Fact]
    public void Run_IntoAPreviousOutput_ReplacesItWhole()
    {
        var folder = Path.Combine(_work, "out");
        Assert.Equal(0, Run("run", "--out", folder, "--quiet", "--format", "csv,geojson").Exit);
        Assert.True(File.Exists(Path.Combine(folder, "map-iris.geojson")));

        SampleRun(folder);

        // The second run wrote CSV only: the GeoJSON of the first is gone, and the marker lists exactly what is there.
        Assert.False(File.Exists(Path.Combine(folder, "map-iris.geojson")));
        Assert.Equal(Listing(folder), MarkerFiles(folder));
        Assert.Equal(["run.json", "scores-commune.csv", "scores-departement.csv", "scores-epci.csv", "scores-iris.csv", "scores-region.csv"], MarkerFiles(folder));
    }

    [Fact]
    public void Run_EmptyExistingFolder_IsWritten()
    {
        var folder = Path.Combine(_work, "empty");
        Directory.CreateDirectory(folder);
        SampleRun(folder);
        Assert.True(File.Exists(Path.Combine(folder, "scores-iris.csv")));
    }

    [Fact]
    public void Run_EvenWithForce_RefusesRootHomeCurrentDirectoryAndItsParents()
    {
        var current = Directory.GetCurrentDirectory();
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var refused = new List<(string Folder, string Why)>
        {
            ("/", "it is the root of the file system"),
            (current, "it is the current directory"),
            (Path.GetDirectoryName(current)!, "it holds the current directory"),
        };
        if (home.Length > 0 && home != current) refused.Add((home, "it is your home folder"));

        foreach (var (folder, why) in refused)
        {
            var before = Directory.EnumerateFileSystemEntries(folder).Count();
            var (exit, _, error) = Run("run", "--out", folder, "--force", "--quiet");
            Assert.True(exit == 2, folder);
            Assert.StartsWith($"fragility: --out {folder}: refused, even with --force: {why}", error, StringComparison.Ordinal);
            Assert.Single(error.TrimEnd().Split('\n'));
            Assert.Equal(before, Directory.EnumerateFileSystemEntries(folder).Count());
        }
    }

    [Fact]
    public void Run_EvenWithForce_RefusesTheFolderHoldingAnInput()
    {
        var data = Path.Combine(_work, "data");
        Directory.CreateDirectory(data);
        var census = Path.Combine(data, "census.csv");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "data", "sample", "census.csv"), census);

        var (exit, _, error) = Run("run", "--input", $"census={census}", "--out", data, "--force", "--quiet");

        Assert.Equal(2, exit);
        Assert.Equal($"fragility: --out {data}: refused, even with --force: it holds an input of the run ({census})", error.TrimEnd());
        Assert.Equal([census], Directory.GetFileSystemEntries(data));
    }

    [Fact]
    public void Run_IntoAFolderHoldingAConfigByItsDefinition_Refused()
    {
        // The definition file itself is an input: a run may not replace the folder it sits in.
        var folder = Path.Combine(_work, "definitions");
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "local.json");
        File.WriteAllText(config, "{ \"extends\": \"default\" }\n");
        var (exit, _, error) = Run("run", "--config", config, "--out", folder, "--force", "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("it holds an input of the run", error, StringComparison.Ordinal);
        Assert.True(File.Exists(config));
    }

    [Fact]
    public void Run_OutIsAFile_Refused()
    {
        var file = Path.Combine(_work, "scores.csv");
        File.WriteAllText(file, "mine\n");
        var (exit, _, error) = Run("run", "--out", file, "--force", "--quiet");
        Assert.Equal(2, exit);
        Assert.Equal($"fragility: --out {file}: it is a file, not a folder", error.TrimEnd());
        Assert.Equal("mine\n", File.ReadAllText(file));
    }

    [Fact]
    public void Synth_IntoAFolderOfTheUser_Refused()
    {
        var folder = Path.Combine(_work, "mine");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "thesis.tex"), "x");
        Assert.Equal(2, Run("synth", "--out", folder).Exit);
        Assert.True(File.Exists(Path.Combine(folder, "thesis.tex")));
    }

    [Fact]
    public void Run_AfterAKilledRunLeftStaging_RemovesIt()
    {
        var folder = SampleRun(Path.Combine(_work, "out"));
        var staging = Path.Combine(_work, ".out.fragility-staging-99999-0badf00d");
        Directory.CreateDirectory(staging);
        File.WriteAllText(Path.Combine(staging, "scores-iris.csv"), "half");

        SampleRun(folder);

        Assert.False(Directory.Exists(staging));
        Assert.Empty(Directory.GetDirectories(_work, ".out.fragility-*"));
    }

    [Fact]
    public void Run_AfterAKillBetweenTheTwoRenames_PutsTheOldOutputBack()
    {
        // The fallback swap (no RENAME_EXCHANGE) renames the old output aside, then the new one in: a kill between the
        // two leaves no target. The next run, even a failing one, puts the old output back whole.
        var folder = SampleRun(Path.Combine(_work, "out"));
        var expected = Snapshot(folder);
        var aside = Path.Combine(_work, ".out.fragility-old-4242");
        Directory.Move(folder, aside);
        var staging = Path.Combine(_work, ".out.fragility-staging-4242-12345678");
        Directory.CreateDirectory(staging);

        var (exit, _, _) = Run("run", "--preset", "nope", "--out", folder, "--quiet");
        Assert.Equal(2, exit); // usage error of the preset: the folder was claimed and recovered first
        var (exitBad, _, _) = Run("run", "--input", "census=/nonexistent.csv", "--out", folder, "--quiet");
        Assert.Equal(2, exitBad);

        Assert.Equal(expected, Snapshot(folder));
        Assert.False(Directory.Exists(aside));
        Assert.False(Directory.Exists(staging));
    }

    [Fact]
    public void TryExchange_TwoFolders_SwapsThem()
    {
        var a = Directory.CreateDirectory(Path.Combine(_work, "a")).FullName;
        var b = Directory.CreateDirectory(Path.Combine(_work, "b")).FullName;
        File.WriteAllText(Path.Combine(a, "in-a"), "");
        File.WriteAllText(Path.Combine(b, "in-b"), "");
        if (!NativeFileSystem.TryExchange(a, b))
        {
            // Then every swap takes the two-rename path, which Run_AfterAKillBetweenTheTwoRenames covers; on CI's Linux it must work.
            Assert.False(OperatingSystem.IsLinux() && FragilityProcess.OnCi, "renameat2 RENAME_EXCHANGE is not available");
            return;
        }

        Assert.True(File.Exists(Path.Combine(a, "in-b")));
        Assert.True(File.Exists(Path.Combine(b, "in-a")));
    }

    [Fact]
    public void KillNine_AtAnyMoment_LeavesAWholeOutputAndTheNextRunNoStaging()
    {
        var folder = Path.Combine(_work, "out");
        string[] args = ["run", "--out", folder, "--quiet"];
        var (exit, _, error) = FragilityProcess.Fragility(_work, args);
        Assert.True(exit == 0, error);
        var whole = Comparable(Snapshot(folder));

        var clock = Stopwatch.StartNew();
        var (_, _, _) = FragilityProcess.Fragility(_work, args);
        var runTime = clock.Elapsed;

        // Kills spread over the whole run: start-up, reading, scoring, writing, marker and swap.
        var moments = Enumerable.Range(1, 9).Select(k => runTime * k / 10).ToArray();
        var survived = 0;
        foreach (var moment in moments)
        {
            using var process = StartFragility(_work, args);
            Thread.Sleep(moment);
            process.Kill();
            process.WaitForExit();
            if (process.ExitCode == 0) survived++;
            Assert.True(Directory.Exists(folder), $"no output folder after a kill at {moment.TotalMilliseconds:F0} ms");
            Assert.Equal(whole, Comparable(Snapshot(folder)));
        }

        (exit, _, error) = FragilityProcess.Fragility(_work, args);
        Assert.True(exit == 0, error);
        Assert.Equal(whole, Comparable(Snapshot(folder)));
        Assert.Empty(Directory.GetDirectories(_work, ".out.fragility-*"));
        Assert.True(survived < moments.Length, "every run ended before it was killed: the kills tested nothing");
    }

    [Fact]
    public void TwoRuns_OnOneTarget_OneWinsWholeTheOtherNamesTheFolder()
    {
        var folder = Path.Combine(_work, "out");
        string[] args = ["run", "--out", folder, "--quiet"];
        Assert.Equal(0, FragilityProcess.Fragility(_work, args).Exit);
        var whole = Comparable(Snapshot(folder));

        using var first = StartFragility(_work, args);
        // The first takes the lock once it has started; the second starts while the first is still scoring.
        Thread.Sleep(400);
        var (secondExit, _, secondError) = FragilityProcess.Fragility(_work, args);
        first.WaitForExit();

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(2, secondExit);
        Assert.Equal($"fragility: --out out: another fragility run is writing this folder (lock {Path.Combine(_work, ".out.fragility-lock")}); wait for it to finish",
            secondError.TrimEnd().Replace($"--out {folder}", "--out out", StringComparison.Ordinal));
        Assert.Equal(whole, Comparable(Snapshot(folder)));
    }

    private static Process StartFragility(string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fragility.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string[] Listing(string folder) => Directory.GetFiles(folder).Select(Path.GetFileName)
        .Where(f => f != OutputFolder.MarkerName).Order(StringComparer.Ordinal).ToArray()!;

    private static string[] MarkerFiles(string folder)
    {
        using var marker = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, OutputFolder.MarkerName)));
        return marker.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToArray();
    }

    private static SortedDictionary<string, string> Snapshot(string folder) => new(
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    // run.json records timings, so two whole outputs differ there only: compare its presence, every other file's bytes.
    private static string Comparable(SortedDictionary<string, string> snapshot) =>
        string.Join("\n", snapshot.Select(f => f.Key == "run.json" ? "run.json" : $"{f.Key} {f.Value}"));
}
