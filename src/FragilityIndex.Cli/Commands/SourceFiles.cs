using FragilityIndex.Diagnostics;
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

    /// <param name="onOpen">Called with the source's name, its path as given and its full path, as each is resolved.</param>
    /// <param name="onRead">Called with the bytes read, from any file of the source (for a progress bar).</param>
    /// <param name="hashes">Where the SHA-256 of each source file read whole, in order, is put under its full path.</param>
    public static SourceOpener Opener(Action<string, string, string>? onOpen = null, Action<long>? onRead = null,
        System.Collections.Concurrent.ConcurrentDictionary<string, string>? hashes = null) => (name, path) =>
    {
        var full = Resolve(name, path);
        onOpen?.Invoke(name, path, full);
        var file = SourceFile.OnDisk(full, path);
        if (onRead is null && hashes is null) return file;
        Stream Wrapped(Stream stream, bool main) => new Output.InputStream(stream, onRead, full, main ? hashes : null);

        return new SourceFile(file.DisplayName, extension => extension is null ? Wrapped(file.Open(), main: true)
            : file.OpenSibling(extension) is { } sibling ? Wrapped(sibling, main: false) : null, file.FullPath)
        {
            Synthetic = file.Synthetic,
        };
    };
}
