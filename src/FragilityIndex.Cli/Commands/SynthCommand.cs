using System.CommandLine;
using FragilityIndex.Diagnostics;
using FragilityIndex.Synthesis;

namespace FragilityIndex.Cli.Commands;

/// <summary><c>fragility synth</c>: writes the synthetic sample territory (data/sample is made with seed 1).</summary>
internal static class SynthCommand
{
    public static Command Create(TextWriter output)
    {
        var outputFolder = new OutputOptions(null, "the sample files");
        var seed = new Option<int>("--seed") { Description = "Seed of the generator.", DefaultValueFactory = _ => 1 };
        var national = new Option<bool>("--national")
        {
            Description = "A synthetic France at real size (the COG 2023's communes, about 50,000 IRIS, ten million contour vertices), and national.json, the default preset reading it: for benchmarks.",
        };
        var detail = new Option<int>("--detail")
        {
            Description = "With --national: the contours' detail, in hundreds of vertices on each jagged IRIS side (2 doubles the contour file, 4 quadruples it), for scaling benchmarks.",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("synth", "Write a synthetic territory in the formats of the real sources: the small sample, or France with --national.");
        outputFolder.AddTo(command);
        command.Add(seed);
        command.Add(national);
        command.Add(detail);
        command.SetAction(parse =>
        {
            var hundreds = parse.GetValue(detail);
            if (hundreds is < 1 or > 16) throw new FragilityException(FailureKind.Usage, $"--detail {hundreds}: expected 1 to 16");
            if (hundreds != 1 && !parse.GetValue(national)) throw new FragilityException(FailureKind.Usage, "--detail: only with --national");
            using var folder = outputFolder.Claim(parse);
            var shown = outputFolder.Shown(parse);
            var names = parse.GetValue(national) ? NationalGenerator.FileNames : SampleGenerator.FileNames;
            outputFolder.Write(parse, folder, [], staging =>
            {
                Stream Create(string name) => File.Create(Path.Combine(staging, name));
                if (parse.GetValue(national)) NationalGenerator.Generate(parse.GetValue(seed), shown, Create, hundreds);
                else SampleGenerator.Generate(parse.GetValue(seed), Create);
            });
            output.WriteLine($"wrote {string.Join(", ", names)} into {shown}");
            return FragilityCli.Success;
        });
        return command;
    }
}
