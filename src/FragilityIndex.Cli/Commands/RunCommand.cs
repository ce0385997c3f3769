using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using FragilityIndex.Export;
using FragilityIndex.Scoring;

namespace FragilityIndex.Cli.Commands;

/// <summary><c>fragility run</c>: scores a definition and writes scores-&lt;level&gt;.csv and run.json into --out.</summary>
internal static class RunCommand
{
    private static readonly string[] ShapefileSiblings = [".dbf", ".prj", ".cpg"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var definitionOptions = new DefinitionOptions();
        var outDirectory = new Option<DirectoryInfo>("--out") { Description = "Output folder (replaced whole when the run succeeds).", DefaultValueFactory = _ => new DirectoryInfo("out") };
        var quiet = new Option<bool>("--quiet") { Description = "No progress on stderr." };
        var command = new Command("run", "Score an index and write its tables.");
        definitionOptions.AddTo(command);
        command.Add(outDirectory);
        command.Add(quiet);
        command.SetAction(parse =>
        {
            var progress = parse.GetValue(quiet) ? TextWriter.Null : error;
            var (definition, name, reference) = definitionOptions.Resolve(parse);
            var files = new List<InputFileRecord>();
            var opened = new List<(string Source, string Path, string Full)>();
            var opener = SourceFiles.Opener((source, path, full) =>
            {
                progress.WriteLine($"reading {path}");
                opened.Add((source, path, full));
            });
            var outcome = IndexRun.Execute(definition, opener, new ScoringOptions
            {
                ReferenceLevel = reference,
                OnLevel = level => progress.WriteLine($"scoring {Territory.TerritoryLevels.Name(level)}"),
            });
            foreach (var (source, path, full) in opened.OrderBy(o => o.Source, StringComparer.Ordinal).ThenBy(o => o.Path, StringComparer.Ordinal))
            {
                files.Add(new InputFileRecord(source, path, new FileInfo(full).Length, Sha256(full)));
                // A shapefile is several files: its attributes and its CRS are inputs too.
                if (!full.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)) continue;
                foreach (var extension in ShapefileSiblings)
                {
                    var sibling = new[] { Path.ChangeExtension(full, extension), Path.ChangeExtension(full, extension.ToUpperInvariant()) }.FirstOrDefault(File.Exists);
                    if (sibling is not null) files.Add(new InputFileRecord(source, Path.ChangeExtension(path, Path.GetExtension(sibling)), new FileInfo(sibling).Length, Sha256(sibling)));
                }
            }

            var target = parse.GetValue(outDirectory)!;
            var writeClock = Stopwatch.StartNew();
            OutputFolder.Replace(target.FullName, staging =>
            {
                var written = new List<string>();
                foreach (var level in outcome.Result.Levels)
                {
                    var fileName = ScoreCsvWriter.FileName(level.Level);
                    progress.WriteLine($"writing {Path.Combine(target.ToString(), fileName)}");
                    using var stream = File.Create(Path.Combine(staging, fileName));
                    ScoreCsvWriter.Write(level, stream);
                    written.Add(fileName);
                }

                if (outcome.Inputs.Territory is { Geometries: not null, Crs: { } crs } territory)
                {
                    foreach (var level in outcome.Result.Levels)
                    {
                        var fileName = GeoJsonWriter.FileName(level.Level);
                        progress.WriteLine($"writing {Path.Combine(target.ToString(), fileName)}");
                        var byCode = Geography.LevelGeometries.Of(territory, level.Level);
                        var partition = territory[level.Level];
                        var geometries = new NetTopologySuite.Geometries.Geometry[level.Count];
                        for (var g = 0; g < partition.Count; g++) geometries[level.PositionOf(partition.Codes[g])] = byCode[g];
                        using var stream = File.Create(Path.Combine(staging, fileName));
                        GeoJsonWriter.Write(level, geometries, crs, stream);
                        written.Add(fileName);
                    }
                }

                using var manifest = File.Create(Path.Combine(staging, "run.json"));
                RunManifestWriter.Write(manifest, outcome, name, files, written, [("write", writeClock.Elapsed)]);
            });

            foreach (var warning in outcome.Warnings) error.WriteLine($"warning: {warning}");
            output.WriteLine($"scored {outcome.Inputs.Territory.UnitCount} units at {string.Join(", ", outcome.Result.Levels.Select(l => $"{Territory.TerritoryLevels.Name(l.Level)} ({l.Count})"))} into {target}");
            return FragilityCli.Success;
        });
        return command;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
