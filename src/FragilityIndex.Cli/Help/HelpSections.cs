using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace FragilityIndex.Cli.Help;

/// <summary>
/// What <c>--help</c> adds to System.CommandLine's sections for each command: two examples to copy, and the exit
/// codes, which batch jobs test.
/// </summary>
internal static class HelpSections
{
    // By the command's path below the root ("" for fragility itself, "references build"): two commands each, run from
    // the repository's root (the sample and the examples are in data/).
    internal static readonly IReadOnlyDictionary<string, string[]> Examples = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [""] = ["fragility run", "fragility run --config data/examples/rhone-69.json --format csv,geojson --out out-rhone"],
        ["run"] = ["fragility run", "fragility run --preset mednum-2023 --input census=my-census.csv --format csv --csv-dialect french --out out-2023"],
        ["map"] = ["fragility map", "fragility map --config data/examples/rhone-69.json --territory epci:200046977 --score acces_information --classes jenks --out map-lyon"],
        ["report"] = ["fragility report --territory commune:07900", "fragility report --config data/examples/rhone-69.json --territory epci:200046977 --out report-lyon"],
        ["validate"] = ["fragility validate", "fragility validate --config my-definition.json --input census=my-census.csv"],
        ["references"] = ["fragility references build --out references.json", "fragility references build --config national.json --out references-france.json --force"],
        ["references build"] = ["fragility references build --out references.json", "fragility references build --config national.json --out references-france.json --force"],
        ["presets"] = ["fragility presets", "fragility run --preset mednum-2020 --input ifn=69.csv --format csv --out out-2020"],
        ["synth"] = ["fragility synth --out sample", "fragility synth --national --seed 7 --out france"],
    };

    /// <summary>Adds the sections after the help of whichever command is asked (the help option is shared by all).</summary>
    /// <returns>The help's action: asked for, it runs even when the rest of the command line is incomplete.</returns>
    public static CommandLineAction? AddTo(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is SynchronousCommandLineAction standard) help.Action = new WithExamples(standard);
        return help.Action;
    }

    // The standard help, then the examples and the exit codes.
    private sealed class WithExamples(SynchronousCommandLineAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exit = standard.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            if (Examples.TryGetValue(PathOf(parseResult.CommandResult.Command), out var examples))
            {
                output.WriteLine("Examples:");
                foreach (var example in examples) output.WriteLine($"  {example}");
                output.WriteLine();
            }

            output.WriteLine("Exit codes:");
            output.WriteLine($"  {FragilityCli.Success}  success: every output written");
            output.WriteLine($"  {FragilityCli.BadData}  bad data or definition: one line names the file, the line, the column and what was expected; nothing written");
            output.WriteLine($"  {FragilityCli.Usage}  usage: an unknown option, a missing or contradictory argument; nothing written");
            return exit;
        }
    }

    /// <summary>The command's path below the root: "" for fragility itself, "references build".</summary>
    internal static string PathOf(Command command)
    {
        var names = new List<string>();
        for (var c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault()) names.Insert(0, c.Name);
        return string.Join(' ', names);
    }
}
