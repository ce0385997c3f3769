using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Scoring;

/// <summary>
/// The reference values of an index computed once over a large input (the whole country), for local runs to compare
/// with: for each EPCI, département, région and France of that input, each indicator's value as a ratio of sums (its
/// <c>_value</c> at that level), with the definition and the input files (path, SHA-256) it came from. A run given
/// such a file (<c>run --references</c>) normalises against these values instead of those of its own input, so that
/// one département scored alone is compared with its région and with France, not with itself.
/// </summary>
internal sealed class NationalReferences
{
    /// <summary>The first line of the JSON: what the file is and its layout's version.</summary>
    public const string Format = "fragility-references/1";

    internal static readonly TerritoryLevel[] Levels = [TerritoryLevel.Epci, TerritoryLevel.Departement, TerritoryLevel.Region, TerritoryLevel.France];
    private readonly Dictionary<(TerritoryLevel Level, string Code), Dictionary<string, double>> _values;

    private readonly Dictionary<string, double[]> _distributions;
    private readonly Dictionary<(TerritoryLevel Level, string Code), ReferenceTerritory> _territories;

    internal NationalReferences(string definition, int units, IReadOnlyList<(string Source, string Path, string Sha256)> inputs,
        Dictionary<(TerritoryLevel, string), Dictionary<string, double>> values, Dictionary<string, double[]> distributions,
        Dictionary<(TerritoryLevel, string), ReferenceTerritory> territories, IReadOnlyList<IndicatorCoverage> coverage, int unitsWithPopulation,
        string normalization, string fileName)
    {
        Normalization = normalization;
        UnitsWithPopulation = unitsWithPopulation;
        _distributions = distributions;
        _territories = territories;
        Coverage = coverage;
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

    /// <summary>How much of the larger input each indicator's values came from, indicator by indicator.</summary>
    public IReadOnlyList<IndicatorCoverage> Coverage { get; }

    /// <summary>
    /// How the larger input was normalised and rolled up (<see cref="SignatureOf"/>): its territories' scores are
    /// those of a local run only when the two agree.
    /// </summary>
    public string Normalization { get; }

    /// <summary>"classes 10 cdf, against france, scores rolled up": what makes two runs' scores comparable.</summary>
    public static string SignatureOf(FragilityIndex.Definition.Plan.PlannedNormalization n) =>
        (n.Method.ToString().ToLowerInvariant() switch
        {
            "classes" => $"classes {n.Classes} {n.ClassRule.ToString().ToLowerInvariant()}",
            "minmax" => $"min-max {n.RangeLow}–{n.RangeHigh}",
            "ratio" => $"ratio ({n.Reversal.ToString().ToLowerInvariant()}, reference values {n.ReferenceValues.ToString().ToLowerInvariant()})",
            var method => method,
        }) + $", against {n.Reference.Name()}, {n.RollUp.ToString().ToLowerInvariant()} rolled up";

    /// <summary>The units of the larger input with a known, positive population.</summary>
    public int UnitsWithPopulation { get; }

    /// <summary>The indicators whose values came from part of the input only (see <see cref="IndicatorCoverage.IsPartial"/>).</summary>
    public IEnumerable<IndicatorCoverage> PartialIndicators => Coverage.Where(c => c.IsPartial);

    /// <summary>
    /// A territory of the larger input as its run scored it (name, what it was compared with, its scores), for the
    /// report's columns; null when the file does not have it.
    /// </summary>
    public ReferenceTerritory? Territory(TerritoryLevel level, string code) => _territories.GetValueOrDefault((level, code));

    /// <summary>The number of départements of the larger input.</summary>
    public int DepartementCount => _values.Keys.Count(k => k.Level == TerritoryLevel.Departement);

    /// <summary>The number of régions of the larger input.</summary>
    public int RegionCount => _values.Keys.Count(k => k.Level == TerritoryLevel.Region);

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

    /// <summary>Writes the file: deterministic (levels, codes and indicators in order, numbers in their round-trip form).</summary>
    public void Write(Stream destination)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteString("definition", Definition);
        json.WriteNumber("units", Units);
        json.WriteNumber("unitsWithPopulation", UnitsWithPopulation);
        json.WriteString("normalization", Normalization);
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
        if (_territories.Count > 0)
        {
            json.WriteStartObject("territories");
            foreach (var level in Levels)
            {
                var codes = _territories.Keys.Where(k => k.Level == level).Select(k => k.Code).Order(StringComparer.Ordinal).ToArray();
                if (codes.Length == 0) continue;
                json.WriteStartObject(level.Name());
                foreach (var code in codes)
                {
                    var territory = _territories[(level, code)];
                    json.WriteStartObject(code);
                    json.WriteString("name", territory.Name);
                    json.WriteString("comparedWith", $"{territory.ComparedWith.Name()}:{territory.ComparedWithCode}");
                    json.WriteStartObject("scores");
                    foreach (var (id, value) in territory.Scores) json.WriteNumber(id, value);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        if (Coverage.Count > 0)
        {
            json.WriteStartObject("coverage");
            foreach (var indicator in Coverage.OrderBy(c => c.Id, StringComparer.Ordinal))
            {
                json.WriteStartObject(indicator.Id);
                json.WriteString("label", indicator.Label);
                json.WriteString("source", indicator.SourceNote);
                json.WriteNumber("unitsWithValue", indicator.UnitsWithValue);
                json.WriteNumber("units", indicator.Units);
                json.WriteNumber("departements", indicator.Departements);
                if (indicator.DepartementsWithValue.Count > 0)
                {
                    json.WriteStartArray("departementsWithValue");
                    foreach (var code in indicator.DepartementsWithValue) json.WriteStringValue(code);
                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

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

            var territories = new Dictionary<(TerritoryLevel, string), ReferenceTerritory>();
            if (root.TryGetProperty("territories", out var territoriesJson) && territoriesJson.ValueKind == JsonValueKind.Object)
            {
                foreach (var level in territoriesJson.EnumerateObject())
                {
                    if (!TerritoryLevels.TryParse(level.Name, out var parsed) || !Levels.Contains(parsed) || level.Value.ValueKind != JsonValueKind.Object)
                        throw FragilityException.InFile(fileName, 0, $"territories.{level.Name}", "expected epci, departement, region or france, each an object of territories");
                    foreach (var territory in level.Value.EnumerateObject())
                    {
                        var where = $"territories.{level.Name}.{territory.Name}";
                        var comparedWith = territory.Value.ValueKind == JsonValueKind.Object ? Text(territory.Value, "comparedWith").Split(':') : [];
                        if (comparedWith.Length != 2 || !TerritoryLevels.TryParse(comparedWith[0], out var referenceLevel)
                            || !territory.Value.TryGetProperty("scores", out var scoresJson) || scoresJson.ValueKind != JsonValueKind.Object)
                            throw FragilityException.InFile(fileName, 0, where, "expected a name, comparedWith (\"level:code\") and an object of scores");
                        var scores = new SortedDictionary<string, double>(StringComparer.Ordinal);
                        foreach (var score in scoresJson.EnumerateObject())
                        {
                            if (score.Value.ValueKind != JsonValueKind.Number || !double.IsFinite(score.Value.GetDouble()))
                                throw FragilityException.InFile(fileName, 0, $"{where}.scores.{score.Name}", "expected a finite number");
                            scores[score.Name] = score.Value.GetDouble();
                        }

                        territories[(parsed, territory.Name)] = new ReferenceTerritory(Text(territory.Value, "name"), referenceLevel, comparedWith[1], scores);
                    }
                }
            }

            var coverage = new List<IndicatorCoverage>();
            if (root.TryGetProperty("coverage", out var coverageJson) && coverageJson.ValueKind == JsonValueKind.Object)
            {
                foreach (var indicator in coverageJson.EnumerateObject())
                {
                    var c = indicator.Value;
                    if (c.ValueKind != JsonValueKind.Object || !c.TryGetProperty("unitsWithValue", out var own) || !own.TryGetInt32(out var ownCount)
                        || !c.TryGetProperty("units", out var all) || !all.TryGetInt32(out var allCount)
                        || !c.TryGetProperty("departements", out var deps) || !deps.TryGetInt32(out var depCount))
                        throw FragilityException.InFile(fileName, 0, $"coverage.{indicator.Name}", "expected unitsWithValue, units and departements as whole numbers");
                    var with = c.TryGetProperty("departementsWithValue", out var listed) && listed.ValueKind == JsonValueKind.Array
                        ? listed.EnumerateArray().Select(d => d.GetString() ?? "").ToArray() : [];
                    coverage.Add(new IndicatorCoverage(indicator.Name, Text(c, "label"), Text(c, "source"), ownCount, allCount, with, depCount));
                }
            }

            var inputs = root.TryGetProperty("inputs", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(i => (Text(i, "source"), Text(i, "path"), Text(i, "sha256"))).ToArray()
                : [];
            var units = root.TryGetProperty("units", out var count) && count.TryGetInt32(out var n) ? n : 0;
            var withPopulation = root.TryGetProperty("unitsWithPopulation", out var populated) && populated.TryGetInt32(out var p) ? p : 0;
            return new NationalReferences(root.TryGetProperty("definition", out var name) ? name.GetString() ?? "" : "", units, inputs, values, distributions,
                territories, coverage, withPopulation, Text(root, "normalization"), fileName);
        }

        static string Text(JsonElement element, string member) => element.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
    }
}

/// <summary>A territory of the larger input as its run scored it: its name, the territory it was compared with, its scores.</summary>
internal sealed record ReferenceTerritory(string Name, TerritoryLevel ComparedWith, string ComparedWithCode, IReadOnlyDictionary<string, double> Scores);

/// <summary>
/// How much of the larger input one indicator's reference values come from: the units with a value of their own (not
/// missing, not imputed) out of all, and the départements where some unit has one (listed only when some have none).
/// </summary>
internal sealed record IndicatorCoverage(string Id, string Label, string SourceNote, int UnitsWithValue, int Units, IReadOnlyList<string> DepartementsWithValue, int Departements)
{
    /// <summary>
    /// Whether the values stand for part of the input only: some département without any value, or under 95 % of the
    /// units with their own (INSEE's Filosofi publishes a poverty rate for about a quarter of the IRIS).
    /// </summary>
    public bool IsPartial => DepartementsWithValue.Count > 0 || UnitsWithValue < 0.95 * Units;

    /// <summary>"12,395 of 49,423 units, 2 of 101 départements (22, 69)".</summary>
    public string Describe() =>
        $"{UnitsWithValue} of {Units} units" + (DepartementsWithValue.Count > 0
            ? $", {DepartementsWithValue.Count} of {Departements} départements ({string.Join(", ", DepartementsWithValue.Take(12))}{(DepartementsWithValue.Count > 12 ? ", …" : "")})"
            : $", every département ({Departements})");
}
