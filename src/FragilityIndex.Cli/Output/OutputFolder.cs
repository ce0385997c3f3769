using System.Text.Json;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Cli.Output;

/// <summary>
/// Writes an output folder all or nothing, and never at the expense of what the user owns.
/// <list type="bullet">
/// <item>The target is replaced only when it is missing, empty, or holds nothing but a previous output of the tool
/// (its <see cref="MarkerName"/> lists every file the tool wrote there); any other folder needs <c>--force</c>, and
/// the filesystem root, the home folder, the current directory and its parents, and a folder holding an input of the
/// run are refused even then.</item>
/// <item>Files go to a staging folder beside the target, which then takes the target's place in one atomic step
/// (renameat2 RENAME_EXCHANGE on Linux); after a crash at any moment the target holds the old output whole or the new
/// one whole. Where the exchange is not available the old folder is first renamed aside, and the next run puts it back
/// if the crash came between the two renames.</item>
/// <item>A lock file beside the target lets one run at a time work on it; the other fails naming the folder. Staging
/// folders left by killed runs are removed by the next run on that target.</item>
/// </list>
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    /// <summary>The file, inside every output folder, that lists what the tool wrote there.</summary>
    public const string MarkerName = ".fragility-output.json";

    private readonly string _target;
    private readonly string _parent;
    private readonly string _name;
    private readonly string _shown;
    private FileStream? _lock;

    private OutputFolder(string target, string shown)
    {
        _target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        _parent = Path.GetDirectoryName(_target) ?? _target;
        _name = Path.GetFileName(_target);
        _shown = shown;
    }

    /// <summary>
    /// Takes the target for this run, before any work is done: checks that it may be written (see the class summary),
    /// locks it until <see cref="Dispose"/>, and tidies what a killed run left. Throws a usage error naming the folder
    /// when it may not be written or another run holds it.
    /// </summary>
    public static OutputFolder Claim(string target, string shown, bool force, IEnumerable<string>? inputs = null)
    {
        var folder = new OutputFolder(target, shown);
        folder.Check(force, inputs ?? []);
        FileSystemErrors.Named(folder._parent, () => Directory.CreateDirectory(folder._parent));
        folder._lock = folder.AcquireLock();
        try
        {
            folder.Recover();
            folder.Check(force, inputs ?? []);
        }
        catch
        {
            folder.Dispose();
            throw;
        }

        return folder;
    }

    /// <summary>Releases the lock on the target.</summary>
    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }

    /// <summary>
    /// Runs <paramref name="write"/> into a fresh staging folder and, when it succeeds, puts that folder in the target's
    /// place. <paramref name="inputs"/> are checked once more (the run knows them only after reading its definition).
    /// </summary>
    public void Replace(bool force, IEnumerable<string> inputs, Action<string> write)
    {
        ObjectDisposedException.ThrowIf(_lock is null, this);
        Check(force, inputs);

        var staging = Path.Combine(_parent, $".{_name}.fragility-staging-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        FileSystemErrors.Named(staging, () => Directory.CreateDirectory(staging));
        try
        {
            // A write that fails (a full disk, a quota) is named by the folder being written.
            FileSystemErrors.Named($"--out {_shown} (writing {staging})", () =>
            {
                write(staging);
                WriteMarker(staging);
            });
            Swap(staging);
        }
        catch
        {
            DeleteQuietly(staging);
            throw;
        }
    }

    /// <summary>Opens each file the library writes into <paramref name="staging"/>, by its name.</summary>
    public static Func<string, Stream> FilesIn(string staging) => name => File.Create(Path.Combine(staging, name));

    /// <summary>
    /// Whether <paramref name="folder"/> holds only files the tool wrote, the ones its marker lists; otherwise
    /// <paramref name="foreign"/> is the first other entry. The tool writes files at the top level only, so a folder
    /// in it is foreign and the walk never descends into a tree of the user's (a clone's .git).
    /// </summary>
    public static bool HoldsOnlyToolOutput(string folder, out string? foreign)
    {
        var entries = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        var listed = entries.Length == 0 ? null : ReadMarker(Path.Combine(folder, MarkerName));
        foreach (var entry in entries)
        {
            if (entry == MarkerName && listed is not null) continue;
            if (listed is null || !listed.Contains(entry) || Directory.Exists(Path.Combine(folder, entry)))
            {
                foreign = entry;
                return false;
            }
        }

        foreign = null;
        return true;
    }

    private void Check(bool force, IEnumerable<string> inputs)
    {
        var real = NativeFileSystem.RealPath(_target);
        string Refused(string why) => $"--out {_shown}: {why}";

        if (Path.GetPathRoot(real) == real || Path.GetPathRoot(_target) == _target)
            throw new FragilityException(FailureKind.Usage, Refused("refused, even with --force: it is the root of the file system"));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0 && SamePath(real, NativeFileSystem.RealPath(home)))
            throw new FragilityException(FailureKind.Usage, Refused("refused, even with --force: it is your home folder"));
        var current = NativeFileSystem.RealPath(Directory.GetCurrentDirectory());
        if (SamePath(real, current))
            throw new FragilityException(FailureKind.Usage, Refused("refused, even with --force: it is the current directory; name a folder inside it, such as --out out"));
        if (IsInside(current, real))
            throw new FragilityException(FailureKind.Usage, Refused("refused, even with --force: it holds the current directory"));
        foreach (var input in inputs)
        {
            var realInput = NativeFileSystem.RealPath(input);
            if (IsInside(realInput, real) || SamePath(realInput, real))
                throw new FragilityException(FailureKind.Usage, Refused($"refused, even with --force: it holds an input of the run ({input})"));
        }

        if (File.Exists(_target) && !Directory.Exists(_target))
            throw new FragilityException(FailureKind.Usage, Refused("it is a file, not a folder"));
        if (!Directory.Exists(_target)) return;
        if (new DirectoryInfo(_target).LinkTarget is not null)
            throw new FragilityException(FailureKind.Usage, Refused("it is a symbolic link: name the folder itself"));
        if (force) return;
        var holdsOnlyOutput = FileSystemErrors.Named(_target, () => HoldsOnlyToolOutput(_target, out var found) ? null : found);
        if (holdsOnlyOutput is { } foreign)
            throw new FragilityException(FailureKind.Usage,
                Refused($"the folder holds files fragility did not write ({foreign}): it is left as it is; choose another folder, or give --force to replace it"));
    }

    private FileStream AcquireLock()
    {
        var path = Path.Combine(_parent, $".{_name}.fragility-lock");
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix: a second run on the same target fails here.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new FragilityException(FailureKind.Usage, $"--out {_shown}: another fragility run is writing this folder (lock {path}); wait for it to finish");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new FragilityException(FailureKind.BadData, $"{path}: cannot create the lock file: {e.Message}");
        }
    }

    // Under the lock no other run is working on this target, so what the pattern matches was left by a killed run.
    private void Recover()
    {
        var leftovers = Directory.GetDirectories(_parent, $".{_name}.fragility-*").Order(StringComparer.Ordinal).ToArray();
        var aside = leftovers.Where(d => Path.GetFileName(d).StartsWith($".{_name}.fragility-old-", StringComparison.Ordinal)).ToArray();
        if (!Directory.Exists(_target) && aside.Length > 0)
        {
            // A run killed between "old output aside" and "new output in place": the old output goes back.
            FileSystemErrors.Named(_target, () => Directory.Move(aside[0], _target));
        }

        foreach (var leftover in Directory.GetDirectories(_parent, $".{_name}.fragility-*"))
        {
            var name = Path.GetFileName(leftover);
            if (name.StartsWith($".{_name}.fragility-staging-", StringComparison.Ordinal) || name.StartsWith($".{_name}.fragility-old-", StringComparison.Ordinal))
                FileSystemErrors.Named(leftover, () => Directory.Delete(leftover, recursive: true));
        }
    }

    private void Swap(string staging)
    {
        if (!Directory.Exists(_target))
        {
            FileSystemErrors.Named(_target, () => Directory.Move(staging, _target));
            return;
        }

        if (FileSystemErrors.Named(_target, () => NativeFileSystem.TryExchange(staging, _target)))
        {
            // The target is the new output; the staging path now holds the old one.
            DeleteQuietly(staging);
            return;
        }

        var aside = Path.Combine(_parent, $".{_name}.fragility-old-{Environment.ProcessId}");
        FileSystemErrors.Named(_target, () => Directory.Move(_target, aside));
        FileSystemErrors.Named(_target, () => Directory.Move(staging, _target));
        DeleteQuietly(aside);
    }

    private static void WriteMarker(string staging)
    {
        var files = Directory.EnumerateFileSystemEntries(staging, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(staging, f).Replace('\\', '/'))
            .Where(f => f != MarkerName)
            .Order(StringComparer.Ordinal)
            .ToArray();
        using var stream = File.Create(Path.Combine(staging, MarkerName));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("tool", "fragility");
        json.WriteString("note", "This folder was written by fragility, which replaces it whole on its next run into it. Files not listed here stop it from doing so.");
        json.WriteStartArray("files");
        foreach (var file in files) json.WriteStringValue(file);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static HashSet<string>? ReadMarker(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("tool", out var tool) || tool.GetString() != "fragility"
                || !document.RootElement.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
                return null;
            return files.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToHashSet(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What is left is a staging or set-aside folder of ours: the next run on this target removes it.
        }
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);

    private static bool IsInside(string path, string folder)
    {
        var prefix = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }
}
