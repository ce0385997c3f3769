using System.CommandLine;
using FragilityIndex.Definition;

namespace FragilityIndex.Cli.Commands;

/// <summary><c>fragility presets</c>: lists the embedded presets.</summary>
internal static class PresetsCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("presets", "List the embedded index definitions.");
        command.SetAction(_ =>
        {
            foreach (var name in DefinitionLoader.PresetNames)
            {
                var definition = DefinitionLoader.LoadPreset(name);
                output.WriteLine($"{name}\t{definition.Indicators.Count} indicators, reference {definition.Normalization.Reference}, {definition.Normalization.Method}: {definition.Description}");
            }

            return FragilityCli.Success;
        });
        return command;
    }
}
