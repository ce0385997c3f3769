using System.Globalization;
using FragilityIndex.Definition;

namespace FragilityIndex.Territory;

/// <summary>
/// The rules of French territorial codes: they are strings (2A/2B for Corsica, 971–976 overseas), IRIS codes have 9
/// characters and commune codes 5, a commune not split into IRIS is the IRIS XXXXX0000, and Paris, Lyon and Marseille
/// are split into municipal arrondissements in IRIS data but not in commune-level sources.
/// </summary>
internal static class TerritoryCodes
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
    /// Repairs what spreadsheets and number columns do to a code, when the repair is unambiguous: a byte order mark, NUL
    /// or space inside it (69 081 0102), a ".0" suffix (690810102.0), scientific notation with every digit kept
    /// (6.90810102E+08), and a leading zero lost (1001 for 01001, 10040101 for 010040101, 6 for 06: an all-digit code
    /// one character short gets its zero back). Returns the code unchanged otherwise; <paramref name="repaired"/> says
    /// whether it changed. Scientific notation that dropped digits (6.9E+08) cannot be repaired and is left as it is,
    /// to be refused by <see cref="IsValid"/>.
    /// </summary>
    public static string Repair(string code, TerritoryLevel level, out bool repaired)
    {
        var cleaned = Clean(code);
        repaired = !ReferenceEquals(cleaned, code) && cleaned != code;
        code = cleaned;

        // Département and région codes have no fixed length (01, 2A, 971; 06, 84), but one digit alone lost its zero.
        if (level is TerritoryLevel.Departement or TerritoryLevel.Region && code.Length == 1 && char.IsAsciiDigit(code[0]))
        {
            repaired = true;
            return "0" + code;
        }

        var length = LengthOf(level);
        if (length == 0 || code.Length != length - 1 || code.AsSpan().ContainsAnyExceptInRange('0', '9')) return code;
        repaired = true;
        return "0" + code;
    }

    // Digits and capitals only: nothing to strip, no ".0", no exponent (they need a '.'): most codes, returned at once.
    private static readonly System.Buffers.SearchValues<char> PlainCodeCharacters = System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static string Clean(string code)
    {
        if (code.Length == 0 || !code.AsSpan().ContainsAnyExcept(PlainCodeCharacters)) return code;
        if (code.AsSpan().IndexOfAny('\uFEFF', '\0', ' ') >= 0 || code.Contains('\u00A0'))
            code = new string(code.Where(c => c is not ('\uFEFF' or '\0' or ' ' or '\u00A0')).ToArray());
        if (code.EndsWith(".0", StringComparison.Ordinal) && code.Length > 2 && code[..^2].All(char.IsAsciiDigit)) return code[..^2];
        var e = code.IndexOfAny(['E', 'e']);
        if (e > 0 && char.IsAsciiDigit(code[0]) && code.Contains('.'))
        {
            // 6.90810102E+08: the mantissa's digits must be all the code's digits, or some were rounded away.
            var mantissaDigits = code[..e].Count(char.IsAsciiDigit);
            if (decimal.TryParse(code, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == decimal.Floor(value) && value > 0)
            {
                var digits = value.ToString("0", CultureInfo.InvariantCulture);
                if (mantissaDigits == digits.Length) return digits;
            }
        }

        return code;
    }

    /// <summary>
    /// Whether <paramref name="code"/> is a well-formed code of <paramref name="level"/>: an IRIS code is a commune code
    /// and 4 digits; a commune code is 5 characters, digits but for Corsica's 2A/2B; an EPCI's SIREN is 9 digits.
    /// </summary>
    public static bool IsValid(string code, TerritoryLevel level) => WellFormed(code.AsSpan(), level);

    // On the characters in place: called for every code of every row of a national file.
    private static bool WellFormed(ReadOnlySpan<char> code, TerritoryLevel level) => level switch
    {
        TerritoryLevel.Iris => code.Length == 9 && WellFormed(code[..5], TerritoryLevel.Commune) && Digits(code[5..]),
        TerritoryLevel.Commune => code.Length == 5 && (Digits(code) || ((code.StartsWith("2A") || code.StartsWith("2B")) && Digits(code[2..]))),
        // ZZZZZZZZZ is INSEE's code for a commune in no EPCI (Bréhat, Île-d'Yeu, Ouessant…).
        TerritoryLevel.Epci => code.Length == 9 && (Digits(code) || code is "ZZZZZZZZZ"),
        TerritoryLevel.Departement => code is "2A" or "2B" || (code.Length == 2 && Digits(code)) || (code.Length == 3 && code.StartsWith("97") && char.IsAsciiDigit(code[2])),
        TerritoryLevel.Region => code.Length == 2 && Digits(code),
        _ => code.Length > 0,
    };

    private static bool Digits(ReadOnlySpan<char> characters) => characters.IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>What a well-formed code of <paramref name="level"/> looks like, for messages.</summary>
    public static string Expected(TerritoryLevel level) => level switch
    {
        TerritoryLevel.Iris => "a 9-character IRIS code: a commune code (5 characters, 2A/2B for Corsica) and 4 digits",
        TerritoryLevel.Commune => "a 5-character commune code (digits, 2A/2B for Corsica)",
        TerritoryLevel.Epci => "a 9-digit EPCI SIREN code (ZZZZZZZZZ for a commune in no EPCI)",
        TerritoryLevel.Departement => "a département code: 2 digits, 2A, 2B or 97x",
        TerritoryLevel.Region => "a 2-digit région code",
        _ => "a code",
    };

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
