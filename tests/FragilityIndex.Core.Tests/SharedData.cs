namespace FragilityIndex.Tests;

/// <summary>
/// Finds the real public data in ../shared beside the repository. Under CI=true a missing file fails the test;
/// elsewhere the test is reported as skipped (it has nothing to check against), never as passed.
/// </summary>
internal static class SharedData
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SharedRoot => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>The path of a file under ../shared; skips the test (a [SkippableFact]) when it is absent outside CI.</summary>
    public static string Find(string relativePath)
    {
        var path = Path.Combine(SharedRoot, relativePath);
        if (File.Exists(path)) return path;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new FileNotFoundException($"CI=true and the shared test data is missing: {path}");
        throw new SkipException($"the shared test data is missing: {path}");
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fragility.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("cannot find Fragility.sln above the test binaries");
    }
}
