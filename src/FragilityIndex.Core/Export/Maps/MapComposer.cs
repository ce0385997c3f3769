using FragilityIndex.Definition;
using FragilityIndex.Definition.Plan;
using FragilityIndex.Diagnostics;
using FragilityIndex.Scoring;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Export.Maps;

/// <summary>What to map: which score, how to class it, over which territory.</summary>
internal sealed record MapOptions
{
    /// <summary>The score column (a node or indicator id); null for the global score.</summary>
    public string? Score { get; init; }

    public ClassMethod Method { get; init; } = ClassMethod.Quantiles;

    public int Classes { get; init; } = 5;

    /// <summary>Draws only the territories inside this one; null for all.</summary>
    public TerritorySelection? Territory { get; init; }
}

/// <summary>
/// Turns a run's scores at one level into a <see cref="ChoroplethRequest"/>: the score's label as the title, the
/// level and territory as the subtitle, and the sources line from the definition's source notes, in French.
/// </summary>
internal static class MapComposer
{
    public static ChoroplethRequest Compose(RunOutcome outcome, LevelScores scores, Geometry[] geometries, MapOptions options)
    {
        var definition = outcome.Definition;
        var score = options.Score ?? DefinitionValidator.GlobalNode(definition);
        if (!scores.HasColumn(score))
            throw new FragilityException(FailureKind.Usage, $"--score '{score}': no such score; expected one of {string.Join(", ", ScoreNames(definition))}");
        var rows = options.Territory?.RowsOf(scores);
        if (rows is { Count: 0 })
            throw new FragilityException(FailureKind.Usage, $"--territory {options.Territory}: no {LevelNames.Plural(scores.Level)} of the run lie in it");

        var label = ScoreLabel(outcome, score);
        var place = options.Territory is { } territory ? $" — {TerritoryName(outcome, territory)}" : "";
        return new ChoroplethRequest
        {
            Geometries = geometries,
            Crs = outcome.Inputs.Territory.Crs!,
            Values = scores[score].ToArray(),
            Labels = scores.Codes.Select((code, row) => scores.Names[row].Length > 0 ? $"{code} {scores.Names[row]}" : code).ToArray(),
            Rows = rows,
            Title = $"Fragilité numérique : {Lowercase(label)}",
            Subtitle = $"Par {LevelNames.Singular(scores.Level)}{place} (indice {ScaleNote(outcome.Plan, scores.ReferenceLevel)}) — {definition.Name}",
            Sources = SourceCredits.SourcesLine(outcome, scores, rows),
            UnitName = LevelNames.Plural(scores.Level),
            Method = options.Method,
            Classes = options.Classes,
            SetApart = scores.HasColumn("small_unit") ? scores["small_unit"].Select(f => f == 1).ToArray() : null,
            SetApartLabel = $"petits {LevelNames.Plural(scores.Level)}, non classés",
            Note = SmallUnitsNote(definition, scores.Level),
            Zones = Zones(scores),
        };
    }

    /// <summary>"Indice de fragilité numérique (rhone-69) par IRIS : 752 IRIS, indice base 100 = moyenne du département."</summary>
    public static string LayerDescription(RunOutcome outcome, LevelScores scores) =>
        $"Indice de fragilité numérique ({outcome.Definition.Name}) par {LevelNames.Singular(scores.Level)} : {scores.Count} {(scores.Count > 1 ? LevelNames.Plural(scores.Level) : LevelNames.Singular(scores.Level))}, indice {ScaleNote(outcome.Plan, scores.ReferenceLevel)}. Sources : {SourceCredits.SourcesLine(outcome, scores, null)}";

    private static (string Field, string Alias)[] Aliases(RunOutcome outcome, LevelScores scores)
    {
        var fields = FeatureFields.Of(scores).Select(f => f.Name).ToArray();
        return fields.Zip(ColumnLabels.French(outcome.Definition, fields)).ToArray();
    }

    // A definition need not label its nodes: the title then says what the score is, never "Fragilité numérique :".
    private static string ScoreLabel(RunOutcome outcome, string score)
    {
        var label = outcome.Definition.Nodes.FirstOrDefault(n => n.Id == score)?.Label ?? outcome.Definition.Indicators.FirstOrDefault(i => i.Id == score)?.Label;
        return string.IsNullOrWhiteSpace(label) ? score == outcome.Plan.Global ? "score global" : score : label;
    }

