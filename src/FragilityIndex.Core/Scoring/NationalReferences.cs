using System.Text.Json;
using FragilityIndex.Territory;

namespace FragilityIndex.Scoring;

/// <summary>
/// The reference values of an index computed once over a large input (the whole country), for local runs to compare
/// with: for each EPCI, département, région and France of that input, each indicator's value as a ratio of sums (its
/// <c>_value</c> at that level), with the definition and the input files (path, SHA-256) it came from. A run given
/// such a file (<c>run --references</c>) normalises against these values instead of those of its own input, so that
/// one département scored alone is compared with its région and with France, not with itself.
/// </summary>
public sealed class NationalReferences
{
    /// <summary>The first line of the JSON: what the file is and its layout's version.</summary>
    public const string Format = "fragility-references/1";

    private static readonly TerritoryLevel[] Levels = [TerritoryLevel.Epci, TerritoryLevel.Departement, TerritoryLevel.Region, TerritoryLevel.France];
    private readonly Dictionary<(TerritoryLevel Level, string Code), Dictionary<string, double>> _values;

    private readonly Dictionary<string, double[]> _distributions;

    private NationalReferences(string definition, int units, IReadOnlyList<(string Source, string Path, string Sha256)> inputs,
        Dictionary<(TerritoryLevel, string), Dictionary<string, double>> values, Dictionary<string, double[]> distributions, string fileName)
    {
        _distributions = distributions;
        Definition = definition;
        Units = units;
        Inputs = inputs;
        _values = values;
        FileName = fileName;
    }

    /// <summary>The name of the definition the values were computed with.</summary>
    public string Definition { get; }

    /// <summary>The number of units of the input they were computed over.</summary>
    public int Units { get; }

    /// <summary>The files read, with their SHA-256.</summary>
    public IReadOnlyList<(string Source, string Path, string Sha256)> Inputs { get; }

    /// <summary>The file the values were read from ("" when made in memory), for messages.</summary>
    public string FileName { get; }

    /// <summary>The reference value of <paramref name="indicator"/> for territory <paramref name="code"/> of <paramref name="level"/>.</summary>
    public bool TryGet(TerritoryLevel level, string code, string indicator, out double value)
    {
        value = double.NaN;
        return _values.TryGetValue((level, code), out var byIndicator) && byIndicator.TryGetValue(indicator, out value);
    }

    /// <summary>
    /// The values of <paramref name="indicator"/> over every unit of the larger input, in ascending order: the
    /// distribution a class normalisation places a local unit in (⌈K F(x)⌉ over France's units, not the input's).
    /// </summary>
    public bool TryGetDistribution(string indicator, out double[] sortedValues) => _distributions.TryGetValue(indicator, out sortedValues!);

    /// <summary>Whether the file has values for <paramref name="level"/>.</summary>
    public bool Covers(TerritoryLevel level) => _values.Keys.Any(k => k.Level == level);

    /// <summary>The reference values of a run scored with the EPCI, département, région and France levels.</summary>
    public static NationalReferences FromRun(RunOutcome outcome, string definition, IReadOnlyList<(string Source, string Path, string Sha256)> inputs)
    {
        var values = new Dictionary<(TerritoryLevel, string), Dictionary<string, double>>();
        var scored = outcome.Plan.Indicators.Where(i => !i.Definition.Context).Select(i => i.Definition.Id).ToArray();
        foreach (var scores in outcome.Result.Levels.Where(l => Levels.Contains(l.Level)))
        {
            for (var row = 0; row < scores.Count; row++)
            {
                var byIndicator = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var id in scored)
                {
                    if (scores.HasColumn($"{id}_value") && double.IsFinite(scores[$"{id}_value"][row])) byIndicator[id] = scores[$"{id}_value"][row];
                }

                values[(scores.Level, scores.Codes[row])] = byIndicator;
            }
        }

        // The units' values, for class normalisations: one sorted array per indicator, missing values left out.
        var distributions = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (outcome.Result.Levels.FirstOrDefault(l => l.Level == outcome.Inputs.Territory.UnitLevel) is { } units)
        {
            foreach (var id in scored.Where(id => units.HasColumn($"{id}_value")))
            {
                var known = units[$"{id}_value"].Where(double.IsFinite).ToArray();
                Array.Sort(known);
                distributions[id] = known;
            }
        }

