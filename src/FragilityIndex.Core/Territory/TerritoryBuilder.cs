using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using FragilityIndex.Ingestion;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Territory;

/// <summary>
/// Builds the territory from the rows of the territory source (an IRIS reference table or a layer of contours): one
/// unit per row, sorted by IRIS code. The commune comes from its column or the IRIS code, the levels above from their
/// columns or from a parents table (looked up by IRIS code, then by commune for an IRIS redrawn since the table), and
/// the département, failing all else, from the commune code.
/// </summary>
internal static class TerritoryBuilder
{
    private static readonly TerritoryLevel[] UpperLevels = [TerritoryLevel.Epci, TerritoryLevel.Departement, TerritoryLevel.Region];

    /// <summary>The columns of the territory source that <see cref="Build"/> reads as text.</summary>
    public static IEnumerable<string> TextColumns(TerritoryDefinition territory) =>
        territory.Codes.Values.Concat((IEnumerable<string>?)territory.Names?.Values ?? [])
            .Concat(territory.SmallUnits?.TypeColumn is { } type ? [type] : [])
            .Distinct(StringComparer.Ordinal);

    /// <summary>The columns of the parents table that <see cref="Build"/> reads as text.</summary>
    public static IEnumerable<string> ParentColumns(ParentsDefinition parents) =>
        new[] { parents.Iris, parents.Commune }.Concat(parents.Codes.Values).Concat((IEnumerable<string>?)parents.Names?.Values ?? [])
            .Where(c => c.Length > 0).Distinct(StringComparer.Ordinal);

    // Whether two rows hold the same value in every column read (text, numbers, geometry).
    private static bool SameRow(SourceTable table, int a, int b) =>
        table.Text.Values.All(column => column[a] == column[b])
        && table.Numbers.Values.All(column => column[a].Equals(column[b]))
        && (table.Geometries is not { } geometries || geometries[a].EqualsExact(geometries[b]));

