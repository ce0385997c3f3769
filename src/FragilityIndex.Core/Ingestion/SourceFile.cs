using FragilityIndex.Diagnostics;

namespace FragilityIndex.Ingestion;

/// <summary>
/// One input file, as the readers see it: a name for messages and a way to open it and the files that travel with it
/// (a shapefile's .dbf, .prj and .cpg). The CLI opens files on disk; tests hand in bytes.
/// </summary>
internal sealed class SourceFile
{
    private readonly Func<string?, Stream?> _open;

    /// <param name="displayName">The name used in messages, usually the path as the user wrote it.</param>
    /// <param name="open">Opens the file (null) or its sibling with another extension (".dbf"); null when that sibling does not exist.</param>
    /// <param name="fullPath">The file on disk, when there is one.</param>
    public SourceFile(string displayName, Func<string?, Stream?> open, string? fullPath = null)
    {
        DisplayName = displayName;
        _open = open;
        FullPath = fullPath;
    }

    /// <summary>The name used in messages.</summary>
    public string DisplayName { get; }

    /// <summary>The file <c>fragility synth</c> writes beside the synthetic files it makes.</summary>
    public const string SyntheticMarker = "SYNTHETIC.md";

    /// <summary>
    /// Whether the file is synthetic: it lies beside a <see cref="SyntheticMarker"/>. Its figures are then credited as
    /// synthetic, whatever publisher's format they copy.
    /// </summary>
    public bool Synthetic { get; init; }

    /// <summary>The absolute path, for files on disk.</summary>
    public string? FullPath { get; }

    /// <summary>Opens the file itself.</summary>
    public Stream Open() => _open(null) ?? throw new FragilityException(FailureKind.BadData, $"{DisplayName}: no such file");

    /// <summary>Opens the sibling file with <paramref name="extension"/> (".prj"), or returns null when there is none.</summary>
    public Stream? OpenSibling(string extension) => _open(extension);

    /// <summary>The display name with another extension, for messages about a sibling.</summary>
    public string SiblingName(string extension) => Path.ChangeExtension(DisplayName, extension);

    /// <summary>A file on disk; siblings are looked up with the extension in lower or upper case (IGN ships IRIS_GE.PRJ).</summary>
    public static SourceFile OnDisk(string path, string? displayName = null)
    {
        var full = Path.GetFullPath(path);
        return new SourceFile(displayName ?? path, extension =>
        {
            if (extension is null)
                return File.Exists(full) ? new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan) : null;
            foreach (var candidate in new[] { Path.ChangeExtension(full, extension.ToLowerInvariant()), Path.ChangeExtension(full, extension.ToUpperInvariant()) })
            {
                if (File.Exists(candidate)) return File.OpenRead(candidate);
            }

            return null;
        }, full)
        { Synthetic = File.Exists(Path.Combine(Path.GetDirectoryName(full)!, SyntheticMarker)) };
    }

    /// <summary>A file held in memory, with optional siblings by extension.</summary>
    public static SourceFile InMemory(string displayName, byte[] bytes, IReadOnlyDictionary<string, byte[]>? siblings = null) =>
        new(displayName, extension => extension is null ? new MemoryStream(bytes, writable: false)
            : siblings is not null && siblings.TryGetValue(extension.ToLowerInvariant(), out var sibling) ? new MemoryStream(sibling, writable: false) : null);
}

/// <summary>Finds the file at <paramref name="path"/> for the source <paramref name="sourceName"/>; the CLI resolves paths, tests hand in bytes.</summary>
internal delegate SourceFile SourceOpener(string sourceName, string path);