        return new NationalReferences(definition, outcome.Inputs.Territory.UnitCount, inputs, values, distributions, "");
    }

    /// <summary>Writes the file: deterministic (levels, codes and indicators in order, numbers in their round-trip form).</summary>
    public void Write(Stream destination)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteString("definition", Definition);
        json.WriteNumber("units", Units);
        WriteInputs(json);
        json.WriteStartObject("levels");
        foreach (var level in Levels)
        {
            var codes = _values.Keys.Where(k => k.Level == level).Select(k => k.Code).Order(StringComparer.Ordinal).ToArray();
            if (codes.Length == 0) continue;
            json.WriteStartObject(level.Name());
            foreach (var code in codes)
            {
                json.WriteStartObject(code);
                foreach (var (id, value) in _values[(level, code)].OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteNumber(id, value);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (_distributions.Count > 0)
        {
            json.WriteStartObject("distributions");
            foreach (var (id, sorted) in _distributions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                json.WriteStartArray(id);
                foreach (var value in sorted) json.WriteNumberValue(value);
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>The input files as an "inputs" array of source, path and SHA-256 (the file's, and run.json's record of it).</summary>
    public void WriteInputs(Utf8JsonWriter json)
    {
        json.WriteStartArray("inputs");
        foreach (var (source, path, sha256) in Inputs)
        {
            json.WriteStartObject();
            json.WriteString("source", source);
            json.WriteString("path", path);
            json.WriteString("sha256", sha256);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Reads a file written by <see cref="Write"/>; anything else is refused naming the file and what was expected.</summary>
    public static NationalReferences Read(Stream source, string fileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(source);
        }
        catch (JsonException e)
        {
            throw FragilityException.InFile(fileName, (int)((e.LineNumber ?? -1) + 1), null, $"not a references file: {e.Message.Split('.')[0]}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                throw FragilityException.InFile(fileName, 0, "format", $"not a references file: expected \"format\": \"{Format}\", as `fragility references build` writes");
            var values = new Dictionary<(TerritoryLevel, string), Dictionary<string, double>>();
            if (!root.TryGetProperty("levels", out var levels) || levels.ValueKind != JsonValueKind.Object)
                throw FragilityException.InFile(fileName, 0, "levels", "expected a 'levels' object");
            foreach (var level in levels.EnumerateObject())
            {
                if (!TerritoryLevels.TryParse(level.Name, out var parsed) || !Levels.Contains(parsed) || level.Value.ValueKind != JsonValueKind.Object)
                    throw FragilityException.InFile(fileName, 0, $"levels.{level.Name}", "expected epci, departement, region or france, each an object of territories");
                foreach (var territory in level.Value.EnumerateObject())
                {
                    var byIndicator = new Dictionary<string, double>(StringComparer.Ordinal);
                    if (territory.Value.ValueKind != JsonValueKind.Object)
                        throw FragilityException.InFile(fileName, 0, $"levels.{level.Name}.{territory.Name}", "expected an object of indicator values");
                    foreach (var indicator in territory.Value.EnumerateObject())
                    {
                        if (indicator.Value.ValueKind != JsonValueKind.Number || !double.IsFinite(indicator.Value.GetDouble()))
                            throw FragilityException.InFile(fileName, 0, $"levels.{level.Name}.{territory.Name}.{indicator.Name}", "expected a finite number");
                        byIndicator[indicator.Name] = indicator.Value.GetDouble();
                    }

                    values[(parsed, territory.Name)] = byIndicator;
                }
            }

            var distributions = new Dictionary<string, double[]>(StringComparer.Ordinal);
            if (root.TryGetProperty("distributions", out var distributionsJson) && distributionsJson.ValueKind == JsonValueKind.Object)
            {
                foreach (var indicator in distributionsJson.EnumerateObject())
                {
                    var sorted = indicator.Value.ValueKind == JsonValueKind.Array ? indicator.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray() : [];
                    for (var i = 0; i < sorted.Length; i++)
                    {
                        if (!double.IsFinite(sorted[i]) || (i > 0 && sorted[i] < sorted[i - 1]))
                            throw FragilityException.InFile(fileName, 0, $"distributions.{indicator.Name}", "expected finite numbers in ascending order");
                    }

                    distributions[indicator.Name] = sorted;
                }
            }

            var inputs = root.TryGetProperty("inputs", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(i => (Text(i, "source"), Text(i, "path"), Text(i, "sha256"))).ToArray()
                : [];
            var units = root.TryGetProperty("units", out var count) && count.TryGetInt32(out var n) ? n : 0;
            return new NationalReferences(root.TryGetProperty("definition", out var name) ? name.GetString() ?? "" : "", units, inputs, values, distributions, fileName);
        }

        static string Text(JsonElement element, string member) => element.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
    }
}