    /// <summary>
    /// Builds the model. <paramref name="rowOfUnit"/>[u] is the row of the source that unit u came from.
    /// </summary>
    /// <exception cref="FragilityException">A code is empty or duplicated.</exception>
    public static TerritoryModel Build(TerritoryDefinition territory, SourceTable table, SourceTable? parentsTable, List<string> warnings, out int[] rowOfUnit)
    {
        // The units are IRIS, or communes (commune contours or tables): the same steps, keyed by the unit's own code.
        var unitLevel = TerritoryLevels.Parse(territory.UnitLevel);
        var unitColumn = territory.Codes[territory.UnitLevel];
        var unitWord = UnitWord(unitLevel);
        var repairedCount = 0;
        var codesRead = table.Text[unitColumn].Select(code =>
        {
            var fixedCode = TerritoryCodes.Repair(code, unitLevel, out var repaired);
            if (repaired) repairedCount++;
            return fixedCode;
        }).ToArray();
        if (repairedCount > 0) warnings.Add($"{table.FileName}: {repairedCount} {unitWord} codes repaired (a leading zero lost, a .0 suffix, spaces, or scientific notation with every digit kept)");

        var sorted = Enumerable.Range(0, table.RowCount).ToArray();
        Array.Sort(codesRead.ToArray(), sorted, StringComparer.Ordinal);
        // A row repeated whole (every column read the same: the Data For Good IRIS table has 11) is one unit, kept once;
        // a code repeated with anything different is refused below.
        var kept = new List<int>(sorted.Length);
        var repeated = 0;
        foreach (var row in sorted)
        {
            if (kept.Count > 0 && codesRead[row] == codesRead[kept[^1]] && SameRow(table, row, kept[^1])) repeated++;
            else kept.Add(row);
        }

        if (repeated > 0) warnings.Add($"{table.FileName}: {repeated} rows repeat an earlier row of the same {unitWord} code exactly: each kept once");
        rowOfUnit = repeated > 0 ? [.. kept] : sorted;
        var rows = rowOfUnit;

        var unitCodes = new string[rows.Length];
        for (var u = 0; u < rows.Length; u++)
        {
            var code = codesRead[rows[u]];
            if (code.Length == 0)
                throw FragilityException.InFile(table.FileName, table.LineNumbers[rows[u]], unitColumn, $"empty {unitWord} code: expected {TerritoryCodes.Expected(unitLevel)}");
            if (!TerritoryCodes.IsValid(code, unitLevel))
                throw FragilityException.InFile(table.FileName, table.LineNumbers[rows[u]], unitColumn,
                    $"'{Excerpt.Of(code)}' is not {(unitLevel == TerritoryLevel.Iris ? "an IRIS" : "a commune")} code: expected {TerritoryCodes.Expected(unitLevel)}");
            if (u > 0 && code == unitCodes[u - 1])
                throw FragilityException.InFile(table.FileName, table.LineNumbers[rows[u]], unitColumn,
                    $"duplicate {unitWord} code '{code}' (first seen on line {table.LineNumbers[rows[u - 1]]}): expected one row per {unitWord}");
            unitCodes[u] = code;
        }

        string[] Column(string name)
        {
            var column = table.Text[name];
            return Array.ConvertAll(rows, r => column[r]);
        }

        string[]? Names(string level) => territory.Names is { } names && names.TryGetValue(level, out var column) ? Column(column) : null;

        var partitions = new List<LevelPartition> { LevelPartition.FromUnitCodes(unitLevel, unitCodes, Names(territory.UnitLevel)) };
        string[] communes;
        if (unitLevel == TerritoryLevel.Commune)
        {
            communes = unitCodes;
        }
        else
        {
            communes = territory.Codes.TryGetValue("commune", out var communeColumn)
                ? Column(communeColumn).Select(c => TerritoryCodes.Repair(c, TerritoryLevel.Commune, out _)).ToArray()
                : unitCodes.Select(TerritoryCodes.CommuneOf).ToArray();
            for (var u = 0; u < communes.Length; u++)
            {
                if (!TerritoryCodes.IsValid(communes[u], TerritoryLevel.Commune))
                    throw FragilityException.InFile(table.FileName, table.LineNumbers[rows[u]], communeColumn ?? unitColumn,
                        $"'{Excerpt.Of(communes[u])}' is not a commune code: expected {TerritoryCodes.Expected(TerritoryLevel.Commune)}");
            }

            partitions.Add(LevelPartition.FromUnitCodes(TerritoryLevel.Commune, communes, Names("commune")));
        }

        var parents = territory.Parents is { } parentsDefinition && parentsTable is not null
            ? ParentLookup(parentsDefinition, parentsTable, unitCodes, communes, warnings)
            : null;
        string[]? departementCodes = null;
        foreach (var level in UpperLevels)
        {
            string[]? codes = territory.Codes.TryGetValue(level.Name(), out var column) ? Column(column) : null;
            var names = Names(level.Name());
            var codesFromParents = false;
            if (codes is null && parents is not null && parents.Value.Codes.TryGetValue(level, out var fromParents))
            {
                codes = fromParents;
                codesFromParents = true;
                names ??= parents.Value.Names.GetValueOrDefault(level);
            }

            if (level == TerritoryLevel.Departement && codes is not null)
                codes = codes.Select((c, u) => c.Length == 0 ? TerritoryCodes.DepartementOf(communes[u]) : c).ToArray();
            if (codes is null && level == TerritoryLevel.Departement) codes = communes.Select(TerritoryCodes.DepartementOf).ToArray();
            // Communes as units (contours or tables that give the commune code only) take their EPCI and région from
            // the COG 2023, which knows every commune of that vintage; one it does not know stops the run below.
            var allFromCog = codes is null && unitLevel == TerritoryLevel.Commune;
            if (allFromCog) codes = new string[unitCodes.Length].Select(_ => "").ToArray();
            if (codes is not null)
            {
                // A code that arrives as a number loses its leading zero (REG=6 for 06, DEP=1 for 01).
                if (level is TerritoryLevel.Departement or TerritoryLevel.Region) codes = codes.Select(c => TerritoryCodes.Repair(c, level, out _)).ToArray();
                FillFromCog(level, codes, communes, departementCodes, unitCodes, unitWord, codesFromParents ? parentsTable!.FileName : table.FileName, warnings, quiet: allFromCog);
                if (level == TerritoryLevel.Departement) departementCodes = codes;
                // A code that reaches the outputs must be a code: an empty one is a unit the table does not know
                // (warned above); anything else malformed is refused.
                for (var u = 0; u < codes.Length; u++)
                {
                    if (codes[u].Length == 0 || TerritoryCodes.IsValid(codes[u], level)) continue;
                    throw codesFromParents
                        ? FragilityException.InFile(parentsTable!.FileName, 0, territory.Parents!.Codes.GetValueOrDefault(level.Name()),
                            $"'{Excerpt.Of(codes[u])}' (the {level.Name()} of {unitWord} {unitCodes[u]}) is not a code: expected {TerritoryCodes.Expected(level)}")
                        : FragilityException.InFile(table.FileName, table.LineNumbers[rows[u]], column ?? territory.Codes["iris"],
                            $"'{Excerpt.Of(codes[u])}' (the {level.Name()} of {unitWord} {unitCodes[u]}) is not a code: expected {TerritoryCodes.Expected(level)}");
                }

                partitions.Add(LevelPartition.FromUnitCodes(level, codes, names));
            }
        }

        Geometry[]? unitGeometries = null;
        if (table.Geometries is { } geometries)
        {
            unitGeometries = rows.Select(r => geometries[r]).ToArray();
            warnings.AddRange(UnitGeometries.CheckAndRepair(unitGeometries, unitCodes, rows.Select(r => table.LineNumbers[r]).ToArray(), table.FileName));
        }

        // Official, accented names for the territories no column named ("Rhône", "Métropole de Lyon").
        foreach (var partition in partitions.Where(p => p.Level is not TerritoryLevel.Iris))
        {
            for (var g = 0; g < partition.Count; g++)
            {
                if (partition.Names[g].Length == 0 && CogTable.Cog2023.NameOf(partition.Level, partition.Codes[g]) is { } official) partition.Names[g] = official;
            }
        }

        return new TerritoryModel(partitions)
        {
            Geometries = unitGeometries,
            Crs = table.Crs,
        };
    }

