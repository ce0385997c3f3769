using System.CommandLine;
using FragilityIndex.Cli.Commands;
using FragilityIndex.Cli.Help;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Cli;

/// <summary>
/// The <c>fragility</c> command line: parses, dispatches, and turns failures into exit codes — 0 on success, 1 on bad
/// data or a bad definition, 2 on a usage error — with one line on stderr and no stack trace unless <c>--verbose</c>.
/// </summary>
public static class FragilityCli
{
    public const int Success = 0;
    public const int BadData = 1;
    public const int Usage = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var (root, verbose) = Commands(output, error);
        var help = HelpSections.AddTo(root);
        var parse = root.Parse(args);
        // `references build --help` shows the help, though --out, which it requires, is not given.
        if (parse.Errors.Count > 0 && (help is null || parse.Action != help))
        {
            error.WriteLine($"fragility: {parse.Errors[0].Message} (see 'fragility --help')");
            return Usage;
        }

        try
        {
            try
            {
                return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
            }
            catch (AggregateException e) when (Unwrapped(e) is { } inner)
            {
                // Work done on every core reports its failure wrapped: the failure itself is what the user needs.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        }
        catch (FragilityException e)
        {
            // Several problems (a definition's) come one per line, each naming its file.
            foreach (var line in e.Message.Split('\n')) error.WriteLine($"fragility: {line}");
            return e.Kind == FailureKind.Usage ? Usage : BadData;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"fragility: {e.Message}");
            if (parse.GetValue(verbose)) error.WriteLine(e);
            return BadData;
        }
        catch (Exception e)
        {
            error.WriteLine($"fragility: internal error: {e.Message} (run again with --verbose for details)");
            if (parse.GetValue(verbose)) error.WriteLine(e);
            return BadData;
        }
    }

    /// <summary>The command tree, and the --verbose option every command takes.</summary>
    internal static (RootCommand Root, Option<bool> Verbose) Commands(TextWriter output, TextWriter error)
    {
        var verbose = new Option<bool>("--verbose") { Description = "Show stack traces of internal errors.", Recursive = true };
        var root = new RootCommand("fragility: computes the territorial digital-fragility index (indice de fragilité numérique) down to IRIS level.")
        {
            verbose,
            RunCommand.Create(output, error),
            MapCommand.Create(output, error),
            ReportCommand.Create(output, error),
            ValidateCommand.Create(output, error),
            ReferencesCommand.Create(output, error),
            PresetsCommand.Create(output),
            SynthCommand.Create(output),
        };
        return (root, verbose);
    }

    /// <summary>
    /// The failure to report from an <see cref="AggregateException"/> (nested ones flattened): the first that names a
    /// file and what was expected (a <see cref="FragilityException"/>), else the first; null when it holds none.
    /// </summary>
    internal static Exception? Unwrapped(AggregateException failure) =>
        failure.Flatten().InnerExceptions.OrderBy(e => e is FragilityException ? 0 : 1).FirstOrDefault();
}
