using System.CommandLine;
using FragilityIndex.Cli.Output;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Export;
using FragilityIndex.Orchestration;

namespace FragilityIndex.Cli.Commands;

/// <summary>
/// <c>fragility map</c>: scores a definition and draws one choropleth (SVG and PNG) of one score at one level,
/// for all the territory or inside one territory (<c>--territory epci:200046977</c>).
/// </summary>
internal static class MapCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var definitionOptions = new DefinitionOptions();
        var mapOptions = new MapOptionsBinder();
        var level = new Option<string>("--level") { Description = "The level to draw: iris, commune, epci, departement or region.", DefaultValueFactory = _ => "iris" };
        var formats = new Option<string[]>("--format") { Description = "svg, png or both (default: both)." };
        var outputFolder = new OutputOptions("map", "the map");
        var quiet = new Option<bool>("--quiet") { Description = "No progress on stderr." };
        var command = new Command("map", "Draw a choropleth of a score (SVG and PNG).");
        definitionOptions.AddTo(command);
        command.Add(level);
        mapOptions.AddTo(command);
        command.Add(formats);
        outputFolder.AddTo(command);
        command.Add(quiet);
        command.SetAction(parse =>
        {
            var progress = parse.GetValue(quiet) ? TextWriter.Null : error;
            var levelText = parse.GetValue(level);
            if (!TerritoryLevels.TryParse(levelText, out var chosen) || chosen == TerritoryLevel.France)
                throw new FragilityException(FailureKind.Usage, $"--level '{levelText}': expected iris, commune, epci, departement or region");
            var map = mapOptions.Resolve(parse);
            if (map.Territory is { } territory && territory.Level < chosen)
                throw new FragilityException(FailureKind.Usage, $"--territory {territory}: a {territory.Level.Name()} holds no {chosen.Name()}; choose --level {territory.Level.Name()} or finer");
            var picked = RunCommand.ParseFormats(parse.GetValue(formats)) ?? (OutputFormat.Svg | OutputFormat.Png);
            if ((picked & ~(OutputFormat.Svg | OutputFormat.Png)) != 0)
                throw new FragilityException(FailureKind.Usage, "--format: a map is svg or png");

            // The reference level's scores are needed for ranks; the other levels only cost time.
            using var folder = outputFolder.Claim(parse, definitionOptions.KnownInputs(parse));
            var (outcome, _, _, inputs) = ScoredRun.Execute(parse, definitionOptions, progress, [chosen]);
            var target = outputFolder.Shown(parse);
            IReadOnlyList<string> written = [];
            var lines = TextWriter.Synchronized(progress);
            outputFolder.Write(parse, folder, inputs, staging =>
                written = RunExporter.Write(outcome, OutputFolder.FilesIn(staging), new ExportOptions { Formats = picked, Map = map, GeoPackageLastChange = OutputOptions.SourceDateEpoch() }, file => lines.WriteLine($"writing {Path.Combine(target, file)}")));
            foreach (var warning in outcome.Warnings) error.WriteLine($"warning: {warning}");
            output.WriteLine($"drew {string.Join(" and ", written)} into {target}");
            return FragilityCli.Success;
        });
        return command;
    }
}