    private static string UnitWord(TerritoryLevel unitLevel) => unitLevel == TerritoryLevel.Iris ? "IRIS" : "commune";

    private static string Plural(string unitWord) => unitWord == "IRIS" ? "IRIS" : $"{unitWord}s";

    // A unit its parents table does not know (an IRIS of a commune created since) takes its parent from the COG 2023
    // through its commune, when the COG knows the commune; otherwise the run stops: no territory has an empty code.
    private static void FillFromCog(TerritoryLevel level, string[] codes, string[] communes, string[]? departements, string[] unitCodes, string unitWord, string fileName, List<string> warnings, bool quiet)
    {
        // The COG is read only when a unit lacks its code: a national table that gives every code never loads it.
        if (Array.TrueForAll(codes, c => c.Length > 0)) return;
        var cog = CogTable.Cog2023;
        var filled = 0;
        var unknown = new List<string>();
        var throughSuccessor = new SortedSet<string>(StringComparer.Ordinal);
        for (var u = 0; u < codes.Length; u++)
        {
            if (codes[u].Length > 0) continue;
            // A commune of an older vintage, merged since, is where its successor is: its EPCI, département and région.
            var commune = communes[u];
            if (cog.ParentsOf(commune) is null && cog.SuccessorOf(commune) is { } successor)
            {
                throughSuccessor.Add($"{commune} → {successor}");
                commune = successor;
            }

            var code = level switch
            {
                TerritoryLevel.Epci => cog.ParentsOf(commune)?.Epci,
                TerritoryLevel.Region => (departements is not null ? cog.RegionOf(departements[u]) : null) ?? cog.ParentsOf(commune)?.Region,
                _ => cog.ParentsOf(commune)?.Departement,
            };
            if (string.IsNullOrEmpty(code))
            {
                unknown.Add(unitCodes[u]);
                continue;
            }

            codes[u] = code;
            filled++;
        }

        if (unknown.Count > 0)
            throw new FragilityException(FailureKind.BadData,
                $"{fileName}: {unknown.Count} {Plural(unitWord)} have no {level.Name()}, and the {cog.Vintage} does not know their commune either: {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? ", …" : "")}; "
                + "a territory cannot have an empty code: give these units their parents (a parents table of their vintage)");
        // (No warning when the whole level comes from the COG by design: a territory of communes that names no column for it.)
        if (filled > 0 && !quiet)
            warnings.Add($"{fileName}: {filled} {Plural(unitWord)} had no {level.Name()} code and took it from the {cog.Vintage}{(unitWord == "IRIS" ? ", through their commune" : "")}");
        // A unit of an older vintage is always said: its parents are those of the commune that holds it today.
        if (throughSuccessor.Count > 0)
            warnings.Add($"{fileName}: {throughSuccessor.Count} communes merged into another since took their {level.Name()} from the commune that holds them in the {cog.Vintage} ({string.Join(", ", throughSuccessor.Take(5))}{(throughSuccessor.Count > 5 ? ", …" : "")})");
    }