    /// <summary>The QGIS style of a level's layer: the map's score, classes and colours; null when the level lacks that score.</summary>
    public static (string Name, string Qml)? StyleOf(RunOutcome outcome, LevelScores scores, MapOptions options)
    {
        var score = options.Score ?? DefinitionValidator.GlobalNode(outcome.Definition);
        if (!scores.HasColumn(score)) return null;
        return ($"Fragilité numérique : {Lowercase(ScoreLabel(outcome, score))}", QgisStyle.Qml(scores, score, options, $"petits {LevelNames.Plural(scores.Level)}, non classés", Aliases(outcome, scores)));
    }

    /// <summary>
    /// "Hachurés : IRIS d'activité ou divers, ou de moins de 250 habitants …": what the definition's <c>smallUnits</c>
    /// sets apart, in words, for the map's note and the report.
    /// </summary>
    public static string SmallUnitsNote(IndexDefinition definition, TerritoryLevel level)
    {
        if (definition.Territory?.SmallUnits is not { } small) return "";
        var kinds = (small.Types ?? []).Select(t => t switch { "A" => "d'activité", "D" => "divers", "H" => "d'habitat", "Z" => "non découpés", _ when t.Length > 1 => $"« {t} »", _ => $"de type {t}" }).ToList();
        var parts = new List<string>();
        if (kinds.Count > 0) parts.Add($"{LevelNames.Plural(level)} {string.Join(" ou ", kinds)}");
        if (small.MinPopulation > 0) parts.Add($"{(parts.Count > 0 ? "" : $"{LevelNames.Plural(level)} ")}de moins de {small.MinPopulation.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} habitants");
        return parts.Count == 0 ? "" : $"Hachurés : {string.Join(", ou ", parts)}. Leurs parts reposent sur trop peu d'habitants pour être comparées : ils ont un score mais ne sont ni classés ni rangés.";
    }

    // Each territory's overseas département ("974"), or "" in metropolitan France: a map that spans several zones
    // draws the overseas ones in insets.
    private static string[] Zones(LevelScores scores)
    {
        string[]? departements = scores.Level == TerritoryLevel.Departement ? scores.Codes
            : scores.ParentCodes.FirstOrDefault(p => p.Level == TerritoryLevel.Departement).Codes;
        if (departements is not null) return departements.Select(d => d.StartsWith("97", StringComparison.Ordinal) ? d : "").ToArray();
        if (scores.Level == TerritoryLevel.Region)
            return scores.Codes.Select(r => r switch { "01" => "971", "02" => "972", "03" => "973", "04" => "974", "06" => "976", _ => "" }).ToArray();
        return scores.Codes.Select(_ => "").ToArray();
    }

    /// <summary>The name of a selected territory ("Métropole de LYON (EPCI 200046977)"), or its kind and code when it has none.</summary>
    public static string TerritoryName(RunOutcome outcome, TerritorySelection selection)
    {
        // From the territory model, not the scores: a map of IRIS scores only the IRIS level.
        var territory = outcome.Inputs.Territory;
        var partition = territory.Has(selection.Level) ? territory[selection.Level] : null;
        var position = partition is null ? -1 : Array.BinarySearch(partition.Codes, selection.Code, StringComparer.Ordinal);
        var name = position >= 0 ? partition!.Names[position] : "";
        var kind = LevelNames.Singular(selection.Level);
        return name.Length > 0 ? $"{name} ({kind} {selection.Code})" : $"{kind} {selection.Code}";
    }

    private static IEnumerable<string> ScoreNames(IndexDefinition definition) =>
        definition.Nodes.Select(n => n.Id).Concat(definition.Indicators.Where(i => !i.Context).Select(i => i.Id));

    // The reference of the level actually scored: --reference may differ from the definition's, and levels at or above it
    // are compared with the whole.
    /// <summary>What the scores' numbers mean: "base 100 = moyenne du département", "en classes de 1 à 10, 10 = les plus fragiles".</summary>
    public static string ScaleNote(IndexPlan plan, TerritoryLevel reference) => plan.Normalization.Method switch
    {
        NormalizationMethod.Ratio => $"base 100 = moyenne {LevelNames.OfReference(reference)}",
        NormalizationMethod.Classes => $"en classes de 1 à {plan.Normalization.Classes}, {plan.Normalization.Classes} = les plus fragiles",
        NormalizationMethod.None => "tel que donné par la source",
        _ => $"normalisation {DefinitionTerms.Name(DefinitionTerms.Methods, plan.Normalization.Method)}",
    };

    private static string Lowercase(string text) => text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
