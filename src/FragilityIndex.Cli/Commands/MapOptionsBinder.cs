using System.CommandLine;
using FragilityIndex.Diagnostics;
using FragilityIndex.Export;
using FragilityIndex.Export.Maps;

namespace FragilityIndex.Cli.Commands;

/// <summary>The options that shape a choropleth, shared by <c>run</c> and <c>map</c>.</summary>
internal sealed class MapOptionsBinder
{
    public Option<string?> Score { get; } = new("--score") { Description = "The score to map: a node or indicator id (default: the global score)." };
    public Option<string> Classes { get; } = new("--classes") { Description = "Class breaks: quantiles or jenks.", DefaultValueFactory = _ => "quantiles" };
    public Option<int> ClassCount { get; } = new("--class-count") { Description = $"Number of classes, 2 to {Palette.MaxClasses}.", DefaultValueFactory = _ => 5 };
    public Option<string?> Territory { get; } = new("--territory") { Description = "KIND:CODE: map only the territories inside it (e.g. epci:200046977)." };

    public void AddTo(Command command)
    {
        command.Add(Score);
        command.Add(Classes);
        command.Add(ClassCount);
        command.Add(Territory);
    }

    public MapOptions Resolve(ParseResult parse)
    {
        var method = parse.GetValue(Classes)?.ToLowerInvariant() switch
        {
            "quantiles" or "quantile" => ClassMethod.Quantiles,
            "jenks" => ClassMethod.Jenks,
            var other => throw new FragilityException(FailureKind.Usage, $"--classes '{other}': expected quantiles or jenks"),
        };
        var count = parse.GetValue(ClassCount);
        if (count is < 2 or > Palette.MaxClasses)
            throw new FragilityException(FailureKind.Usage, $"--class-count {count}: expected 2 to {Palette.MaxClasses}");
        return new MapOptions
        {
            Score = parse.GetValue(Score),
            Method = method,
            Classes = count,
            Territory = parse.GetValue(Territory) is { } text ? TerritorySelection.Parse(text) : null,
        };
    }
}
