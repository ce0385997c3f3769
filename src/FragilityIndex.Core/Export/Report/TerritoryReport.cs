using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Export.Maps;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Export.Report;

/// <summary>A territory the report compares with: the territory itself, its département, its région, the whole run.</summary>
internal sealed record ComparedTerritory(string Heading, string Reference, LevelScores Scores, int Row);

/// <summary>One line of the comparison: a score or an indicator value, as each compared territory has it.</summary>
internal sealed record ComparisonLine(string Id, string Label, bool IsScore, double[] Values)
{
    /// <summary>For a line of values, the indicator: its unit says how the values are written.</summary>
    public IndicatorDefinition? Indicator { get; init; }
}

/// <summary>What one indicator adds to the territory's global score.</summary>
internal sealed record Contribution(string Id, string Label, string? SourceNote, double Value, double Score, double Points, double PointsAboveAverage, bool Imputed)
{
    /// <summary>The indicator: its unit says how <see cref="Value"/> is written.</summary>
    public required IndicatorDefinition Indicator { get; init; }
}

/// <summary>What was imputed among the territory's IRIS, indicator by indicator.</summary>
internal sealed record ImputationCount(string Id, string Label, int Imputed, int Missing);

/// <summary>
/// Everything the territorial report shows, gathered from a run: the territory and the larger territories it sits in,
/// its scores and indicator values beside theirs, the contributions of the indicators to its global score, the
/// choropleth and table of its IRIS, the sources and what was imputed. <see cref="HtmlReportWriter"/> lays it out.
/// </summary>
internal sealed class TerritoryReport
{
    private TerritoryReport() { }

    public required TerritorySelection Selection { get; init; }

    /// <summary>"Métropole de Lyon (EPCI 200046977)".</summary>
    public required string TerritoryName { get; init; }

    public required IndexDefinition Definition { get; init; }

    public required string GlobalId { get; init; }

    public required IReadOnlyList<ComparedTerritory> Compared { get; init; }

    public required IReadOnlyList<ComparisonLine> Lines { get; init; }

    public required IReadOnlyList<Contribution> Contributions { get; init; }

    /// <summary>The territory's IRIS scores, and which of their rows are inside it.</summary>
    public required LevelScores Iris { get; init; }

    public required IReadOnlyList<int> IrisRows { get; init; }

    /// <summary>The name of each commune, by code, for the IRIS table.</summary>
    public required IReadOnlyDictionary<string, string> CommuneNames { get; init; }

    public ChoroplethMap? Map { get; init; }

    public required IReadOnlyList<ImputationCount> Imputations { get; init; }

    public required IReadOnlyList<string> SourceNotes { get; init; }

