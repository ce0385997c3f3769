using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FragilityIndex.Definition;

/// <summary>
/// Reads definition files: JSON with comments, unknown members rejected (a typo must not be silently ignored),
/// <c>extends</c> resolved against the embedded presets, and the result validated.
/// </summary>
public static class DefinitionLoader
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

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

    /// <summary>Loads a definition from UTF-8 JSON; <paramref name="fileName"/> only names it in messages.</summary>
    /// <exception cref="FragilityException">The JSON is malformed or the definition is inconsistent; the message names the line and column.</exception>
    public static IndexDefinition Load(byte[] utf8Json, string fileName)
    {
        var node = ParseNode(utf8Json, fileName);
        var chain = new List<string>();
        while (node["extends"] is JsonValue extendsValue && extendsValue.TryGetValue<string>(out var baseName))
        {
            // A variant preset (default-senior) extends another (default): follow the chain, refusing a loop.
            if (chain.Contains(baseName))
                throw new FragilityException(FailureKind.BadData, $"{fileName}: 'extends' loops: {string.Join(" → ", chain)} → {baseName}");
            chain.Add(baseName);
            var baseBytes = PresetBytes(baseName);
            if (baseBytes is null)
            {
                var (line, column) = chain.Count == 1 ? JsonLocator.Locate(utf8Json, "$.extends") : (0, 0);
                var where = line > 0 ? $"{fileName}:{line}:{column}" : $"preset:{chain[^2]}";
                throw new FragilityException(FailureKind.BadData,
                    $"{where}: 'extends' names an unknown preset '{baseName}': expected one of {string.Join(", ", PresetNames)}");
            }

            var baseNode = ParseNode(baseBytes, $"preset:{baseName}");
            var merged = DefinitionMerger.Merge(baseNode, node);
            merged.Remove("extends");
            if (baseNode["extends"] is JsonNode next) merged["extends"] = next.DeepClone();
            node = merged;
        }

        IndexDefinition definition;
        try
        {
            definition = node.Deserialize<IndexDefinition>(JsonOptions)
                ?? throw new FragilityException(FailureKind.BadData, $"{fileName}: expected a JSON object");
        }
        catch (JsonException e)
        {
            var path = e.Path ?? "$";
            var (line, column) = JsonLocator.Locate(utf8Json, path);
            var where = line > 0 ? $"{fileName}:{line}:{column}" : fileName;
            throw new FragilityException(FailureKind.BadData, $"{where}: at {path}: {FirstLine(e.Message)}");
        }

        var problems = DefinitionValidator.Validate(definition);
        if (problems.Count > 0)
        {
            var first = problems[0];
            var (line, column) = JsonLocator.Locate(utf8Json, first.Path);
            var where = line > 0 ? $"{fileName}:{line}:{column}" : fileName;
            var more = problems.Count > 1 ? $" (and {problems.Count - 1} more: {string.Join("; ", problems.Skip(1).Select(p => $"{p.Path}: {p.Message}"))})" : "";
            throw new FragilityException(FailureKind.BadData, $"{where}: at {first.Path}: {first.Message}{more}");
        }

        return definition;
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
    public static string ToJson(IndexDefinition definition) => JsonSerializer.Serialize(definition, WriteOptions);

    private static readonly JsonSerializerOptions WriteOptions = new(JsonOptions)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static JsonObject ParseNode(byte[] utf8Json, string fileName)
    {
        if (utf8Json.Length == 0) throw new FragilityException(FailureKind.BadData, $"{fileName}: the file is empty: expected a JSON object");
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

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
