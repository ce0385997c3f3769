using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Territory;

/// <summary>How a source met the territory: what matched, what was set aside, what was repaired (reported in run.json).</summary>
internal sealed record JoinReport(string Source, string KeyLevel)
{
    /// <summary>Units that found their row.</summary>
    public int UnitsMatched { get; init; }

    /// <summary>Units of a municipal arrondissement that took the row of their whole city (75056, 69123, 13055).</summary>
    public int UnitsViaCity { get; init; }

    /// <summary>Units with no row: their values are missing (and imputed where the indicator says so).</summary>
    public int UnitsUnmatched { get; init; }

    /// <summary>Rows whose code names no territory (99999, XXXXX, empty), set aside.</summary>
    public int RowsSetAside { get; init; }

    /// <summary>With commune units, the IRIS rows of an IRIS-keyed source summed into communes that have several.</summary>
    public int IrisRowsSummed { get; init; }

    /// <summary>Rows whose code had lost its leading zero and was repaired.</summary>
    public int RowsRepaired { get; init; }

    /// <summary>Rows of territories outside the one scored (a national file read for one département).</summary>
    public int RowsOutside { get; init; }

    /// <summary>The key column.</summary>
    public string Key { get; init; } = "";

    /// <summary>The first codes, in file order, of the rows that matched no unit (at most five).</summary>
    public IReadOnlyList<string> UnmatchedCodes { get; init; } = [];

    /// <summary>What the codes that matched nothing look like, when it explains why (commune codes keyed as IRIS…), else null.</summary>
    public string? LikelyCause { get; init; }

    /// <summary>The share of the units that found a row (through their city for arrondissements too).</summary>
    public double MatchedShare => UnitsMatched + UnitsViaCity + UnitsUnmatched == 0 ? 0 : (double)(UnitsMatched + UnitsViaCity) / (UnitsMatched + UnitsViaCity + UnitsUnmatched);
}

/// <summary>
/// Matches the rows of a source to the units by the code of the source's key level: the IRIS code, or the commune
/// code (with the arrondissements of Paris, Lyon and Marseille reaching their city's row when the source has no row
/// of their own). Codes that lost their leading zero are repaired; rows that name no territory are set aside.
/// </summary>
internal static class SourceJoin
{
    /// <summary>For each unit, its row of <paramref name="table"/> (−1 when none).</summary>
    /// <exception cref="FragilityException">Two rows have the same code.</exception>
    public static int[] Rows(SourceDefinition source, SourceTable table, TerritoryModel territory, out JoinReport report)
    {
        var keyLevel = TerritoryLevels.Parse(source.KeyLevel);
        var keys = table.Text[source.Key!];
        var rowOfCode = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        int setAside = 0, repaired = 0;
        for (var r = 0; r < keys.Length; r++)
        {
            if (TerritoryCodes.IsNotATerritory(keys[r]))
            {
                setAside++;
                continue;
            }

            var code = TerritoryCodes.Repair(keys[r], keyLevel, out var wasRepaired);
            if (wasRepaired) repaired++;
            if (!rowOfCode.TryAdd(code, r))
                throw FragilityException.InFile(table.FileName, table.LineNumbers[r], source.Key,
                    $"duplicate code '{code}' (first seen on line {table.LineNumbers[rowOfCode[code]]}): expected one row per {keyLevel.Name()}");
        }

        var partition = territory[keyLevel];
        var rows = new int[territory.UnitCount];
        var used = new bool[keys.Length];
        int matched = 0, viaCity = 0, unmatched = 0;
        for (var u = 0; u < rows.Length; u++)
        {
            var code = partition.Codes[partition.GroupOfUnit[u]];
            if (rowOfCode.TryGetValue(code, out var row)) matched++;
            else if (keyLevel == TerritoryLevel.Commune && TerritoryCodes.CityOfArrondissement(code) is { } city && rowOfCode.TryGetValue(city, out row)) viaCity++;
            else
            {
                row = -1;
                unmatched++;
            }

            rows[u] = row;
            if (row >= 0) used[row] = true;
        }

        var unmatchedRows = Enumerable.Range(0, keys.Length).Where(r => !used[r] && !TerritoryCodes.IsNotATerritory(keys[r])).ToArray();
        report = new JoinReport(table.Name, keyLevel.Name())
        {
            Key = source.Key!,
            UnmatchedCodes = unmatchedRows.Take(5).Select(r => Excerpt.Of(keys[r], 20)).ToArray(),
            UnitsMatched = matched,
            UnitsViaCity = viaCity,
            UnitsUnmatched = unmatched,
            RowsSetAside = setAside,
            RowsRepaired = repaired,
            RowsOutside = keys.Length - setAside - used.Count(u => u),
        };
        // Why the codes matched nothing is only said when the join is refused: a national file joined to one
        // département has tens of thousands of rows outside it, which would be looked at for nothing.
        if (report.MatchedShare < source.MinMatch)
            report = report with { LikelyCause = LikelyCause(unmatchedRows.Select(r => TerritoryCodes.Repair(keys[r], keyLevel, out _)).ToArray(), keyLevel, territory) };
        return rows;
    }

