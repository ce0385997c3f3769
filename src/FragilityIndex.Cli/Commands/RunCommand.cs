using System.CommandLine;
using System.Diagnostics;
using FragilityIndex.Cli.Output;
using FragilityIndex.Diagnostics;
using FragilityIndex.Export;
using FragilityIndex.Orchestration;

namespace FragilityIndex.Cli.Commands;

/// <summary>
/// <c>fragility run</c>: scores a definition and writes, into --out, the formats asked for (scores-&lt;level&gt;.csv,
/// map-&lt;level&gt;.geojson and .parquet, map.gpkg, choropleth-&lt;level&gt;.svg and .png) and run.json.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter standardOutput, TextWriter error)
    {
        var definitionOptions = new DefinitionOptions();
        var mapOptions = new MapOptionsBinder();
        var output = new OutputOptions("out", "the tables, maps and run.json");
        var formats = new Option<string[]>("--format") { Description = $"Formats to write, comma-separated or repeated: {OutputFormats.Expected} (default: all that the inputs allow)." };
        var csvDialect = new Option<string>("--csv-dialect") { Description = "international (comma, decimal point) or french (semicolon, decimal comma, UTF-8 with BOM).", DefaultValueFactory = _ => "international" };
        var labels = new Option<string>("--labels") { Description = "CSV headers: ids (menages_seuls_value) or fr (the definition's French labels).", DefaultValueFactory = _ => "ids" };
        var precision = new Option<int>("--precision") { Description = "Decimals of longitude/latitude in GeoJSON, GeoParquet and GeoPackage.", DefaultValueFactory = _ => 6 };
        var simplify = new Option<double>("--simplify") { Description = "Topology-preserving simplification tolerance in metres, before reprojection (0: none)." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress on stderr." };
        var command = new Command("run", "Score an index and write its tables, maps and run.json.");
        definitionOptions.AddTo(command);
        output.AddTo(command);
        command.Add(formats);
        command.Add(csvDialect);
        command.Add(labels);
        command.Add(precision);
        command.Add(simplify);
        mapOptions.AddTo(command);
        command.Add(quiet);
        command.SetAction(parse =>
        {
            var progress = parse.GetValue(quiet) ? TextWriter.Null : error;
            var decimals = parse.GetValue(precision);
            if (decimals is < 0 or > 15) throw new FragilityException(FailureKind.Usage, $"--precision {decimals}: expected 0 to 15 decimals");
            var tolerance = parse.GetValue(simplify);
            if (!(tolerance >= 0)) throw new FragilityException(FailureKind.Usage, $"--simplify {tolerance}: expected a tolerance of 0 metres or more");
            var export = new ExportOptions
            {
                Formats = ParseFormats(parse.GetValue(formats)),
                GeoPackageLastChange = OutputOptions.SourceDateEpoch(),
                CsvDialect = parse.GetValue(csvDialect)?.ToLowerInvariant() switch
                {
                    "international" => CsvDialect.International,
                    "french" or "fr" => CsvDialect.French,
                    var other => throw new FragilityException(FailureKind.Usage, $"--csv-dialect '{other}': expected international or french"),
                },
                Headers = parse.GetValue(labels)?.ToLowerInvariant() switch
                {
                    "ids" => ColumnHeaders.Ids,
                    "fr" or "french" => ColumnHeaders.French,
                    var other => throw new FragilityException(FailureKind.Usage, $"--labels '{other}': expected ids or fr"),
                },
                Geometry = new GeometryOptions
                {
                    Precision = decimals,
                    SimplifyMetres = tolerance,
                },
                Map = mapOptions.Resolve(parse),
            };

            using var folder = output.Claim(parse, definitionOptions.KnownInputs(parse));
            var (outcome, name, files, inputs) = ScoredRun.Execute(parse, definitionOptions, progress);
            var target = output.Shown(parse);
            var writeClock = Stopwatch.StartNew();
            // Each file's own time (a level's first geographic file also builds its contours); files of several
            // levels are written at once, so the lines and times come from several threads.
            var fileTimes = new List<(string Step, TimeSpan Elapsed)>();
            var bar = ProgressBar.For(progress);
            bar.Start("writing", RunExporter.Plan(outcome, export).Count, "files");
            output.Write(parse, folder, inputs, staging =>
            {
                IReadOnlyList<string> written;
                try
                {
                    written = RunExporter.Write(outcome, OutputFolder.FilesIn(staging), export,
                        file => bar.Line($"writing {Path.Combine(target, file)}"),
                        (file, elapsed) =>
                        {
                            lock (fileTimes) fileTimes.Add(($"write:{file}", elapsed));
                            bar.Advance(1);
                        });
                }
                finally
                {
                    bar.Stop();
                }

                // In the order of the files, not of their ending: run.json is the same from run to run but for the times.
                var order = written.Select((file, i) => (file, i)).ToDictionary(f => $"write:{f.file}", f => f.i, StringComparer.Ordinal);
                fileTimes.Sort((a, b) => order[a.Step].CompareTo(order[b.Step]));
                using var manifest = File.Create(Path.Combine(staging, "run.json"));
                RunManifestWriter.Write(manifest, outcome, name, files, written, [("write", writeClock.Elapsed), .. fileTimes]);
            });

            foreach (var warning in outcome.Warnings) error.WriteLine($"warning: {warning}");
            progress.WriteLine(TimingSummary(outcome.Timings, writeClock.Elapsed, fileTimes));
            standardOutput.WriteLine($"scored {outcome.Inputs.Territory.UnitCount} units at {string.Join(", ", outcome.Result.Levels.Select(l => $"{Definition.TerritoryLevels.Name(l.Level)} ({l.Count})"))} into {target}");
            return FragilityCli.Success;
        });
        return command;
    }

    /// <summary>
    /// "time: read 1.21 s (contours 0.50, territory 0.37, join 0.37, broadband 0.15, …), score 0.07 s, write 0.89 s
    /// (map-iris.geojson 0.31, …)": where the run's time went, the slowest parts of reading and writing first.
    /// </summary>
    internal static string TimingSummary(IReadOnlyList<(string Step, TimeSpan Elapsed)> timings, TimeSpan write, IReadOnlyList<(string Step, TimeSpan Elapsed)>? files = null)
    {
        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        var read = timings.FirstOrDefault(t => t.Step == "read").Elapsed;
        var parts = timings.Where(t => t.Step != "read" && t.Step != "score").OrderByDescending(t => t.Elapsed).Take(5)
            .Select(t => $"{(t.Step.StartsWith("read:", StringComparison.Ordinal) ? t.Step[5..] : t.Step)} {Seconds(t.Elapsed)}");
        var score = timings.FirstOrDefault(t => t.Step == "score").Elapsed;
        var slowest = (files ?? []).OrderByDescending(f => f.Elapsed).Take(3).Select(f => $"{f.Step[6..]} {Seconds(f.Elapsed)}").ToArray();
        return $"time: read {Seconds(read)} s ({string.Join(", ", parts)}), score {Seconds(score)} s, write {Seconds(write)} s{(slowest.Length > 0 ? $" ({string.Join(", ", slowest)})" : "")}";
    }

    /// <summary>The formats of --format; null when none were given (then every format the inputs allow).</summary>
    internal static OutputFormat? ParseFormats(string[]? texts)
    {
        if (texts is null || texts.Length == 0) return null;
        return OutputFormats.TryParse(texts, out var unknown) is { } parsed and not OutputFormat.None
            ? parsed
            : throw new FragilityException(FailureKind.Usage, $"--format '{unknown ?? string.Join(",", texts)}': expected {OutputFormats.Expected}");
    }
}
