using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Scoring;

namespace FragilityIndex.Export;

/// <summary>One input file as run.json records it.</summary>
internal sealed record InputFileRecord(string Source, string Path, long Bytes, string Sha256);

/// <summary>
/// Writes run.json: the definition used (after <c>extends</c> and <c>--input</c>), every input with its size and
/// SHA-256, the rows read and values missing, the counts scored per level, the warnings and the timings.
/// </summary>
internal static class RunManifestWriter
{
    public static void Write(Stream destination, RunOutcome outcome, string definitionName, IReadOnlyList<InputFileRecord> files,
        IReadOnlyList<string> outputs, IReadOnlyList<(string Step, TimeSpan Elapsed)> extraTimings)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("tool", $"fragility {typeof(RunManifestWriter).Assembly.GetName().Version}");
        json.WriteString("definitionName", definitionName);
        json.WriteString("referenceLevel", outcome.ReferenceLevel.Name());

        json.WriteStartArray("inputs");
        foreach (var file in files)
        {
            json.WriteStartObject();
            json.WriteString("source", file.Source);
            json.WriteString("path", file.Path);
            json.WriteNumber("bytes", file.Bytes);
            json.WriteString("sha256", file.Sha256);
            if (outcome.Inputs.Sources.TryGetValue(file.Source, out var table) && string.Equals(Path.GetFileName(file.Path), Path.GetFileName(table.FileName), StringComparison.Ordinal))
            {
                json.WriteString("format", table.Report.Format);
                json.WriteNumber("rows", table.RowCount);
                if (table.Report.Format == "csv")
                {
                    json.WriteString("separator", table.Report.Separator.ToString());
                    json.WriteString("encoding", table.Report.Encoding);
                    json.WriteBoolean("byteOrderMark", table.Report.HadByteOrderMark);
                }

                if (table.Crs is { } crs) json.WriteString("crs", $"EPSG:{crs.Epsg}");
                if (table.Report.RowsWithoutGeometry > 0) json.WriteNumber("rowsWithoutCoordinates", table.Report.RowsWithoutGeometry);
                if (table.Report.RowsLeftOut > 0) json.WriteNumber("rowsLeftOutByWhere", table.Report.RowsLeftOut);
                if (outcome.Inputs.Passages.FirstOrDefault(p => p.Source == file.Source) is { } passage)
                {
                    json.WriteStartObject("passage");
                    json.WriteNumber("rowsMerged", passage.RowsMerged);
                    json.WriteNumber("rowsSplit", passage.RowsSplit);
                    json.WriteNumber("codesUnknown", passage.CodesUnknown);
                    json.WriteEndObject();
                }

                if (outcome.Inputs.Joins.FirstOrDefault(j => j.Source == file.Source) is { } join)
                {
                    json.WriteStartObject("join");
                    json.WriteString("key", join.Key);
                    json.WriteString("keyLevel", join.KeyLevel);
                    json.WriteNumber("matchedShare", Math.Round(join.MatchedShare, 4));
                    json.WriteNumber("unitsMatched", join.UnitsMatched);
                    json.WriteNumber("unitsViaCity", join.UnitsViaCity);
                    json.WriteNumber("unitsUnmatched", join.UnitsUnmatched);
                    json.WriteNumber("rowsSetAside", join.RowsSetAside);
                    json.WriteNumber("rowsRepaired", join.RowsRepaired);
                    json.WriteNumber("rowsOutsideTerritory", join.RowsOutside);
                    if (join.IrisRowsSummed > 0) json.WriteNumber("irisRowsSummedIntoCommunes", join.IrisRowsSummed);
                    json.WriteStartArray("firstUnmatchedCodes");
                    foreach (var code in join.UnmatchedCodes) json.WriteStringValue(code);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteStartObject("missingValues");
                foreach (var (column, count) in table.Report.MissingCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteNumber(column, count);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartObject("counts");
        json.WriteNumber("units", outcome.Inputs.Territory.UnitCount);
        foreach (var level in outcome.Result.Levels)
        {
            json.WriteStartObject(level.Level.Name());
            json.WriteNumber("territories", level.Count);
            json.WriteString("comparedWith", level.ReferenceLevel.Name());
            json.WriteStartObject("imputed");
            foreach (var column in level.Columns.Where(c => c.Role == ColumnRole.Flag && c.Name.StartsWith("imputed_", StringComparison.Ordinal)))
                json.WriteNumber(column.Name["imputed_".Length..], column.Count(v => v == 1));
            json.WriteEndObject();
            json.WriteStartObject("missing");
            foreach (var node in outcome.Definition.Nodes)
                json.WriteNumber(node.Id, level[node.Id].Count(double.IsNaN));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();

        json.WriteStartArray("outputs");
        foreach (var output in outputs) json.WriteStringValue(output);
        json.WriteEndArray();

        json.WriteStartArray("unfilledIndicators");
        foreach (var unfilled in outcome.Unfilled)
        {
            json.WriteStartObject();
            json.WriteString("id", unfilled.Id);
            json.WriteString("reason", unfilled.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("warnings");
        foreach (var warning in outcome.Warnings) json.WriteStringValue(warning);
        json.WriteEndArray();

        if (outcome.Inputs.PlacesMeasuredIn.Count > 0)
        {
            // Counts and distances of places are measured in metres in each unit's own département's projected CRS.
            json.WriteStartObject("placesMeasuredIn");
            foreach (var (crs, units) in outcome.Inputs.PlacesMeasuredIn.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteNumber(crs, units);
            json.WriteEndObject();
        }

        // Sources read from files that fragility synth made: their figures are nobody's publication.
        // Reference values from a larger input: which, computed from what.
        if (outcome.References is { } references)
        {
            json.WriteStartObject("references");
            json.WriteString("file", references.FileName);
            json.WriteString("definition", references.Definition);
            json.WriteNumber("units", references.Units);
            references.WriteInputs(json);
            json.WriteEndObject();
        }

        json.WriteStartArray("syntheticSources");
        foreach (var source in outcome.Inputs.SyntheticSources.Order(StringComparer.Ordinal)) json.WriteStringValue(source);
        json.WriteEndArray();

        // What each publication gave: a source that filled no unit is not credited.
        if (outcome.Result.Levels.FirstOrDefault(l => l.Level == outcome.Inputs.Territory.UnitLevel) is { } iris)
        {
            json.WriteStartArray("credits");
            foreach (var note in SourceCredits.SourceNotes(outcome, iris)) json.WriteStringValue(note);
            json.WriteEndArray();
        }

        json.WriteStartObject("timingsMs");
        foreach (var (step, elapsed) in outcome.Timings.Concat(extraTimings)) json.WriteNumber(step, Math.Round(elapsed.TotalMilliseconds, 1));
        json.WriteEndObject();

        json.WritePropertyName("definition");
        using (var document = JsonDocument.Parse(DefinitionLoader.ToJson(outcome.Definition))) document.WriteTo(json);
        json.WriteEndObject();
    }
}
