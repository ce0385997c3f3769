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

/// <summary>A small quote-aware CSV splitter, independent of the library's reader, for reading expected values in tests.</summary>
internal static class PlainCsv
{
    public static List<string[]> Read(string path, char separator)
    {
        var text = File.ReadAllText(path);
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == separator) { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { fields.Add(field.ToString()); field.Clear(); rows.Add([.. fields]); fields.Clear(); }
            else field.Append(c);
        }

        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); rows.Add([.. fields]); }
        return rows;
    }
}
