using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace FragilityIndex.Definition;

/// <summary>
/// Checks a definition file's JSON against the definition's types before it is deserialised, so that every problem of
/// shape is reported at once, each at its JSON path: a member no type has (with the member it most likely meant,
/// <c>polarty</c> → <c>polarity</c>), a value of the wrong JSON type (an id given as a number), a null where a value
/// is required. The deserialiser would stop at the first, and take a null id without a word.
/// </summary>
internal static class DefinitionSchema
{
    /// <param name="root">One file's definition.</param>
    /// <param name="problems">Where each problem goes.</param>
    /// <param name="extending">Whether the file extends a preset: a null member then removes the preset's (see DefinitionMerger).</param>
    public static void Check(JsonObject root, List<DefinitionProblem> problems, bool extending = false) =>
        CheckObject(root, typeof(IndexDefinition), "$", problems, extending);

    private static void CheckObject(JsonObject json, Type type, string path, List<DefinitionProblem> problems, bool extending)
    {
        var members = Members(type);
        foreach (var (name, value) in json)
        {
            var memberPath = $"{path}.{name}";
            if (!members.TryGetValue(name, out var property))
            {
                var suggestion = Closest(name, members.Keys);
                problems.Add(new DefinitionProblem(memberPath, suggestion is null
                    ? $"unknown member '{name}': expected one of {string.Join(", ", members.Keys)}"
                    : $"unknown member '{name}': did you mean '{suggestion}'?"));
                continue;
            }

            var nullable = extending || property.IsSetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null;
            CheckValue(value, property.PropertyType, nullable, memberPath, problems, extending);
        }
    }

    private static void CheckValue(JsonNode? value, Type type, bool nullable, string path, List<DefinitionProblem> problems, bool extending)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null)
        {
            if (!nullable) problems.Add(new DefinitionProblem(path, $"expected {Describe(underlying)}, found null"));
            return;
        }

        var kind = value.GetValueKind();
        if (underlying == typeof(string))
        {
            if (kind != JsonValueKind.String) problems.Add(new DefinitionProblem(path, $"expected a string, found {Found(value)}"));
        }
        else if (underlying == typeof(bool))
        {
            if (kind is not (JsonValueKind.True or JsonValueKind.False)) problems.Add(new DefinitionProblem(path, $"expected true or false, found {Found(value)}"));
        }
        else if (underlying == typeof(double))
        {
            if (kind != JsonValueKind.Number) problems.Add(new DefinitionProblem(path, $"expected a number, found {Found(value)}"));
            else if (!double.IsFinite(value.GetValue<double>())) problems.Add(new DefinitionProblem(path, $"expected a finite number, found {Found(value)}"));
        }
        else if (underlying == typeof(int))
        {
            if (kind != JsonValueKind.Number || !value.AsValue().TryGetValue<int>(out _)) problems.Add(new DefinitionProblem(path, $"expected a whole number, found {Found(value)}"));
        }
        else if (ElementType(underlying) is { } element)
        {
            if (value is not JsonArray array)
            {
                problems.Add(new DefinitionProblem(path, $"expected an array, found {Found(value)}"));
                return;
            }

            for (var i = 0; i < array.Count; i++) CheckValue(array[i], element, nullable: false, $"{path}[{i}]", problems, extending);
        }
        else if (DictionaryValueType(underlying) is { } valueType)
        {
            if (value is not JsonObject map)
            {
                problems.Add(new DefinitionProblem(path, $"expected an object, found {Found(value)}"));
                return;
            }

            foreach (var (key, item) in map) CheckValue(item, valueType, nullable: extending, $"{path}.{key}", problems, extending);
        }
        else if (value is JsonObject obj)
        {
            CheckObject(obj, underlying, path, problems, extending);
        }
        else
        {
            problems.Add(new DefinitionProblem(path, $"expected an object, found {Found(value)}"));
        }
    }

    // The members as the generated contract names them (camel case, or their JsonPropertyName), in declaration order:
    // the same contract the deserialiser uses, read without reflection.
    private static Dictionary<string, JsonPropertyInfo> Members(Type type) => Contract(type).Properties
        .Where(p => p.Set is not null)
        .ToDictionary(p => p.Name, StringComparer.Ordinal);

    private static JsonTypeInfo Contract(Type type) => DefinitionJsonContext.Default.GetTypeInfo(type)
        ?? throw new InvalidOperationException($"{type.Name} is not in the definition's generated contract");

    private static Type? ElementType(Type type) =>
        type == typeof(string) || Nullable.GetUnderlyingType(type) is not null || type.IsPrimitive ? null
        : Contract(type) is { Kind: JsonTypeInfoKind.Enumerable } list ? list.ElementType
        : null;

    private static Type? DictionaryValueType(Type type) =>
        type == typeof(string) || Nullable.GetUnderlyingType(type) is not null || type.IsPrimitive ? null
        : Contract(type) is { Kind: JsonTypeInfoKind.Dictionary } map ? map.ElementType
        : null;

    private static string Describe(Type type) =>
        type == typeof(string) ? "a string"
        : type == typeof(bool) ? "true or false"
        : type == typeof(double) || type == typeof(int) ? "a number"
        : ElementType(type) is not null ? "an array"
        : typeof(IEnumerable).IsAssignableFrom(type) || type.IsClass ? "an object"
        : "a value";

    private static string Found(JsonNode value)
    {
        var text = value.ToJsonString();
        if (text.Length > 40) text = text[..40] + "…";
        return value.GetValueKind() switch
        {
            JsonValueKind.String => $"the string {text}",
            JsonValueKind.Number => $"the number {text}",
            JsonValueKind.True or JsonValueKind.False => text,
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => text,
        };
    }

    /// <summary>The name among <paramref name="candidates"/> nearest to <paramref name="name"/> (case aside, within 2 edits), or null.</summary>
    internal static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(1, Math.Min(2, name.Length / 3)) ? best : null;
    }

    // Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours ("polatiry").
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
