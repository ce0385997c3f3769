using FragilityIndex.Definition;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Cli.Commands;

/// <summary>
/// Resolves the paths of sources: absolute as given, relative to the current directory, and, for the presets' sample
/// data, relative to the installed tool (which carries data/sample beside it).
/// </summary>
internal static class SourceFiles
{
    public static string Resolve(string sourceName, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new FragilityException(FailureKind.Usage, $"source '{sourceName}' has no path: give --input {sourceName}=PATH");
        if (Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path)) return RequireRegularFile(Path.GetFullPath(path), path, $"source '{sourceName}'");
        var besideTool = Path.Combine(AppContext.BaseDirectory, path);
        if (File.Exists(besideTool)) return RequireRegularFile(besideTool, path, $"source '{sourceName}'");
        throw new FragilityException(FailureKind.BadData, $"{path}: no such file (source '{sourceName}'): give --input {sourceName}=PATH");
    }

    /// <summary>
    /// Refuses at once what is not a regular file: a FIFO would block the reader forever, /dev/zero never ends, a
    /// folder is not a source. Returns <paramref name="full"/>.
    /// </summary>
    public static string RequireRegularFile(string full, string shown, string role)
    {
        var kind = Output.NativeFileSystem.KindOf(full);
        if (kind is null) throw new FragilityException(FailureKind.BadData, $"{shown}: no such file ({role})");
        if (kind != "file") throw new FragilityException(FailureKind.BadData, $"{shown}: is a {kind}, not a regular file ({role}): expected a data file");
        return full;
    }

    public static SourceOpener Opener(Action<string, string, string>? onOpen = null) => (name, path) =>
    {
        var full = Resolve(name, path);
        onOpen?.Invoke(name, path, full);
        return SourceFile.OnDisk(full, path);
    };
}
