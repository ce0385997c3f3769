using System.CommandLine;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Orchestration;
using FragilityIndex.Territory;

namespace FragilityIndex.Cli.Commands;

/// <summary>
/// <c>fragility references build</c>: scores a definition over a large input (the whole country) and writes the
/// reference values of its EPCI, départements, régions and France, for local runs to compare with (<c>run --references</c>).
/// </summary>
internal static class ReferencesCommand
{
    public static Command Create(TextWriter standardOutput, TextWriter error)
    {
        var definitionOptions = new DefinitionOptions();
        var output = new Option<FileInfo>("--out") { Description = "The references file to write (JSON).", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress on stderr." };
        var build = new Command("build", "Compute reference values (ratio of sums of each indicator per EPCI, département, région and France) over the inputs and write them.");
        definitionOptions.AddTo(build, references: false);
        build.Add(output);
        build.Add(force);
        build.Add(quiet);
        build.SetAction(parse =>
        {
            var target = parse.GetValue(output)!;
            if (target.Exists && !parse.GetValue(force))
                throw new FragilityException(FailureKind.Usage, $"--out {target}: the file exists; give --force to replace it");
            if (Directory.Exists(target.FullName)) throw new FragilityException(FailureKind.Usage, $"--out {target}: is a folder; expected a file name");
            var progress = parse.GetValue(quiet) ? TextWriter.Null : error;
            // The units' level too: its values are the distributions a class normalisation needs.
            var (resolved, _, _) = definitionOptions.Resolve(parse);
            var unitLevel = TerritoryLevels.Parse(resolved.Territory?.UnitLevel ?? "iris");
            var (outcome, name, files, _) = ScoredRun.Execute(parse, definitionOptions, progress,
                [unitLevel, TerritoryLevel.Epci, TerritoryLevel.Departement, TerritoryLevel.Region], includeWhole: true);
            var references = ReferencesBuilder.FromRun(outcome, name, files.Select(f => (f.Source, f.Path, f.Sha256)).ToArray());

            // Written beside the target and moved into place: a run stopped half-way leaves no half file.
            var staging = Path.Combine(target.DirectoryName ?? ".", $".{target.Name}.{Environment.ProcessId}.tmp");
            try
            {
                using (var stream = File.Create(staging)) references.Write(stream);
                File.Move(staging, target.FullName, overwrite: true);
            }
            finally
            {
                if (File.Exists(staging)) File.Delete(staging);
            }

            foreach (var warning in outcome.Warnings) error.WriteLine($"warning: {warning}");
            var counts = outcome.Result.Levels.Select(l => $"{l.Count} {TerritoryLevels.Name(l.Level)}");
            standardOutput.WriteLine($"reference values of {outcome.Plan.Indicators.Count(i => !i.Definition.Context)} indicators for {string.Join(", ", counts)} ({outcome.Inputs.Territory.UnitCount} units) into {target}");
            return FragilityCli.Success;
        });

        var command = new Command("references", "National reference values for local runs.");
        command.Add(build);
        return command;
    }
}
