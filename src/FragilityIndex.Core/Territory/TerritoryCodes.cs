using System.Globalization;

namespace FragilityIndex.Territory;

/// <summary>
/// The rules of French territorial codes: they are strings (2A/2B for Corsica, 971–976 overseas), IRIS codes have 9
/// characters and commune codes 5, a commune not split into IRIS is the IRIS XXXXX0000, and Paris, Lyon and Marseille
/// are split into municipal arrondissements in IRIS data but not in commune-level sources.
/// </summary>
public static class TerritoryCodes
{
    /// <summary>The expected length of a code at each level (0 when it varies).</summary>
    public static int LengthOf(TerritoryLevel level) => level switch
    {
        TerritoryLevel.Iris => 9,
        TerritoryLevel.Commune => 5,
        TerritoryLevel.Epci => 9,
        _ => 0,
    };

    /// <summary>
    /// Repairs a code that lost its leading zero on the way through a spreadsheet or a number column (1001 for 01001,
    /// 10040101 for 010040101, 6 for 06): an all-digit code one character short gets its zero back. Returns the code unchanged
    /// otherwise; <paramref name="repaired"/> says whether it changed.
    /// </summary>
    public static string Repair(string code, TerritoryLevel level, out bool repaired)
    {
        repaired = false;
        // Département and région codes have no fixed length (01, 2A, 971; 06, 84), but one digit alone lost its zero.
        if (level is TerritoryLevel.Departement or TerritoryLevel.Region && code.Length == 1 && char.IsAsciiDigit(code[0]))
        {
            repaired = true;
            return "0" + code;
        }

        var length = LengthOf(level);
        if (length == 0 || code.Length != length - 1 || !code.All(char.IsAsciiDigit)) return code;
        repaired = true;
        return "0" + code;
    }

    /// <summary>
    /// Whether a code names no territory: the CAF files' 99999 (residents abroad) and XXXXX (commune unknown), and the
    /// empty code. Such rows are set aside and counted, not joined.
    /// </summary>
    public static bool IsNotATerritory(string code) => code.Length == 0 || code is "99999" or "XXXXX" or "ZZZZZ" or "999999999";

    /// <summary>
    /// The whole commune of a municipal arrondissement: 75056 for 75101–75120 (Paris), 69123 for 69381–69389 (Lyon),
    /// 13055 for 13201–13216 (Marseille); null for any other code.
    /// </summary>
    public static string? CityOfArrondissement(string commune)
    {
        if (commune.Length != 5 || !int.TryParse(commune, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
        return number switch
        {
            >= 75101 and <= 75120 => "75056",
            >= 69381 and <= 69389 => "69123",
            >= 13201 and <= 13216 => "13055",
            _ => null,
        };
    }

    /// <summary>The département of a commune code: its first two characters (2A, 2B), three overseas (97x).</summary>
    public static string DepartementOf(string commune) =>
        commune.StartsWith("97", StringComparison.Ordinal) && commune.Length >= 3 ? commune[..3] : commune.Length >= 2 ? commune[..2] : commune;

    /// <summary>The commune of an IRIS code: its first five characters.</summary>
    public static string CommuneOf(string iris) => iris.Length >= 5 ? iris[..5] : iris;
}
