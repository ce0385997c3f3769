using System.CommandLine;
using FragilityIndex.Synthesis;

namespace FragilityIndex.Cli.Commands;

/// <summary><c>fragility synth</c>: writes the synthetic sample territory (data/sample is made with seed 1).</summary>
internal static class SynthCommand
{
    public static Command Create(TextWriter output)
    {
        var outputFolder = new OutputOptions(null, "the sample files");
        var seed = new Option<int>("--seed") { Description = "Seed of the generator.", DefaultValueFactory = _ => 1 };
        var command = new Command("synth", "Write a small synthetic territory in the formats of the real sources.");
        outputFolder.AddTo(command);
        command.Add(seed);
        command.SetAction(parse =>
        {
            using var folder = outputFolder.Claim(parse);
            outputFolder.Write(parse, folder, [], staging =>
                SampleGenerator.Generate(parse.GetValue(seed), name => File.Create(Path.Combine(staging, name))));
            output.WriteLine($"wrote {string.Join(", ", SampleGenerator.FileNames)} into {outputFolder.Shown(parse)}");
            return FragilityCli.Success;
        });
        return command;
    }
}
