using System.Text.Json.Nodes;

namespace FragilityIndex.Definition;

/// <summary>
/// Applies a definition that <c>extends</c> a preset: objects merge member by member, the <c>indicators</c> and
/// <c>nodes</c> arrays merge by id (a local indicator with a preset's id replaces it, a new id is added), and any
/// other value replaces the preset's.
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
        foreach (var item in overlay)
        {
            var id = (item as JsonObject)?["id"]?.GetValue<string>();
            var existing = id is null ? -1 : merged.FindIndex(n => (n as JsonObject)?["id"]?.GetValue<string>() == id);
            if (existing >= 0 && item is JsonObject itemObject && merged[existing] is JsonObject baseItem)
            {
                var result = Merge(baseItem, itemObject);
                // A local file that replaces a preset indicator's source covers part of the territory at best: the
                // preset's columns stay behind it, for the units the local file does not cover.
                if (itemObject["source"] is JsonValue newSource && baseItem["source"] is JsonValue oldSource
                    && newSource.GetValue<string>() != oldSource.GetValue<string>() && itemObject["fallback"] is null)
                {
                    var fallback = new JsonObject();
                    foreach (var member in FallbackMembers)
                    {
                        if (baseItem[member] is JsonNode value) fallback[member] = value.DeepClone();
                    }

                    result["fallback"] = fallback;
                    // The local file names its own columns: the preset's do not carry over.
                    foreach (var member in FallbackMembers.Skip(1))
                    {
                        if (itemObject[member] is null) result.Remove(member);
                    }
                }

                merged[existing] = result;
            }
            else
                merged.Add(item?.DeepClone());
        }

        return new JsonArray([.. merged]);
    }
}
