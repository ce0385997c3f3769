namespace FragilityIndex.Territory;

/// <summary>The nested levels of the French territory, finest first. <see cref="France"/> holds every unit.</summary>
public enum TerritoryLevel
{
    Iris = 0,
    Commune = 1,
    Epci = 2,
    Departement = 3,
    Region = 4,
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
