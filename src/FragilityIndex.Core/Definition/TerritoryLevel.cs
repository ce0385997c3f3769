using FragilityIndex.Diagnostics;

namespace FragilityIndex.Definition;

/// <summary>The nested levels of the French territory, finest first. <see cref="France"/> holds every unit.</summary>
public enum TerritoryLevel
{
    /// <summary>INSEE's sub-communal units (9-character codes), the finest level.</summary>
    Iris = 0,

    /// <summary>Communes (5-character COG codes); Paris, Lyon and Marseille by arrondissement or whole.</summary>
    Commune = 1,

    /// <summary>Intercommunalities (9-digit SIREN codes).</summary>
    Epci = 2,

    /// <summary>Départements (01 … 95, 2A, 2B, 971 … 976).</summary>
    Departement = 3,

    /// <summary>Régions (2-digit codes).</summary>
    Region = 4,

    /// <summary>The whole territory scored, as one (code FR): France when the input is the country.</summary>
    France = 5,
}

/// <summary>Names of the levels as they appear in definitions, options and output file names.</summary>
public static class TerritoryLevels
{
    /// <summary>Every level, finest first.</summary>
    public static IReadOnlyList<TerritoryLevel> All { get; } =
        [TerritoryLevel.Iris, TerritoryLevel.Commune, TerritoryLevel.Epci, TerritoryLevel.Departement, TerritoryLevel.Region, TerritoryLevel.France];

    /// <summary>The lower-case name: iris, commune, epci, departement, region, france.</summary>
    public static string Name(this TerritoryLevel level) => level switch
    {
        TerritoryLevel.Iris => "iris",
        TerritoryLevel.Commune => "commune",
        TerritoryLevel.Epci => "epci",
        TerritoryLevel.Departement => "departement",
        TerritoryLevel.Region => "region",
        _ => "france",
    };

    /// <summary>Parses a level name that validation has already accepted.</summary>
    public static TerritoryLevel Parse(string text) =>
        TryParse(text, out var level) ? level : throw new FragilityException(FailureKind.BadData, $"unknown territory level '{text}'");

    /// <summary>Parses a level name, ignoring case and accents' absence ("département" and "departement" both work).</summary>
    public static bool TryParse(string? text, out TerritoryLevel level)
    {
        var key = (text ?? "").Trim().ToLowerInvariant().Replace('é', 'e');
        foreach (var candidate in All)
        {
            if (candidate.Name() == key)
            {
                level = candidate;
                return true;
            }
        }

        level = TerritoryLevel.France;
        return false;
    }
}
