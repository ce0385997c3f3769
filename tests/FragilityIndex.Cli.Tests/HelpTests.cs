using FragilityIndex.Cli.Help;

namespace FragilityIndex.Cli.Tests;

/// <summary>
/// <c>--help</c> of every command: its options with their defaults, two examples that are valid command lines of
/// that very command, and the exit codes; <c>--version</c>: the version and the commit it was built from.
/// </summary>
public sealed class HelpTests
{
    private static readonly string[] Commands = ["", "run", "map", "report", "validate", "references", "references build", "presets", "synth"];

    [Fact]
    public void EveryCommand_ShowsTwoExamplesAndTheExitCodes()
    {
        foreach (var command in Commands)
        {
            var (exit, output, error) = FragilityProcess.InProcess([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
            Assert.True(exit == 0, $"{command}: {error}");
            var examples = output[output.IndexOf("Examples:", StringComparison.Ordinal)..].Split('\n').Skip(1).TakeWhile(l => l.StartsWith("  fragility", StringComparison.Ordinal)).ToArray();
            Assert.True(examples.Length == 2, $"'{command}': {examples.Length} examples");
            Assert.Contains("Exit codes:\n  0  success", output.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("  2  usage", output, StringComparison.Ordinal);
        }

        // The options' defaults are in the help.
        var run = FragilityProcess.InProcess("run", "--help").Output;
        Assert.Contains("[default: out]", run, StringComparison.Ordinal);
        Assert.Contains("[default: international]", run, StringComparison.Ordinal);
        Assert.Contains("(default: 'default')", run, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryExample_ParsesAsItsOwnCommand()
    {
        var (root, _) = FragilityCli.Commands(TextWriter.Null, TextWriter.Null);
        foreach (var (command, examples) in HelpSections.Examples)
        {
            foreach (var example in examples)
            {
                // "fragility run --preset …": no parse error, and the command it names is the one whose help shows it.
                var words = example.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
                var parse = root.Parse(words);
                Assert.True(parse.Errors.Count == 0, $"{example}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
                var parsed = HelpSections.PathOf(parse.CommandResult.Command);
                // The root's examples are any command's; a preset is used by run; references has one verb, build.
                Assert.True(command.Length == 0 || parsed == command || (command, parsed) is ("references", "references build") or ("presets", "run"),
                    $"{example}: parsed as '{parsed}', shown under '{command}'");
            }
        }
    }

    [Fact]
    public void Version_NamesTheCommit()
    {
        // The fragility executable's own version (in process, the test host's would answer).
        var (exit, output, _) = FragilityProcess.Fragility(FragilityProcess.RepositoryRoot, "--version");
        Assert.Equal(0, exit);
        // "1.0.0+<40 hex digits>": the SDK appends the commit of the clone it was built in.
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]{40}\s*$", output);
    }
}
