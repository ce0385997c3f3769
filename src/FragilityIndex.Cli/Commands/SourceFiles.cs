using FragilityIndex.Definition;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Cli.Commands;

/// <summary>
/// Resolves the paths of sources: absolute as given, relative to the current directory, and, for the presets' sample
/// data, relative to the installed tool (which carries data/sample beside it).
/// </summary>
internal static class SourceFiles
{
    public static string Resolve(string sourceName, SourceDefinition source)
    {
        var path = source.Path!;
        if (Path.IsPathRooted(path) || File.Exists(path)) return Path.GetFullPath(path);
        var besideTool = Path.Combine(AppContext.BaseDirectory, path);
        if (File.Exists(besideTool)) return besideTool;
        throw new FragilityException(FailureKind.BadData, $"{path}: no such file (source '{sourceName}'): give --input {sourceName}=PATH");
    }

    public static SourceOpener Opener(Action<string>? onOpen = null) => (name, source) =>
    {
        var path = Resolve(name, source);
        onOpen?.Invoke(path);
        return (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), source.Path!);
    };
}
