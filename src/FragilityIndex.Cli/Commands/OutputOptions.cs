using System.CommandLine;
using FragilityIndex.Cli.Output;

namespace FragilityIndex.Cli.Commands;

/// <summary>The <c>--out</c> and <c>--force</c> options of every command that writes a folder.</summary>
internal sealed class OutputOptions
{
    /// <param name="defaultFolder">The folder when --out is not given; null makes --out required.</param>
    /// <param name="what">What the folder receives, for the help text.</param>
    public OutputOptions(string? defaultFolder, string what)
    {
        Out = new Option<DirectoryInfo>("--out")
        {
            Description = $"Output folder for {what}: created, or replaced whole when it holds only a previous output of fragility.",
            Required = defaultFolder is null,
        };
        if (defaultFolder is not null) Out.DefaultValueFactory = _ => new DirectoryInfo(defaultFolder);
        Force = new Option<bool>("--force")
        {
            Description = "Replace the --out folder even when it holds files fragility did not write (never the root, the home folder, the current directory or a folder holding an input).",
        };
    }

    public Option<DirectoryInfo> Out { get; }

    public Option<bool> Force { get; }

    public void AddTo(Command command)
    {
        command.Add(Out);
        command.Add(Force);
    }

    /// <summary>The folder as the user named it, for messages.</summary>
    public string Shown(ParseResult parse) => parse.GetValue(Out)!.ToString();

    /// <summary>Checks the folder before any work, so a refused --out costs nothing.</summary>
    public OutputFolder Claim(ParseResult parse, IEnumerable<string>? inputs = null) =>
        OutputFolder.Claim(parse.GetValue(Out)!.FullName, Shown(parse), parse.GetValue(Force), inputs);

    /// <summary>Writes the folder through its staging folder, checking the run's inputs once more.</summary>
    public void Write(ParseResult parse, OutputFolder folder, IEnumerable<string> inputs, Action<string> write) =>
        folder.Replace(parse.GetValue(Force), inputs, write);

    /// <summary>
    /// SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds convention) as the GeoPackage's change date;
    /// the Unix epoch when unset. The environment is read here, in the CLI: the library takes the date as an option.
    /// </summary>
    public static DateTimeOffset SourceDateEpoch() =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UnixEpoch;
}
