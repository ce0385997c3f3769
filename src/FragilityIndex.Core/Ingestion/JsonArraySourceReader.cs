using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads a JSON array of objects (the mediation-places exports of the ANCT's national map and its hubs): one row per
/// object, its members as columns, whatever their type (Hinaura's "Code postal" is an integer, its coordinates strings).
/// </summary>
internal static class JsonArraySourceReader
{
    public static SourceTable Read(SourceFile file, string name, SourceDefinition source,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        JsonDocument document;
        try
        {
            using var stream = file.Open();
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw FragilityException.InFile(file.DisplayName, (e.LineNumber ?? -1) + 1, null, $"not valid JSON: {SourceReader.OneLine(e.Message.Split('.')[0])}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw FragilityException.InFile(file.DisplayName, 1, null, $"expected an array of objects, found a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            var items = document.RootElement.EnumerateArray().ToArray();
            var header = items.Where(i => i.ValueKind == JsonValueKind.Object).SelectMany(i => i.EnumerateObject().Select(m => m.Name))
                .Distinct(StringComparer.Ordinal).ToArray();
            var builder = new RowTableBuilder(file.DisplayName, header, source, textColumns, numberColumns);
            for (var i = 0; i < items.Length; i++)
            {
                var item = items[i];
                if (item.ValueKind != JsonValueKind.Object) throw FragilityException.InFile(file.DisplayName, 0, null, $"item {i + 1} is not an object");
                builder.Add(i + 1, position => item.TryGetProperty(header[position], out var value) ? GeoJsonSourceReader.Plain(value) : null);
            }

            return builder.Build(name, new IngestionReport { Format = "json" });
        }
    }
}
