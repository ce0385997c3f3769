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

    // The embedded file itself, UTF-8, and for each kind of row the start of its lines, in the file's order, which
    // is by code (checked when loaded): a lookup is a binary search over the bytes, and a string is made only for
    // what a caller asks. Kept as bytes, not as dictionaries of strings, the table costs one array and a few
    // thousand positions, and loads in the time of one pass over 1.5 MB.
    private readonly byte[] _text;
    private readonly Dictionary<string, int[]> _linesOf;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _communesOfDepartement = new(StringComparer.Ordinal);

    private CogTable(byte[] text, Dictionary<string, int[]> linesOf)
    {
        _text = text;
        _linesOf = linesOf;
    }

    /// <summary>The COG 2023.</summary>
    public static CogTable Cog2023 => Embedded.Value;

    /// <summary>The vintage, for messages and run.json.</summary>
    public string Vintage => "COG 2023";

    /// <summary>The official name of a territory, or null when the COG 2023 has no such code.</summary>
    public string? NameOf(TerritoryLevel level, string code) =>
        Find(level.Name(), code) is var line and >= 0 && Field(line, Name) is { Length: > 0 } name ? Text(name) : null;

    /// <summary>A commune's (or municipal arrondissement's) département, région and EPCI, or null when the COG 2023 does not know it.</summary>
    public (string Departement, string Region, string Epci)? ParentsOf(string commune)
    {
        var line = Find("commune", commune);
        return line < 0 ? null : (Text(Field(line, Departement)), Text(Field(line, Region)), Text(Field(line, Epci)));
    }

    /// <summary>The current communes of a département (municipal arrondissements aside: their city stands for them).</summary>
    public IReadOnlyList<string> CommunesOf(string departement) => _communesOfDepartement.GetOrAdd(departement, d =>
    {
        var wanted = System.Text.Encoding.UTF8.GetBytes(d);
        return [.. _linesOf["commune"].Where(l => Field(l, Departement).SequenceEqual(wanted))
            .Select(l => Text(Field(l, Code))).Where(c => TerritoryCodes.CityOfArrondissement(c) is null)];
    });

    /// <summary>The départements of a région.</summary>
    public IReadOnlyList<string> DepartementsOf(string region) =>
        [.. _linesOf["departement"].Where(l => Text(Field(l, Region)) == region).Select(l => Text(Field(l, Code)))];

    /// <summary>Every commune and municipal arrondissement with its municipal population (0 when the COG gives none).</summary>
    public IEnumerable<(string Code, int Population)> CommunePopulations() =>
        _linesOf["commune"].Select(l => (Text(Field(l, Code)),
            int.TryParse(Field(l, Population), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var population) ? population : 0));

    /// <summary>
    /// For a commune merged into another since (an old code of a commune nouvelle, a delegated or associated commune:
    /// Avenas 69015, in Deux-Grosnes 69135 since 2019), the current commune that holds it; null for a current commune
    /// or a code the COG 2023 does not know.
    /// </summary>
    public string? SuccessorOf(string commune) =>
        Find("former", commune) is var line and >= 0 && Field(line, Successor) is { Length: > 0 } successor ? Text(successor) : null;

    /// <summary>The région of a département, or null.</summary>
    public string? RegionOf(string departement) =>
        Find("departement", departement) is var line and >= 0 && Field(line, Region) is { Length: > 0 } region ? Text(region) : null;

    // The fields of a line: level;code;name;departement;region;epci;population;successor
    private const int Code = 1, Name = 2, Departement = 3, Region = 4, Epci = 5, Population = 6, Successor = 7;

    private static string Text(ReadOnlySpan<byte> field) => System.Text.Encoding.UTF8.GetString(field);

    // The line of a code among the lines of a kind, or −1.
    private int Find(string kind, string code)
    {
        if (!_linesOf.TryGetValue(kind, out var lines) || code.Length > 16) return -1;
        Span<byte> wanted = stackalloc byte[64];
        var length = System.Text.Encoding.UTF8.GetBytes(code, wanted);
        var key = wanted[..length];
        int low = 0, high = lines.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = Field(lines[middle], Code).SequenceCompareTo(key);
            if (order == 0) return lines[middle];
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }

        return -1;
    }

    // Field n of the line starting at lineStart (empty when the line has fewer).
    private ReadOnlySpan<byte> Field(int lineStart, int n)
    {
        var line = _text.AsSpan(lineStart);
        var end = line.IndexOf((byte)'\n');
        if (end >= 0) line = line[..end];
        if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
        for (var i = 0; i < n; i++)
        {
            var separator = line.IndexOf((byte)';');
            if (separator < 0) return [];
            line = line[(separator + 1)..];
        }

        var next = line.IndexOf((byte)';');
        return next < 0 ? line : line[..next];
    }

    private static CogTable Load()
    {
        using var stream = typeof(CogTable).Assembly.GetManifestResourceStream("cog/cog-2023.csv")
            ?? throw new InvalidOperationException("the embedded COG table is missing from the build");
        var text = new byte[stream.Length];
        stream.ReadExactly(text);
        var starts = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var table = new CogTable(text, new Dictionary<string, int[]>(StringComparer.Ordinal));
        var header = true;
        for (var start = 0; start < text.Length;)
        {
            var end = text.AsSpan(start).IndexOf((byte)'\n');
            var next = end < 0 ? text.Length : start + end + 1;
            if (!header && next - start > 1)
            {
                var kind = Text(table.Field(start, 0));
                if (!starts.TryGetValue(kind, out var list)) starts[kind] = list = [];
                list.Add(start);
            }

            header = false;
            start = next;
        }

        foreach (var (kind, lines) in starts)
        {
            // The binary search needs each kind's lines in the order of their codes, as the build wrote them.
            for (var i = 1; i < lines.Count; i++)
            {
                if (table.Field(lines[i - 1], Code).SequenceCompareTo(table.Field(lines[i], Code)) >= 0)
                    throw new InvalidOperationException($"the embedded COG table's {kind} rows are not in the order of their codes");
            }

            table._linesOf[kind] = [.. lines];
        }

        return table;
    }
}