    private static (Dictionary<TerritoryLevel, string[]> Codes, Dictionary<TerritoryLevel, string[]> Names)? ParentLookup(
        ParentsDefinition parents, SourceTable table, string[] unitCodes, string[] communes, List<string> warnings)
    {
        var byIris = new Dictionary<string, int>(StringComparer.Ordinal);
        var byCommune = new Dictionary<string, int>(StringComparer.Ordinal);
        var irisCodes = table.Text[parents.Iris];
        var communeCodes = table.Text[parents.Commune];
        for (var r = 0; r < table.RowCount; r++)
        {
            byIris.TryAdd(TerritoryCodes.Repair(irisCodes[r], TerritoryLevel.Iris, out _), r);
            byCommune.TryAdd(TerritoryCodes.Repair(communeCodes[r], TerritoryLevel.Commune, out _), r);
        }

        var rowOfUnit = new int[unitCodes.Length];
        var viaCommune = 0;
        for (var u = 0; u < unitCodes.Length; u++)
        {
            if (byIris.TryGetValue(unitCodes[u], out var row)) rowOfUnit[u] = row;
            else if (byCommune.TryGetValue(communes[u], out row))
            {
                rowOfUnit[u] = row;
                viaCommune++;
            }
            else rowOfUnit[u] = -1;
        }

        if (viaCommune > 0) warnings.Add($"{table.FileName}: {viaCommune} IRIS are not in the parents table (redrawn since?); their EPCI, département and région come from their commune");
        // Units found by neither are given their parents from the COG by FillFromCog, which reports them per level.
        string[] Pick(string name)
        {
            var column = table.Text[name];
            return Array.ConvertAll(rowOfUnit, r => r < 0 ? "" : column[r]);
        }

        var codes = new Dictionary<TerritoryLevel, string[]>();
        var names = new Dictionary<TerritoryLevel, string[]>();
        foreach (var (levelName, column) in parents.Codes)
        {
            if (TerritoryLevels.TryParse(levelName, out var level)) codes[level] = Pick(column);
        }

        foreach (var (levelName, column) in parents.Names ?? [])
        {
            if (TerritoryLevels.TryParse(levelName, out var level)) names[level] = Pick(column);
        }

        return (codes, names);
    }
}
