using FragilityIndex.Definition;

namespace FragilityIndex.Territory;

/// <summary>
/// The Code officiel géographique 2023 the tool embeds (data/cog/cog-2023.csv, from Etalab's
/// @etalab/decoupage-administratif 3.1.1, Licence Ouverte): the accented name of every commune, EPCI, département
/// and région, and each commune's département, région and EPCI. It names territories ("Rhône", not "RHONE") and
/// gives a unit its parents when the parents table does not know it.
/// </summary>
internal sealed class CogTable
{
    private static readonly Lazy<CogTable> Embedded = new(Load);
    // Sized for the COG 2023 (36,474 rows, 35,084 communes and arrondissements): filled without a resize.
    private readonly Dictionary<(TerritoryLevel, string), string> _names = new(40_000);
    private readonly Dictionary<string, (string Departement, string Region, string Epci)> _communes = new(40_000, StringComparer.Ordinal);
    private readonly Dictionary<string, string> _regionOfDepartement = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _communesOfDepartement = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _populationOfCommune = new(40_000, StringComparer.Ordinal);
    private readonly Dictionary<string, string> _successorOf = new(4_500, StringComparer.Ordinal);

    private CogTable()
    {
    }

    /// <summary>The COG 2023.</summary>
    public static CogTable Cog2023 => Embedded.Value;

    /// <summary>The vintage, for messages and run.json.</summary>
    public string Vintage => "COG 2023";

    /// <summary>The official name of a territory, or null when the COG 2023 has no such code.</summary>
    public string? NameOf(TerritoryLevel level, string code) => _names.GetValueOrDefault((level, code));

    /// <summary>A commune's (or municipal arrondissement's) département, région and EPCI, or null when the COG 2023 does not know it.</summary>
    public (string Departement, string Region, string Epci)? ParentsOf(string commune) =>
        _communes.TryGetValue(commune, out var parents) ? parents : null;

    /// <summary>The current communes of a département (municipal arrondissements aside: their city stands for them).</summary>
    public IReadOnlyList<string> CommunesOf(string departement) => _communesOfDepartement.GetValueOrDefault(departement) ?? [];

    /// <summary>The départements of a région.</summary>
    public IReadOnlyList<string> DepartementsOf(string region) =>
        _regionOfDepartement.Where(kv => kv.Value == region).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every commune and municipal arrondissement with its municipal population (0 when the COG gives none).</summary>
    public IEnumerable<(string Code, int Population)> CommunePopulations() => _populationOfCommune.Select(kv => (kv.Key, kv.Value));

    /// <summary>
    /// For a commune merged into another since (an old code of a commune nouvelle, a delegated or associated commune:
    /// Avenas 69015, in Deux-Grosnes 69135 since 2019), the current commune that holds it; null for a current commune
    /// or a code the COG 2023 does not know.
    /// </summary>
    public string? SuccessorOf(string commune) => _successorOf.GetValueOrDefault(commune);

    /// <summary>The région of a département, or null.</summary>
    public string? RegionOf(string departement) => _regionOfDepartement.GetValueOrDefault(departement);

    // One pass over the embedded text, fields cut as spans: a string only for what the table keeps, and one string
    // for each repeated parent code (a département's code is one string however many communes name it).
    private static CogTable Load()
    {
        using var stream = typeof(CogTable).Assembly.GetManifestResourceStream("cog/cog-2023.csv")
            ?? throw new InvalidOperationException("the embedded COG table is missing from the build");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        ReadOnlySpan<char> text = System.Text.Encoding.UTF8.GetString(bytes);
        var table = new CogTable();
        var shared = new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        string Shared(ReadOnlySpan<char> value)
        {
            if (shared.TryGetValue(value, out var known)) return known;
            var added = value.ToString();
            shared[added] = added;
            return added;
        }

        Span<Range> fields = stackalloc Range[9];
        var header = true; // level;code;name;departement;region;epci;population;successor
        foreach (var lineRange in text.Split('\n'))
        {
            var line = text[lineRange].TrimEnd('\r');
            if (header || line.IsEmpty)
            {
                header = false;
                continue;
            }

            var count = line.Split(fields, ';');
            if (count >= 8 && line[fields[0]].SequenceEqual("former"))
            {
                table._successorOf[line[fields[1]].ToString()] = Shared(line[fields[7]]);
                continue;
            }

            if (count < 7 || !TerritoryLevels.TryParse(Shared(line[fields[0]]), out var level)) continue;
            var code = line[fields[1]].ToString();
            table._names[(level, code)] = line[fields[2]].ToString();
            if (level == TerritoryLevel.Commune)
            {
                var departement = Shared(line[fields[3]]);
                table._communes[code] = (departement, Shared(line[fields[4]]), Shared(line[fields[5]]));
                table._populationOfCommune[code] = int.TryParse(line[fields[6]], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var population) ? population : 0;
                if (TerritoryCodes.CityOfArrondissement(code) is null)
                {
                    if (!table._communesOfDepartement.TryGetValue(departement, out var list)) table._communesOfDepartement[departement] = list = [];
                    list.Add(code);
                }
            }

            if (level == TerritoryLevel.Departement) table._regionOfDepartement[code] = Shared(line[fields[4]]);
        }

        return table;
    }
}