    // Why a source's codes matched no unit, when their shape says it: the codes of another level, or of other départements.
    private static string? LikelyCause(string[] unmatched, TerritoryLevel keyLevel, TerritoryModel territory)
    {
        if (unmatched.Length == 0) return null;
        var length = unmatched.GroupBy(c => c.Length).MaxBy(g => g.Count())!.Key;
        var share = (double)unmatched.Count(c => c.Length == length) / unmatched.Length;
        if (share >= 0.9 && keyLevel == TerritoryLevel.Iris && length == 5)
            return "these codes have 5 characters: they look like commune codes; set \"keyLevel\": \"commune\"";
        if (share >= 0.9 && keyLevel == TerritoryLevel.Commune && length == 9)
            return "these codes have 9 characters: they look like IRIS codes; set \"keyLevel\": \"iris\"";
        if (share >= 0.9 && length != TerritoryCodes.LengthOf(keyLevel))
            return $"these codes have {length} characters, where {keyLevel.Name()} codes have {TerritoryCodes.LengthOf(keyLevel)}: is \"key\" the right column?";
        var ours = territory.Has(TerritoryLevel.Departement) ? territory[TerritoryLevel.Departement].Codes.ToHashSet(StringComparer.Ordinal) : [];
        var theirs = unmatched.Where(c => c.Length >= 5).Select(c => TerritoryCodes.DepartementOf(c[..5])).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (ours.Count > 0 && theirs.Length > 0 && !theirs.Any(ours.Contains))
            return $"these codes are of département {string.Join(", ", theirs.Take(5))}{(theirs.Length > 5 ? ", …" : "")}, the territory covers {string.Join(", ", ours.Order(StringComparer.Ordinal).Take(5))}: is it the file of another département?";
        return null;
    }

    /// <summary>
    /// How a row shared by several units (a commune's figures repeated on each of its IRIS, Lyon's on each IRIS of its
    /// arrondissements) is shared out among them: in proportion to their population when it is known, equally
    /// otherwise. Counts multiplied by these factors sum back to the row's counts over any territory that holds all
    /// its units, and keep the row's ratio over any that holds some of them, so roll-ups at every level stay right.
    /// </summary>
    /// <returns>The factor of each unit; null when no row is shared, so that every factor would be 1.</returns>
    public static double[]? Apportion(int[] rows, double[]? population)
    {
        // Indexed by row, not hashed: a national table would otherwise build a dictionary of 49,000 rows per indicator.
        var rowCount = 0;
        foreach (var row in rows) rowCount = Math.Max(rowCount, row + 1);
        var units = new int[rowCount];
        var shared = false;
        foreach (var row in rows)
        {
            if (row >= 0 && ++units[row] > 1) shared = true;
        }

        if (!shared) return null;
        var sums = new double[rowCount];
        for (var u = 0; u < rows.Length; u++)
        {
            if (rows[u] >= 0 && population is not null && double.IsFinite(population[u])) sums[rows[u]] += population[u];
        }

        var factors = new double[rows.Length];
        for (var u = 0; u < rows.Length; u++)
        {
            if (rows[u] < 0)
            {
                factors[u] = 1;
                continue;
            }

            double sum = sums[rows[u]], count = units[rows[u]];
            var own = population is not null && double.IsFinite(population[u]) ? population[u] : 0;
            factors[u] = count == 1 ? 1 : sum > 0 ? own / sum : 1.0 / count;
        }

        return factors;
    }
}
