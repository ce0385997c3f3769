using System.Text.RegularExpressions;

namespace FragilityIndex.Export;

/// <summary>
/// The run's warnings as the French report says them. The engine writes its warnings in English, for run.json and
/// the console; the report's readers are French, so each known warning has its French sentence. A warning without
/// one is shown as it is, marked as the tool's own message.
/// </summary>
internal static partial class WarningsInFrench
{
    private static readonly (Regex Pattern, string French)[] Known =
    [
        (RowsWithoutCoordinates(), "$1 : $2 ligne(s) sans coordonnées, laissées de côté"),
        (UnitsWithoutRow(), "$1 : $2 des $3 unités n'y ont pas de ligne (jointure par code $4 « $5 ») ; leurs valeurs manquent"),
        (RowsOfNoTerritory(), "$1 : $2 ligne(s) dont le code ne désigne aucun territoire (99999, XXXXX ou vide), laissées de côté"),
        (CodesRepaired(), "$1 : $2 code(s) réparé(s) (zéro initial perdu, suffixe .0, espaces ou notation scientifique)"),
        (PolygonsRepaired(), "$1 : $2 polygone(s) invalide(s) réparé(s) : $3"),
        (FromCog(), "$1 : $2 IRIS sans code $3 l'ont pris dans le $4, par leur commune"),
        (KeptFallback(), "indicateur « $1 » : $2 des $3 unités n'ont pas de valeur dans « $4 » et gardent celle de « $5 »"),
        (DbfUtf8(), "$1 : pas de fichier .cpg ; son texte, de l'UTF-8 valide, a été lu comme tel"),
        (DbfWindows1252(), "$1 : pas de fichier .cpg ; son texte n'est pas de l'UTF-8 valide et a été lu en Windows-1252"),
        (PopulationUnknown(), "$1 : population inconnue pour $2 des $3 unités ($4) ; elles ne pèsent rien dans les agrégations ni dans les valeurs de référence"),
    ];

    /// <summary>The French sentence of a warning, or the warning itself, marked, when it has none.</summary>
    public static string Of(string warning)
    {
        foreach (var (pattern, french) in Known)
        {
            if (pattern.IsMatch(warning)) return pattern.Replace(warning, french);
        }

        return $"(message de l'outil) {warning}";
    }

    [GeneratedRegex(@"^(.+): (\d+) rows without coordinates set aside$")]
    private static partial Regex RowsWithoutCoordinates();

    [GeneratedRegex(@"^(.+): (\d+) of (\d+) units have no row \(matched by (\w+) code '(.+)'\); their values are missing$")]
    private static partial Regex UnitsWithoutRow();

    [GeneratedRegex(@"^(.+): (\d+) rows whose code names no territory \(99999, XXXXX or empty\) set aside$")]
    private static partial Regex RowsOfNoTerritory();

    [GeneratedRegex(@"^(.+): (\d+) (?:IRIS )?codes repaired \(.*\)$")]
    private static partial Regex CodesRepaired();

    [GeneratedRegex(@"^(.+): (\d+) invalid polygons repaired: (.+)$")]
    private static partial Regex PolygonsRepaired();

    [GeneratedRegex(@"^(.+): (\d+) IRIS had no (\w+) code and took it from the (COG \d+), through their commune$")]
    private static partial Regex FromCog();

    [GeneratedRegex(@"^indicator '(.+)': (\d+) of (\d+) units have no value in '(.+)' and keep the one of '(.+)'$")]
    private static partial Regex KeptFallback();

    [GeneratedRegex(@"^(.+\.dbf): no \.cpg; its text is valid UTF-8 and was read as such$")]
    private static partial Regex DbfUtf8();

    [GeneratedRegex(@"^(.+\.dbf): no \.cpg; its text is not valid UTF-8 and was read as Windows-1252$")]
    private static partial Regex DbfWindows1252();

    [GeneratedRegex(@"^(.+): the population is unknown for (\d+) of (\d+) units \((.+)\): they weigh nothing in roll-ups and reference values$")]
    private static partial Regex PopulationUnknown();
}
