using System.CommandLine;
using FragilityIndex.Export;
using FragilityIndex.Export.Report;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;

namespace FragilityIndex.Cli.Commands;

/// <summary>
/// <c>fragility report</c>: scores a definition and writes report.html, a self-contained page in French about one
/// commune, EPCI or département: its scores beside its département, its région and the whole, why it scores what it
/// scores, the map and table of its IRIS, the sources and what was imputed.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var definitionOptions = new DefinitionOptions();
        var territory = new Option<string>("--territory") { Description = "KIND:CODE, the territory of the report: commune:69123, epci:200046977, departement:69.", Required = true };
        var outputFolder = new OutputOptions("report", "report.html");
        var quiet = new Option<bool>("--quiet") { Description = "No progress on stderr." };
        var command = new Command("report", "Write a self-contained HTML report (in French) on one territory.");
        definitionOptions.AddTo(command);
        command.Add(territory);
        outputFolder.AddTo(command);
        command.Add(quiet);
        command.SetAction(parse =>
        {
            var progress = parse.GetValue(quiet) ? TextWriter.Null : error;
            var selection = TerritorySelection.Parse(parse.GetValue(territory)!);
            using var folder = outputFolder.Claim(parse, definitionOptions.KnownInputs(parse));
            var (outcome, name, files, inputs) = ScoredRun.Execute(parse, definitionOptions, progress, includeWhole: true);
            var model = outcome.Inputs.Territory;
            Func<LevelScores, NetTopologySuite.Geometries.Geometry[]>? contours = model.Geometries is null ? null : scores => LevelGeometries.Of(model, scores.Level);
            var report = TerritoryReport.Build(outcome, selection, contours);
            var target = outputFolder.Shown(parse);
            outputFolder.Write(parse, folder, inputs, staging =>
            {
                progress.WriteLine($"writing {Path.Combine(target, HtmlReportWriter.FileName)}");
                using (var stream = File.Create(Path.Combine(staging, HtmlReportWriter.FileName))) HtmlReportWriter.Write(report, stream);
                // The page points to its run.json: the files read, their SHA-256, the joins and the warnings in full.
                using var manifest = File.Create(Path.Combine(staging, "run.json"));
                RunManifestWriter.Write(manifest, outcome, name, files, [HtmlReportWriter.FileName], []);
            });
            foreach (var warning in outcome.Warnings) error.WriteLine($"warning: {warning}");
            output.WriteLine($"wrote the report on {report.TerritoryName} ({report.IrisRows.Count} IRIS) into {Path.Combine(target, HtmlReportWriter.FileName)}");
            return FragilityCli.Success;
        });
        return command;
    }
}
