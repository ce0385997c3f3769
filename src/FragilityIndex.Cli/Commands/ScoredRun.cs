using System.CommandLine;
using System.Security.Cryptography;
using FragilityIndex.Export;
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
        ParseResult parse, DefinitionOptions definitionOptions, TextWriter progress, IReadOnlyList<Territory.TerritoryLevel>? levels = null, bool includeWhole = false)
    {
        var (definition, name, reference) = definitionOptions.Resolve(parse);
        var opened = new List<(string Source, string Path, string Full)>();
        // Sources are read on several threads: the record of what was opened takes a lock.
        var opener = SourceFiles.Opener((source, path, full) =>
        {
            lock (opened)
            {
                progress.WriteLine($"reading {path}");
                opened.Add((source, path, full));
            }
        });
        var outcome = IndexRun.Execute(definition, opener, new ScoringOptions
        {
            ReferenceLevel = reference,
            Levels = levels,
            IncludeWhole = includeWhole,
            OnLevel = level => progress.WriteLine($"scoring {Territory.TerritoryLevels.Name(level)}"),
        });

        JoinTable.Write(progress, outcome.Inputs.Joins, outcome.Inputs.Territory.UnitCount);
        JoinTable.RefuseWarnings(parse.GetValue(definitionOptions.Strict), outcome.Warnings);
        var files = new List<InputFileRecord>();
        var paths = definitionOptions.KnownInputs(parse).ToList();
        foreach (var (source, path, full) in opened.OrderBy(o => o.Source, StringComparer.Ordinal).ThenBy(o => o.Path, StringComparer.Ordinal))
        {
            files.Add(new InputFileRecord(source, path, new FileInfo(full).Length, Sha256(full)));
            paths.Add(full);
            // A shapefile is several files: its attributes and its CRS are inputs too.
            if (!full.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var extension in ShapefileSiblings)
            {
                var sibling = new[] { Path.ChangeExtension(full, extension), Path.ChangeExtension(full, extension.ToUpperInvariant()) }.FirstOrDefault(File.Exists);
                if (sibling is null) continue;
                files.Add(new InputFileRecord(source, Path.ChangeExtension(path, Path.GetExtension(sibling)), new FileInfo(sibling).Length, Sha256(sibling)));
                paths.Add(sibling);
            }
        }

        return (outcome, name, files, paths);
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
