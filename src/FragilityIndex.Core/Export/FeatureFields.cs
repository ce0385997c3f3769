using FragilityIndex.Definition;
using FragilityIndex.Scoring;

namespace FragilityIndex.Export;

/// <summary>The type an attribute takes in a typed format (Parquet, GeoPackage, GeoJSON numbers).</summary>
internal enum FieldKind
{
    Text,
    Whole,
    Real,
}

/// <summary>One attribute of the features of a level: text (codes, names) or a score column (NaN for missing).</summary>
internal sealed record FeatureField(string Name, FieldKind Kind, string[]? Text, ScoreColumn? Numbers);

/// <summary>
/// The attributes every GIS export gives a territory, in one order: code, name, the codes of the territories above it,
/// its reference territory, then every score column. Ranks, deciles and imputed flags are integers; the rest are reals.
/// </summary>
internal static class FeatureFields
{
    public static IReadOnlyList<FeatureField> Of(LevelScores scores)
    {
        var attributes = new List<FeatureField>
        {
            new("code", FieldKind.Text, scores.Codes, null),
            new("name", FieldKind.Text, scores.Names, null),
        };
        foreach (var (level, codes) in scores.ParentCodes) attributes.Add(new($"{level.Name()}_code", FieldKind.Text, codes, null));
        attributes.Add(new("reference_code", FieldKind.Text, scores.ReferenceCodes, null));
        foreach (var column in scores.Columns)
            attributes.Add(new(column.Name, column.IsWhole ? FieldKind.Whole : FieldKind.Real, null, column));
        return attributes;
    }
}
