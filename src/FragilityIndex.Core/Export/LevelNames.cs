using FragilityIndex.Definition;

namespace FragilityIndex.Export;

/// <summary>The French names of the levels, as maps and reports write them.</summary>
internal static class LevelNames
{
    public static string Singular(TerritoryLevel level) => level switch
    {
        TerritoryLevel.Iris => "IRIS",
        TerritoryLevel.Commune => "commune",
        TerritoryLevel.Epci => "EPCI",
        TerritoryLevel.Departement => "département",
        TerritoryLevel.Region => "région",
        _ => "France",
    };

    public static string Plural(TerritoryLevel level) => level switch
    {
        TerritoryLevel.Iris => "IRIS",
        TerritoryLevel.Commune => "communes",
        TerritoryLevel.Epci => "EPCI",
        TerritoryLevel.Departement => "départements",
        TerritoryLevel.Region => "régions",
        _ => "France",
    };

    /// <summary>"du département", "de la région", "de l'ensemble étudié", for the reference of a ratio index.</summary>
    public static string OfReference(TerritoryLevel reference) => reference switch
    {
        TerritoryLevel.Commune => "de la commune",
        TerritoryLevel.Epci => "de l'EPCI",
        TerritoryLevel.Departement => "du département",
        TerritoryLevel.Region => "de la région",
        _ => "de l'ensemble étudié",
    };
}
