using System.CommandLine;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Scoring;

namespace FragilityIndex.Cli.Commands;

/// <summary>The options that choose a definition and its inputs, shared by <c>run</c> and <c>validate</c>.</summary>
internal sealed class DefinitionOptions
{
    /// <summary>The largest definition file read.</summary>
    public const long MaxDefinitionBytes = 4 << 20;

    public Option<string?> Preset { get; } = new("--preset") { Description = "An embedded preset (default: 'default'): see 'fragility presets'." };
    public Option<FileInfo?> Config { get; } = new("--config") { Description = "A definition file (JSON)." };
    public Option<string[]> Inputs { get; } = new("--input") { Description = "NAME=PATH: read source NAME from PATH (repeatable).", AllowMultipleArgumentsPerToken = false };
    public Option<string?> Reference { get; } = new("--reference") { Description = "Reference level: commune, epci, departement, region or france." };

    public Option<bool> Strict { get; } = new("--strict") { Description = "Treat every warning as an error (exit code 1, nothing written), for batch jobs." };

    public Option<FileInfo?> References { get; } = new("--references") { Description = "A references file (`fragility references build`): compare with its EPCI, département, région and France rather than the input's own." };

    /// <summary>Adds the options, and --references for the commands that score against reference values.</summary>
    public void AddTo(Command command, bool references = true)
    {
        if (references) command.Add(References);
        command.Add(Preset);
        command.Add(Config);
        command.Add(Inputs);
        command.Add(Reference);
        command.Add(Strict);
    }

    /// <summary>The files named on the command line (the definition and the --input paths), before any is read.</summary>
    public IEnumerable<string> KnownInputs(ParseResult parse)
    {
        if (parse.GetValue(Config) is { } config) yield return config.FullName;
        if (parse.GetResult(References) is not null && parse.GetValue(References) is { } references) yield return references.FullName;
        foreach (var input in parse.GetValue(Inputs) ?? [])
        {
            var equals = input.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && equals < input.Length - 1) yield return Path.GetFullPath(input[(equals + 1)..]);
        }
    }

    /// <summary>The references file of --references, read and checked; null when none was given.</summary>
    public NationalReferences? LoadReferences(ParseResult parse)
    {
        if (parse.GetResult(References) is null || parse.GetValue(References) is not { } file) return null;
        if (!file.Exists) throw new FragilityException(FailureKind.Usage, $"--references {file}: no such file");
        SourceFiles.RequireRegularFile(file.FullName, file.ToString(), "--references");
        using var stream = file.OpenRead();
        return NationalReferences.Read(stream, file.ToString());
    }

    /// <summary>The definition asked for, with the --input paths applied, and the reference level.</summary>
    public (IndexDefinition Definition, string DefinitionName, TerritoryLevel? Reference) Resolve(ParseResult parse)
    {
        var preset = parse.GetValue(Preset);
        var config = parse.GetValue(Config);
        if (preset is not null && config is not null)
            throw new FragilityException(FailureKind.Usage, "give one of --preset NAME or --config FILE, not both");
        if (config is null) preset ??= "default";

        IndexDefinition definition;
        string name;
        if (config is not null)
        {
            if (!config.Exists && !Directory.Exists(config.FullName)) throw new FragilityException(FailureKind.Usage, $"{config.FullName}: no such definition file");
            SourceFiles.RequireRegularFile(config.FullName, config.ToString(), "the definition file");
            // A definition is a few kilobytes; a bigger file is not one (a data file given by mistake).
            if (new FileInfo(config.FullName).Length > MaxDefinitionBytes)
                throw new FragilityException(FailureKind.BadData, $"{config}: {new FileInfo(config.FullName).Length:N0} bytes: a definition file is at most {MaxDefinitionBytes / (1 << 20)} MiB (is this a data file?)");
            definition = DefinitionLoader.Load(File.ReadAllBytes(config.FullName), config.ToString());
            name = config.ToString();
        }
        else
        {
            definition = DefinitionLoader.LoadPreset(preset!);
            name = $"preset:{preset}";
        }

        foreach (var input in parse.GetValue(Inputs) ?? [])
        {
            var equals = input.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == input.Length - 1)
                throw new FragilityException(FailureKind.Usage, $"--input '{input}': expected NAME=PATH");
            var source = input[..equals];
            var path = input[(equals + 1)..];
            if (!definition.Sources.TryGetValue(source, out var existing))
                throw new FragilityException(FailureKind.Usage, $"--input '{input}': the definition has no source '{source}': expected one of {string.Join(", ", definition.Sources.Keys)}");
            if (!File.Exists(path) && !Directory.Exists(path)) throw new FragilityException(FailureKind.Usage, $"--input '{input}': no such file '{path}'");
            SourceFiles.RequireRegularFile(Path.GetFullPath(path), path, $"--input {source}");
            definition.Sources[source] = existing with { Path = Path.GetFullPath(path) };
        }

        TerritoryLevel? reference = null;
        if (parse.GetValue(Reference) is { } text)
        {
            if (!TerritoryLevels.TryParse(text, out var level) || level == TerritoryLevel.Iris)
                throw new FragilityException(FailureKind.Usage, $"--reference '{text}': expected commune, epci, departement, region or france");
            reference = level;
        }

        return (definition, name, reference);
    }
}
