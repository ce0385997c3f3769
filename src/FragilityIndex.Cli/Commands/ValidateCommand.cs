using System.CommandLine;
using FragilityIndex.Definition;
using FragilityIndex.Orchestration;
using FragilityIndex.Territory;

namespace FragilityIndex.Cli.Commands;

/// <summary><c>fragility validate</c>: checks a definition and reads its inputs, without scoring.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var definitionOptions = new DefinitionOptions();
        var command = new Command("validate", "Check a definition and its inputs without scoring.");
        definitionOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var (definition, name, reference) = definitionOptions.Resolve(parse);
            // A references file is checked too: a broken one would stop the run that uses it.
            definitionOptions.LoadReferences(parse);
            var level = reference ?? TerritoryLevels.Parse(definition.Normalization.Reference);
            var (plan, unfilled) = IndexRun.Compile(definition, name);
            definition = plan.Definition;
            var inputs = InputAssembler.Assemble(plan, SourceFiles.Opener(), level);
            JoinTable.Write(error, inputs.Joins, inputs.Territory.UnitCount);
            JoinTable.RefuseWarnings(parse.GetValue(definitionOptions.Strict), inputs.Warnings);
            foreach (var warning in inputs.Warnings) error.WriteLine($"warning: {warning}");
            foreach (var left in unfilled) error.WriteLine($"not filled: {left.Id} ({left.Reason})");
            output.WriteLine($"{name}: valid; {definition.Indicators.Count} indicators, {definition.Nodes.Count} nodes, {inputs.Territory.UnitCount} units in {inputs.Sources.Count} sources");
            return FragilityCli.Success;
        });
        return command;
    }
}
