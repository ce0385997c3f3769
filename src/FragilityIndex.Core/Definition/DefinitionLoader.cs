using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Definition;

/// <summary>
/// Reads definition files: JSON with comments, unknown members rejected (a typo must not be silently ignored),
/// <c>extends</c> resolved against the embedded presets, and the result validated.
/// </summary>
internal static class DefinitionLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The names of the embedded presets, sorted.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = typeof(DefinitionLoader).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("presets/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n["presets/".Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Loads an embedded preset by name.</summary>
    /// <exception cref="FragilityException">No preset has that name (usage), or it does not validate.</exception>
    public static IndexDefinition LoadPreset(string name)
    {
        var bytes = PresetBytes(name)
            ?? throw new FragilityException(FailureKind.Usage, $"unknown preset '{name}': expected one of {string.Join(", ", PresetNames)}");
        return Load(bytes, $"preset:{name}");
    }

    /// <summary>
    /// Loads a definition from UTF-8 JSON; <paramref name="fileName"/> only names it in messages. Every problem is
    /// reported together, one per line, each at its line and column in the file that holds it: the user's file, or the
    /// preset it extends when the problem comes from there.
    /// </summary>
    /// <exception cref="FragilityException">The JSON is malformed or the definition is inconsistent.</exception>
    public static IndexDefinition Load(byte[] utf8Json, string fileName)
    {
        var layers = new List<DefinitionLayer> { new(fileName, utf8Json, ParseNode(utf8Json, fileName)) };
        var located = new List<string>();
        CheckShape(layers[0], located);

        // A variant preset (default-senior) extends another (default): follow the chain, refusing a loop.
        var chain = new List<string>();
        while (layers[^1].Node["extends"] is JsonNode extendsNode)
        {
            if (extendsNode.GetValueKind() != JsonValueKind.String) break; // reported by the shape check
            var baseName = extendsNode.GetValue<string>();
            if (chain.Contains(baseName))
            {
                located.Add($"{layers[^1].Where("$.extends")}: 'extends' loops: {string.Join(" → ", chain)} → {baseName}");
                break;
            }

            chain.Add(baseName);
            if (PresetBytes(baseName) is not { } baseBytes)
            {
                located.Add($"{layers[^1].Where("$.extends")}: at $.extends: unknown preset '{baseName}': expected one of {string.Join(", ", PresetNames)}");
                break;
            }

            var layer = new DefinitionLayer($"preset:{baseName}", baseBytes, ParseNode(baseBytes, $"preset:{baseName}"));
            CheckShape(layer, located);
            layers.Add(layer);
        }

        if (located.Count > 0) throw Problems(located);

        // Merged from the deepest preset up, each layer's members replacing its base's.
        var node = (JsonObject)layers[^1].Node.DeepClone();
        for (var i = layers.Count - 2; i >= 0; i--) node = DefinitionMerger.Merge(node, layers[i].Node);
        node.Remove("extends");

        IndexDefinition definition;
        try
        {
            definition = node.Deserialize(DefinitionJsonContext.Default.IndexDefinition)
                ?? throw new FragilityException(FailureKind.BadData, $"{fileName}: expected a JSON object");
        }
        catch (JsonException e)
        {
            // The shape check has seen every member and type: this is what it does not model.
            var path = e.Path ?? "$";
            throw Problems([$"{Locate(layers, node, path)}: {FirstLine(e.Message)}"]);
        }

        var problems = DefinitionValidator.Validate(definition);
        if (problems.Count > 0) throw Problems(problems.Select(p => $"{Locate(layers, node, p.Path)}: {p.Message}").ToList());
        return definition;
    }

    /// <summary>One file of a definition: the user's, or a preset it extends.</summary>
    private sealed record DefinitionLayer(string Name, byte[] Bytes, JsonObject Node)
    {
        /// <summary>"file:line:column" of a path in this file, or the file's name when the path is not in it.</summary>
        public string Where(string path)
        {
            var (line, column) = JsonLocator.Locate(Bytes, path);
            return line > 0 ? $"{Name}:{line}:{column}" : Name;
        }

        /// <summary>"file:line:column: at path", the path as it is in this file.</summary>
        public string At(string path) => $"{Where(path)}: at {path}";

        public bool Has(string path) => JsonLocator.Locate(Bytes, path).Line > 0;
    }

    private static FragilityException Problems(IReadOnlyList<string> lines) => new(FailureKind.BadData, string.Join("\n", lines));

    // Duplicate members, unknown members, wrong types and nulls of one file, at their place in that file.
    private static void CheckShape(DefinitionLayer layer, List<string> located)
    {
        var problems = new List<DefinitionProblem>();
        DefinitionSchema.Check(layer.Node, problems, extending: layer.Node["extends"] is not null);
        foreach (var array in new[] { "indicators", "nodes" })
        {
            // Indicators and nodes merge by id: two with one id in one file would silently become one.
            if (layer.Node[array] is not JsonArray items) continue;
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is JsonObject item && item["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String && !seen.TryAdd(id.GetValue<string>(), i))
                    problems.Add(new DefinitionProblem($"$.{array}[{i}].id", $"duplicate id '{id.GetValue<string>()}' (also {array}[{seen[id.GetValue<string>()]}]): expected one {array[..^1]} per id"));
            }
        }

        located.AddRange(problems.Select(p => $"{layer.At(p.Path)}: {p.Message}"));
    }

    // Where a problem of the merged definition was written, as "file:line:column: at path" with the path of that file:
    // an indicator or node is found by its id in the user's file first, then in the presets; any other member in the
    // first file that gives it.
    private static string Locate(List<DefinitionLayer> layers, JsonObject merged, string path)
    {
        var match = System.Text.RegularExpressions.Regex.Match(path, @"^\$\.(indicators|nodes)\[(\d+)\](.*)$");
        if (match.Success && merged[match.Groups[1].Value] is JsonArray array && int.TryParse(match.Groups[2].Value, out var index)
            && index < array.Count && array[index] is JsonObject item && item["id"] is JsonValue idValue && idValue.GetValueKind() == JsonValueKind.String)
        {
            var id = idValue.GetValue<string>();
            string? element = null;
            foreach (var layer in layers)
            {
                if (layer.Node[match.Groups[1].Value] is not JsonArray own) continue;
                var k = own.Select((n, i) => (n, i)).FirstOrDefault(x => (x.n as JsonObject)?["id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == id, (null!, -1)).i;
                if (k < 0) continue;
                var inLayer = $"$.{match.Groups[1].Value}[{k}]";
                if (layer.Has(inLayer + match.Groups[3].Value)) return layer.At(inLayer + match.Groups[3].Value);
                element ??= layer.At(inLayer);
            }

            if (element is not null) return element;
        }

        foreach (var layer in layers)
        {
            if (layer.Has(path)) return layer.At(path);
        }

        return $"{layers[0].Name}: at {path}";
    }

    /// <summary>The JSON text of an embedded preset, or null.</summary>
    public static byte[]? PresetBytes(string name)
    {
        using var stream = typeof(DefinitionLoader).Assembly.GetManifestResourceStream($"presets/{name}.json");
        if (stream is null) return null;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Writes a definition as indented JSON, as run.json records it.</summary>
    public static string ToJson(IndexDefinition definition) => JsonSerializer.Serialize(definition, IndentedDefinition);

    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<IndexDefinition> IndentedDefinition =
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<IndexDefinition>)new JsonSerializerOptions(DefinitionJsonContext.Default.Options)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }.GetTypeInfo(typeof(IndexDefinition));

    private static JsonObject ParseNode(byte[] utf8Json, string fileName)
    {
        if (utf8Json.Length == 0) throw new FragilityException(FailureKind.BadData, $"{fileName}: the file is empty: expected a JSON object");
        var duplicates = JsonLocator.DuplicateMembers(utf8Json.AsSpan().StartsWith("\uFEFF"u8) ? utf8Json[3..] : utf8Json);
        if (duplicates.Count > 0)
            throw Problems(duplicates.Select(d => $"{fileName}:{d.Line}:{d.Column}: at {d.Path}: member given twice: a parser would keep only one of them").ToList());
        try
        {
            var span = utf8Json.AsSpan();
            if (span.StartsWith("\uFEFF"u8)) span = span[3..];
            return JsonNode.Parse(span, documentOptions: DocumentOptions) as JsonObject
                ?? throw new FragilityException(FailureKind.BadData, $"{fileName}:1:1: expected a JSON object");
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            throw new FragilityException(FailureKind.BadData, $"{fileName}:{line}:{column}: invalid JSON: {FirstLine(e.Message)}");
        }
    }

    // The first line of System.Text.Json's message, without the position it repeats ("LineNumber: 0 | BytePositionInLine: 0.").
    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        var position = line.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return position > 0 ? line[..position] : line;
    }
}
