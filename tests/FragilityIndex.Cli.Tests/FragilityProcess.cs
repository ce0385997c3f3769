using System.Diagnostics;

namespace FragilityIndex.Cli.Tests;

/// <summary>Runs the real <c>fragility</c> executable, and the outside tools the acceptance tests check its files with.</summary>
internal static class FragilityProcess
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Whether ../shared/data/real is there; under CI=true its absence is a failure.</summary>
    public static bool SharedDataPresent()
    {
        if (Directory.Exists(Path.Combine(RepositoryRoot, "..", "shared", "data", "real"))) return true;
        if (OnCi) throw new DirectoryNotFoundException("CI=true and ../shared/data/real is missing");
        return false;
    }

    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the command line in this process, with its output and errors captured.</summary>
    public static (int Exit, string Output, string Error) InProcess(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = FragilityCli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>dotnet fragility.dll args</c> in <paramref name="workingDirectory"/>.</summary>
    public static (int Exit, string Output, string Error) Fragility(string workingDirectory, params string[] args) =>
        Run("dotnet", workingDirectory, [Path.Combine(AppContext.BaseDirectory, "fragility.dll"), .. args]);

    /// <summary>The path of an outside program (ogrinfo, chromium); skips the test when it is not installed outside CI, fails it under CI.</summary>
    public static string Tool(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate)) return candidate;
        }

        if (OnCi) throw new FileNotFoundException($"CI=true and {name} is not installed: .ci/run should have installed it");
        throw new SkipException($"{name} is not installed");
    }

    /// <summary>
    /// Headless Chromium on a page, its own profile folder under <paramref name="workingDirectory"/>. A browser that has
    /// not finished in 90 s is stuck, not slow (it renders these pages in 2 s; under the load of CI one start in many
    /// hung with no output): it is killed and started once more, and a second hang fails the test.
    /// </summary>
    public static (int Exit, string Output, string Error) Chromium(string workingDirectory, string profile, IEnumerable<string> args)
    {
        var chromium = Tool("chromium");
        string[] common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"];
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Run(chromium, workingDirectory, [.. common, $"--user-data-dir={Path.Combine(workingDirectory, $"{profile}-{attempt}")}", .. args], timeoutSeconds: 90);
            }
            catch (TimeoutException) when (attempt == 1)
            {
            }
        }
    }

    public static (int Exit, string Output, string Error) Run(string program, string workingDirectory, IEnumerable<string> args, int timeoutSeconds = 300,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} took more than {timeoutSeconds} s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fragility.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("cannot find Fragility.sln above the test binaries");
    }
}