    public required IReadOnlyList<UnfilledIndicator> Unfilled { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>
    /// What a score's number means when it is not base 100 (classes 1–10, a source's own scale): null for the ratio
    /// method, whose page speaks of base 100 and of the reference's average.
    /// </summary>
    public string? Scale { get; init; }

    /// <summary>What the columns read from a references file are, and which indicators they have for part of France only; empty without one.</summary>
    public IReadOnlyList<string> ReferencesNotes { get; init; } = [];

    /// <summary>The nodes of the index, global score first, then its components.</summary>
    public required IReadOnlyList<NodeDefinition> Nodes { get; init; }

    public static TerritoryReport Build(RunOutcome outcome, TerritorySelection selection, Func<LevelScores, Geometry[]>? geometries)
    {
        var definition = outcome.Definition;
        var levels = outcome.Result.Levels;
        var own = levels.FirstOrDefault(l => l.Level == selection.Level)
            ?? throw new FragilityException(FailureKind.Usage, $"--territory {selection}: the run has no {selection.Level.Name()} level");
        var row = own.PositionOf(selection.Code);
        if (row < 0)
            throw new FragilityException(FailureKind.Usage, $"--territory {selection}: no {LevelNames.Singular(selection.Level)} {selection.Code} in the run's territory (it has {own.Count}, e.g. {string.Join(", ", own.Codes.Take(3))})");
        // The report lists a territory's IRIS, with their map; a territory of communes has none to list.
        if (outcome.Inputs.Territory.UnitLevel != TerritoryLevel.Iris)
            throw new FragilityException(FailureKind.Usage, $"--territory {selection}: the report lists the IRIS of a territory, and this run's units are communes (territory.unitLevel): its tables and maps are in `fragility run`'s outputs");
        var iris = levels.First(l => l.Level == TerritoryLevel.Iris);
        var irisRows = selection.RowsOf(iris);
        var global = DefinitionValidator.GlobalNode(definition);

        // With a references file, the département, the région and France are the larger input's, whole, as its run
        // scored them; without, they are the parts of them this run's input covers.
        // Their scores are this run's kind of scores only when both normalised alike: otherwise the input's columns, and a note.
        var references = outcome.References;
        var territoriesFromReferences = references is not null && references.Normalization == NationalReferences.SignatureOf(outcome.Plan.Normalization);
        var whole = references is null ? "l'ensemble étudié" : WholeOfReferences(references, lower: true);
        var compared = new List<ComparedTerritory> { new(Short(own, row), ReferenceOf(own, row, whole), own, row) };
        foreach (var larger in new[] { TerritoryLevel.Departement, TerritoryLevel.Region })
        {
            if (larger <= selection.Level) continue;
            var code = own.ParentCodes.FirstOrDefault(p => p.Level == larger).Codes?[row];
            if (code is null) continue;
            if (territoriesFromReferences && references!.Territory(larger, code) is { } national)
                compared.Add(FromReferences(references, larger, code, national, whole, definition.Indicators.Select(i => i.Id)));
            else if (levels.FirstOrDefault(l => l.Level == larger) is { } scores && scores.PositionOf(code) is var position and >= 0)
                compared.Add(new(Coverage(outcome.Inputs.Territory, larger, code) ?? Short(scores, position), ReferenceOf(scores, position, whole), scores, position));
        }

        if (territoriesFromReferences && references!.Territory(TerritoryLevel.France, "FR") is { } france)
        {
            // Not the région's column again: a references file of one région has the same units in both.
            if (!(compared.Any(c => c.Scores.Level == TerritoryLevel.Region) && references.RegionCount == 1))
                compared.Add(FromReferences(references, TerritoryLevel.France, "FR", france, whole, definition.Indicators.Select(i => i.Id)) with { Heading = WholeOfReferences(references, lower: false) });
        }
        else
        {
            // The whole run, unless it is the région's column again: a run inside one région has the same units in both.
            var regionsInRun = levels.FirstOrDefault(l => l.Level == TerritoryLevel.Region)?.Count ?? 0;
            var regionShown = compared.Any(c => c.Scores.Level == TerritoryLevel.Region);
            if (levels.FirstOrDefault(l => l.Level == TerritoryLevel.France) is { } run && !(regionShown && regionsInRun == 1))
            {
                // A run over a few départements is not France: say what the whole is.
                var departements = outcome.Inputs.Territory.Has(TerritoryLevel.Departement) ? outcome.Inputs.Territory[TerritoryLevel.Departement].Count : 0;
                var heading = departements >= 96 ? "France" : $"Ensemble étudié ({departements} dép.)";
                compared.Add(new(heading, "", run, 0));
            }
        }

        var nodes = new List<NodeDefinition>();
        if (definition.Nodes.FirstOrDefault(n => n.Id == global) is { } globalNode)
        {
            nodes.Add(globalNode);
            nodes.AddRange(globalNode.Children.Select(c => definition.Nodes.FirstOrDefault(n => n.Id == c)).OfType<NodeDefinition>());
        }

        var lines = new List<ComparisonLine>();
        foreach (var node in nodes) lines.Add(new(node.Id, node.Label, true, compared.Select(c => c.Scores[node.Id][c.Row]).ToArray()));
        foreach (var indicator in definition.Indicators)
        {
            var column = $"{indicator.Id}_value";
            if (!own.HasColumn(column)) continue;
            lines.Add(new(indicator.Id, indicator.Label, false, compared.Select(c => c.Scores.HasColumn(column) ? c.Scores[column][c.Row] : double.NaN).ToArray())
            { Indicator = indicator });
        }

        var contributions = new List<Contribution>();
        foreach (var indicator in definition.Indicators.Where(i => !i.Context && own.HasColumn($"contribution_{i.Id}")))
        {
            var points = own[$"contribution_{indicator.Id}"][row];
            var score = own[indicator.Id][row];
            // contribution = factor × score, so the same indicator at the reference average (100) would add factor × 100.
            var aboveAverage = outcome.Plan.Normalization.Method == NormalizationMethod.Ratio && score != 0 && !double.IsNaN(score) ? points - points / score * 100 : double.NaN;
            contributions.Add(new(indicator.Id, indicator.Label, indicator.SourceNote, own[$"{indicator.Id}_value"][row], score, points, aboveAverage,
                own[$"imputed_{indicator.Id}"][row] > 0)
            { Indicator = indicator });
        }

        var imputations = definition.Indicators.Where(i => !i.Context && iris.HasColumn($"imputed_{i.Id}"))
            .Select(i => new ImputationCount(i.Id, i.Label,
                irisRows.Count(r => iris[$"imputed_{i.Id}"][r] > 0),
                irisRows.Count(r => double.IsNaN(iris[$"{i.Id}_value"][r]))))
            .ToArray();

        var communes = levels.FirstOrDefault(l => l.Level == TerritoryLevel.Commune);
        var communeNames = new Dictionary<string, string>(StringComparer.Ordinal);
        if (communes is not null) for (var c = 0; c < communes.Count; c++) communeNames[communes.Codes[c]] = communes.Names[c];

        ChoroplethMap? map = null;
        if (geometries is not null && irisRows.Count > 0)
        {
            map = ChoroplethMap.Build(MapComposer.Compose(outcome, iris, geometries(iris), new MapOptions { Territory = selection }) with { Width = 900 });
        }

        return new TerritoryReport
        {
            Selection = selection,
            TerritoryName = MapComposer.TerritoryName(outcome, selection),
            Definition = definition,
            GlobalId = global,
            Compared = compared,
            Lines = lines,
            Contributions = contributions.OrderByDescending(c => double.IsNaN(c.Points) ? double.NegativeInfinity : c.Points).ToArray(),
            Iris = iris,
            IrisRows = irisRows,
            CommuneNames = communeNames,
            Map = map,
            Imputations = imputations,
            SourceNotes = SourceCredits.SourceNotes(outcome, iris, irisRows),
            Unfilled = outcome.Unfilled,
            Warnings = outcome.Warnings,
            Nodes = nodes,
            Scale = outcome.Plan.Normalization.Method == NormalizationMethod.Ratio ? null : MapComposer.ScaleNote(outcome.Plan, own.ReferenceLevel),
            ReferencesNotes = references is null ? [] : NotesOn(references, definition, territoriesFromReferences, NationalReferences.SignatureOf(outcome.Plan.Normalization)),
        };
    }

    // A column of the references file: a LevelScores of one row, so that it reads like the run's own columns.
    private static ComparedTerritory FromReferences(NationalReferences references, TerritoryLevel level, string code, ReferenceTerritory national, string whole,
        IEnumerable<string> indicators)
    {
        var columns = national.Scores.Select(s => ScoreColumn.OfReals(s.Key, ColumnRole.Score, [s.Value])).ToList();
        foreach (var id in indicators)
        {
            if (references.TryGet(level, code, id, out var value)) columns.Add(ScoreColumn.OfReals($"{id}_value", ColumnRole.Value, [value]));
        }

        var scores = new LevelScores(level, national.ComparedWith, [code], [national.Name], [national.ComparedWithCode], [], columns);
        var reference = national.ComparedWith == TerritoryLevel.France ? whole : $"{LevelNames.Singular(national.ComparedWith)} {national.ComparedWithCode}";
        return new ComparedTerritory(Short(scores, 0), level == TerritoryLevel.France ? "" : reference, scores, 0);
    }

    // "France" when the larger input had every département, "l'ensemble de référence (2 dép.)" otherwise.
    private static string WholeOfReferences(NationalReferences references, bool lower) =>
        references.DepartementCount >= 96 ? "France" : $"{(lower ? "l'e" : "E")}nsemble de référence ({references.DepartementCount} dép.)";

    // What the columns from the references file are, and which of their indicators stand for part of that input only.
    private static string[] NotesOn(NationalReferences references, IndexDefinition definition, bool territoriesFromReferences, string normalization)
    {
        var notes = new List<string>
        {
            $"Les colonnes du département, de la région et de {WholeOfReferences(references, lower: true)} viennent du fichier de références {Path.GetFileName(references.FileName)} " +
            $"(définition « {references.Definition} », {references.Units} unités) : ce sont ces territoires entiers, tels que les a calculés le calcul sur l'ensemble, " +
            "et c'est à eux que ce territoire est comparé.",
        };
        if (!territoriesFromReferences || references.Territory(TerritoryLevel.France, "FR") is null)
        {
            var why = references.Normalization != normalization
                ? $"ses territoires ont été calculés autrement ({references.Normalization}, ici {normalization})"
                : "il n'a pas les scores de ses territoires";
            notes[0] = $"Le fichier de références {Path.GetFileName(references.FileName)} (définition « {references.Definition} », {references.Units} unités, " +
                $"population connue pour {references.UnitsWithPopulation}) sert à comparer les unités de ce territoire à celles de l'ensemble, mais {why} : " +
                "les colonnes du département et de la région sont donc celles de l'entrée.";
        }

        // Classes against France: an indicator the file has no distribution of was classed among the input's units.
        if (definition.Normalization.Method == "classes")
        {
            var local = definition.Indicators.Where(i => !i.Context && !references.TryGetDistribution(i.Id, out _)).Select(i => $"« {i.Label} »").ToArray();
            if (local.Length > 0)
                notes.Add($"Sans distribution nationale dans le fichier de références, {string.Join(", ", local)} {(local.Length > 1 ? "sont classés" : "est classé")} parmi les unités de l'entrée, pas parmi celles de l'ensemble.");
        }

        var labels = definition.Indicators.ToDictionary(i => i.Id, i => i.Label, StringComparer.Ordinal);
        foreach (var partial in references.PartialIndicators.Where(c => labels.ContainsKey(c.Id)))
        {
            var departements = partial.DepartementsWithValue.Count > 0
                ? $", dans {partial.DepartementsWithValue.Count} départements sur {partial.Departements} ({string.Join(", ", partial.DepartementsWithValue.Take(12))}{(partial.DepartementsWithValue.Count > 12 ? ", …" : "")})"
                : "";
            notes.Add($"Références partielles pour « {labels[partial.Id]} » : {partial.UnitsWithValue} unités sur {partial.Units} ont une valeur{departements} ; la comparaison se fait avec cette partie.");
        }

        return [.. notes];
    }

    // A column headed with a territory's name must hold that territory's own values: when the run covers only part of
    // the département or the région, the column says so instead of borrowing the name. Coverage is counted against
    // the COG 2023 (communes of the département, départements of the région).
    private static string? Coverage(TerritoryModel territory, TerritoryLevel level, string code)
    {
        var cog = CogTable.Cog2023;
        if (level == TerritoryLevel.Region && territory.Has(TerritoryLevel.Departement) && territory.Has(TerritoryLevel.Region))
        {
            var expected = cog.DepartementsOf(code);
            var regions = territory[TerritoryLevel.Region];
            var parent = territory.ParentOf(TerritoryLevel.Departement, TerritoryLevel.Region);
            var inRun = territory[TerritoryLevel.Departement].Codes.Where((_, g) => regions.Codes[parent[g]] == code).ToHashSet(StringComparer.Ordinal);
            return expected.Count == 0 || expected.All(inRun.Contains) ? null
                : $"Ensemble étudié de la région ({inRun.Count} {Plural(inRun.Count, "département")} sur {expected.Count})";
        }

        if (level == TerritoryLevel.Departement && territory.Has(TerritoryLevel.Departement))
        {
            var expected = cog.CommunesOf(code);
            var departements = territory[TerritoryLevel.Departement];
            var parent = territory.ParentOf(TerritoryLevel.Commune, TerritoryLevel.Departement);
            var inRun = territory[TerritoryLevel.Commune].Codes.Where((_, g) => departements.Codes[parent[g]] == code)
                .Select(c => TerritoryCodes.CityOfArrondissement(c) ?? c).ToHashSet(StringComparer.Ordinal);
            var covered = expected.Count(inRun.Contains);
            return expected.Count == 0 || covered == expected.Count ? null
                : $"Ensemble étudié du département ({covered} {Plural(covered, "commune")} sur {expected.Count})";
        }

        return null;
    }

    private static string Plural(int count, string word) => count > 1 ? word + "s" : word;

    private static string Short(LevelScores scores, int row) =>
        scores.Names[row].Length > 0 ? scores.Names[row] : $"{LevelNames.Singular(scores.Level)} {scores.Codes[row]}";

    private static string ReferenceOf(LevelScores scores, int row, string whole) =>
        scores.ReferenceLevel == TerritoryLevel.France ? whole : $"{LevelNames.Singular(scores.ReferenceLevel)} {scores.ReferenceCodes[row]}";
}
