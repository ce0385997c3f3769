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
        if (Path.IsPathRooted(path) || File.Exists(path)) return Path.GetFullPath(path);
        var besideTool = Path.Combine(AppContext.BaseDirectory, path);
        if (File.Exists(besideTool)) return besideTool;
        throw new FragilityException(FailureKind.BadData, $"{path}: no such file (source '{sourceName}'): give --input {sourceName}=PATH");
    }

    public static SourceOpener Opener(Action<string, string, string>? onOpen = null) => (name, path) =>
    {
        var full = Resolve(name, path);
        onOpen?.Invoke(name, path, full);
        return SourceFile.OnDisk(full, path);
    };
}
