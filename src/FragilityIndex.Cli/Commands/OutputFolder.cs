namespace FragilityIndex.Cli.Commands;

/// <summary>
/// Writes an output folder all or nothing: files go to a staging folder beside the target, which replaces the target
/// only once everything is written. A failed run leaves the previous output as it was and no partial folder behind.
/// </summary>
internal static class OutputFolder
{
    public static void Replace(string target, Action<string> write)
    {
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(target)) ?? ".";
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(Path.TrimEndingDirectorySeparator(target))}.staging-{Environment.ProcessId}");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            write(staging);
            var old = staging + ".old";
            if (Directory.Exists(target)) Directory.Move(target, old);
            Directory.Move(staging, target);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }
}
