using System.Text.Json.Nodes;

namespace FragilityIndex.Definition;

/// <summary>
/// Applies a definition that <c>extends</c> a preset: objects merge member by member, the <c>indicators</c> and
/// <c>nodes</c> arrays merge by id (a local indicator with a preset's id replaces it, a new id is added), a null
/// removes the preset's member, and any other value replaces the preset's.
/// </summary>
internal static class DefinitionMerger
{
    private static readonly HashSet<string> ArraysById = new(StringComparer.Ordinal) { "indicators", "nodes" };
    private static readonly string[] FallbackMembers = ["source", "numerator", "denominator", "denominatorSource", "value", "weight"];

    public static JsonObject Merge(JsonObject basis, JsonObject overlay)
    {
        var result = (JsonObject)basis.DeepClone();
        foreach (var (name, value) in overlay)
        {
            if (name == "extends") continue;
            // A member set to null removes the preset's: "parents": null, or "codes": { "iris": null } for communes as units.
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            if (value is JsonObject overlayObject && result[name] is JsonObject baseObject && name != "weights")
                result[name] = Merge(baseObject, overlayObject);
            else if (value is JsonArray overlayArray && result[name] is JsonArray baseArray && ArraysById.Contains(name))
                result[name] = MergeById(baseArray, overlayArray);
            else
                result[name] = value?.DeepClone();
        }

        return result;
    }

    private static JsonArray MergeById(JsonArray basis, JsonArray overlay)
    {
        var merged = new List<JsonNode?>(basis.Select(n => n?.DeepClone()));
        // One look-up per overlay item: merging stays linear in the size of the arrays.
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < merged.Count; i++)
        {
            if (IdOf(merged[i]) is { } baseId) positions.TryAdd(baseId, i);
        }

        foreach (var item in overlay)
        {
            var id = IdOf(item);
            var existing = id is not null && positions.TryGetValue(id, out var position) ? position : -1;
            if (existing >= 0 && item is JsonObject itemObject && merged[existing] is JsonObject baseItem)
            {
                var result = Merge(baseItem, itemObject);
                // A local file that replaces a preset indicator's source covers part of the territory at best: the
                // preset's columns stay behind it, for the units the local file does not cover.
                if (itemObject["source"] is JsonValue newSource && baseItem["source"] is JsonValue oldSource
                    && newSource.GetValueKind() == System.Text.Json.JsonValueKind.String && oldSource.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && newSource.GetValue<string>() != oldSource.GetValue<string>() && itemObject["fallback"] is null)
                {
                    // "fallback": null, written out, moves the indicator wholly to the new source: no preset values behind it.
                    if (itemObject.ContainsKey("fallback")) result.Remove("fallback");
                    else
                    {
                        var fallback = new JsonObject();
                        foreach (var member in FallbackMembers)
                        {
                            if (baseItem[member] is JsonNode value) fallback[member] = value.DeepClone();
                        }

                        result["fallback"] = fallback;
                    }

                    // The local file names its own columns: the preset's do not carry over.
                    foreach (var member in FallbackMembers.Skip(1))
                    {
                        if (itemObject[member] is null) result.Remove(member);
                    }
                }

                merged[existing] = result;
            }
            else
            {
                if (id is not null) positions.TryAdd(id, merged.Count);
                merged.Add(item?.DeepClone());
            }
        }

        return new JsonArray([.. merged]);
    }

    // The string id of an array item, or null (a missing or non-string id is reported by the shape check).
    private static string? IdOf(JsonNode? item) =>
        item is JsonObject obj && obj["id"] is JsonValue id && id.GetValueKind() == System.Text.Json.JsonValueKind.String ? id.GetValue<string>() : null;
}
