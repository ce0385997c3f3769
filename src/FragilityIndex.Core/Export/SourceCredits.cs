using FragilityIndex.Definition;
using FragilityIndex.Scoring;

namespace FragilityIndex.Export;

/// <summary>Who published what a table, a map or a report shows: the source notes the maps, the workbook and the report credit.</summary>
internal static class SourceCredits
{
    /// <summary>
    /// The publications behind what is shown, each once, with the number of territories it gave a value to: the
    /// territory's contours first, then the source note of each indicator (or of its sources, or their files' names) that filled at least one of the
    /// <paramref name="rows"/> (all rows when null) of <paramref name="scores"/> with a value of its own (not
    /// imputed). A source that filled nothing shown is not credited.
    /// </summary>
    public static IReadOnlyList<string> SourceNotes(RunOutcome outcome, LevelScores scores, IReadOnlyList<int>? rows = null)
    {
        var definition = outcome.Definition;
        var notes = new List<string>();
        var synthetic = outcome.Inputs.SyntheticSources;
        // Figures read from synthetic files are credited as such, never to the publisher whose format they copy.
        string Credit(string note, IEnumerable<string?> sources) =>
            sources.Any(s => s is not null && synthetic.Contains(s)) ? SyntheticPrefix + note : note;
        if (definition.Territory is { } territory && definition.Sources.TryGetValue(territory.Source, out var contours) && contours.SourceNote is { } contourNote)
            notes.Add(Credit(contourNote, [territory.Source]));
        var filledByNote = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var shown = rows ?? Enumerable.Range(0, scores.Count).ToArray();
        foreach (var indicator in definition.Indicators)
        {
            if (!scores.HasColumn($"{indicator.Id}_value") || NoteOf(indicator, definition) is not { } sourceNote) continue;
            var note = Credit(sourceNote, [indicator.Source, indicator.DenominatorSource, indicator.Poststratification?.Rates, .. indicator.Points ?? []]);
            var values = scores[$"{indicator.Id}_value"];
            var imputed = scores.HasColumn($"imputed_{indicator.Id}") ? scores[$"imputed_{indicator.Id}"] : null;
            var filled = shown.Count(r => !double.IsNaN(values[r]) && (imputed is null || imputed[r] == 0));
            if (filled == 0) continue;
            if (!filledByNote.ContainsKey(note)) order.Add(note);
            filledByNote[note] = Math.Max(filledByNote.GetValueOrDefault(note), filled);
        }

        var unit = LevelNames.Plural(scores.Level);
        // "renseigné" agrees with the territory: une commune, une région; un IRIS, un EPCI, un département.
        var feminine = scores.Level is TerritoryLevel.Commune or TerritoryLevel.Region ? "e" : "";
        notes.AddRange(order.Select(n => $"{n} ({filledByNote[n]} {(filledByNote[n] > 1 ? unit : LevelNames.Singular(scores.Level))} renseigné{feminine}{(filledByNote[n] > 1 ? "s" : "")})"));
        return notes.Distinct(StringComparer.Ordinal).ToList();
    }

    // What an indicator is credited with: its own note; else the notes of the sources it reads, or their files'
    // names where they have none, so that a map never shows figures without saying where they came from.
    private static string? NoteOf(IndicatorDefinition indicator, IndexDefinition definition)
    {
        if (indicator.SourceNote is { } own) return own;
        var read = new[] { indicator.Source }.Concat(indicator.Points ?? []).OfType<string>().Distinct(StringComparer.Ordinal)
            .Where(definition.Sources.ContainsKey)
            .Select(name => definition.Sources[name] is var source && source.SourceNote is { } note ? note : $"fichier {Path.GetFileName(source.Path ?? name)}")
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return read.Length == 0 ? null : string.Join(", ", read);
    }

    /// <summary>The sources line of a map: the credited notes joined by semicolons.</summary>
    public static string SourcesLine(RunOutcome outcome, LevelScores scores, IReadOnlyList<int>? rows)
    {
        var notes = SourceNotes(outcome, scores, rows);
        if (notes.Count == 0) return "non précisées dans la définition";
        // All synthetic (the embedded sample): said once, before the formats they copy.
        if (notes.All(n => n.StartsWith(SyntheticPrefix, StringComparison.Ordinal)))
            return $"{SyntheticPrefix}{string.Join(" ; ", notes.Select(n => n[SyntheticPrefix.Length..]))}.";
        return string.Join(" ; ", notes) + ".";
    }

    private const string SyntheticPrefix = "données synthétiques aux formats de : ";
}
