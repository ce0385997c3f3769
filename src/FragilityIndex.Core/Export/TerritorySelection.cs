using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Scoring;

namespace FragilityIndex.Export;

/// <summary>One territory named as <c>KIND:CODE</c> (<c>epci:200046977</c>, <c>commune:69123</c>, <c>departement:69</c>).</summary>
internal sealed record TerritorySelection(TerritoryLevel Level, string Code)
{
    /// <summary>Parses <c>KIND:CODE</c>; the message says what was expected when it cannot.</summary>
    public static TerritorySelection Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1 || !TerritoryLevels.TryParse(text[..colon], out var level) || level is TerritoryLevel.Iris or TerritoryLevel.France)
            throw new FragilityException(FailureKind.Usage, $"--territory '{text}': expected KIND:CODE with KIND commune, epci, departement or region (e.g. epci:200046977)");
        return new TerritorySelection(level, text[(colon + 1)..].Trim());
    }

    /// <summary>The rows of <paramref name="scores"/> inside this territory: those whose parent at its level is it, or it itself.</summary>
    public IReadOnlyList<int> RowsOf(LevelScores scores)
    {
        if (scores.Level == Level)
            return scores.PositionOf(Code) is var position and >= 0 ? [position] : [];
        if (scores.Level > Level) return [];
        var parents = scores.ParentCodes.FirstOrDefault(p => p.Level == Level).Codes
            ?? throw new FragilityException(FailureKind.Usage, $"--territory {Level.Name()}:{Code}: the territory has no {Level.Name()} level");
        var rows = new List<int>();
        for (var row = 0; row < parents.Length; row++)
            if (parents[row] == Code) rows.Add(row);
        return rows;
    }

    public override string ToString() => $"{Level.Name()}:{Code}";
}
