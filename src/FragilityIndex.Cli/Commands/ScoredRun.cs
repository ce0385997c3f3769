using System.CommandLine;
using System.Security.Cryptography;
using FragilityIndex.Export;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;

namespace FragilityIndex.Cli.Commands;

/// <summary>
/// The scoring step that <c>run</c>, <c>map</c> and <c>report</c> share: resolves the definition, reads and scores it
/// with progress on stderr, and records every input file with its size and SHA-256 (a shapefile's siblings too).
/// </summary>
internal static class ScoredRun
{
    private static readonly string[] ShapefileSiblings = [".dbf", ".prj", ".cpg"];

    /// <returns>The outcome, the definition's name, the input files as run.json records them, and the full path of every file read (the definition file included).</returns>
    public static (RunOutcome Outcome, string DefinitionName, IReadOnlyList<InputFileRecord> Files, IReadOnlyList<string> InputPaths) Execute(
        ParseResult parse, DefinitionOptions definitionOptions, TextWriter progress, IReadOnlyList<Definition.TerritoryLevel>? levels = null, bool includeWhole = false)
    {
        var (definition, name, reference) = definitionOptions.Resolve(parse);
        var opened = new List<(string Source, string Path, string Full)>();
        // The SHA-256 of the files read whole, as they were read; the others are hashed once the run is done.
        var hashes = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // On a terminal, a bar of the bytes read (every file's, a shapefile's siblings too); plain lines elsewhere.
        var bar = Output.ProgressBar.For(progress);
        bar.Start("reading", 0, "MB", 1e6);
        // Sources are read on several threads: the record of what was opened takes a lock.
        var opener = SourceFiles.Opener((source, path, full) =>
        {
            lock (opened)
            {
                bar.Grow(new FileInfo(full).Length + Siblings(full).Sum(f => new FileInfo(f).Length));
                bar.Line($"reading {path}");
                opened.Add((source, path, full));
            }
        }, bar.Advance, hashes);
        RunOutcome outcome;
        try
        {
            outcome = IndexRun.Execute(definition, opener, new ScoringOptions
            {
                ReferenceLevel = reference,
                Levels = levels,
                IncludeWhole = includeWhole,
                References = definitionOptions.LoadReferences(parse),
                OnLevel = level =>
                {
                    bar.Line($"scoring {Definition.TerritoryLevels.Name(level)}");
                    CollectWhatTheLastStepLeft();
                },
            });
            CollectWhatTheLastStepLeft();
        }
        finally
        {
            bar.Stop();
        }

        JoinTable.Write(progress, outcome.Inputs.Joins, outcome.Inputs.Territory.UnitCount);
        JoinTable.RefuseWarnings(parse.GetValue(definitionOptions.Strict), outcome.Warnings);
        var files = new List<InputFileRecord>();
        var paths = definitionOptions.KnownInputs(parse).ToList();
        foreach (var (source, path, full) in opened.OrderBy(o => o.Source, StringComparer.Ordinal).ThenBy(o => o.Path, StringComparer.Ordinal))
        {
            files.Add(new InputFileRecord(source, path, new FileInfo(full).Length, hashes.TryGetValue(full, out var known) ? known : Sha256(full)));
            paths.Add(full);
            foreach (var sibling in Siblings(full))
            {
                files.Add(new InputFileRecord(source, Path.ChangeExtension(path, Path.GetExtension(sibling)), new FileInfo(sibling).Length, Sha256(sibling)));
                paths.Add(sibling);
            }
        }

        return (outcome, name, files, paths);
    }

    // A run's steps leave their garbage behind them (the sources' columns once joined, a level's temporaries once it is
    // scored), and most of it has lived long enough to be promoted: collected between steps, the peak is what is live
    // rather than what the collector has not yet come back to. Measured with the native executable: mednum-2020 on the
    // national table 94 → 85 MiB, the national synthetic France 560 → 455 MiB, the time of either unchanged. Not
    // compacting: it would copy the contours of a national run, for little more memory given back.
    private static void CollectWhatTheLastStepLeft() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);

    // A shapefile is several files: its attributes and its CRS are inputs too (the .dbf, .prj and .cpg beside it, in
    // lower or upper case). Other files have none.
    private static IEnumerable<string> Siblings(string full)
    {
        if (!full.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)) yield break;
        foreach (var extension in ShapefileSiblings)
        {
            var sibling = new[] { Path.ChangeExtension(full, extension), Path.ChangeExtension(full, extension.ToUpperInvariant()) }.FirstOrDefault(File.Exists);
            if (sibling is not null) yield return sibling;
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
