using FragilityIndex.Definition;
using FragilityIndex.Definition.Plan;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Territory;

/// <summary>Everything the scorer needs, read and joined: the territory and one set of columns per indicator.</summary>
internal sealed record AssembledInputs(TerritoryModel Territory, IReadOnlyList<IndicatorData> Indicators,
    IReadOnlyDictionary<string, SourceSummary> Sources, IReadOnlyList<string> Warnings)
{
    /// <summary>How each source joined the territory.</summary>
    public IReadOnlyList<JoinReport> Joins { get; init; } = [];

    /// <summary>How sources of another COG vintage were brought to the territory's.</summary>
    public IReadOnlyList<PassageReport> Passages { get; init; } = [];

    /// <summary>How long each step of reading took: each source ("read:census"), the territory, the joins.</summary>
    public IReadOnlyList<(string Step, TimeSpan Elapsed)> Timings { get; init; } = [];

    /// <summary>The sources read from synthetic files (<see cref="SourceFile.Synthetic"/>): credited as synthetic, never as a publisher's.</summary>
    public IReadOnlySet<string> SyntheticSources { get; init; } = new HashSet<string>();

    /// <summary>The population of each unit (NaN where unknown), when the territory names a population column.</summary>
    public double[]? Population { get; init; }

    /// <summary>Per unit, whether it is too small to be ranked (the definition's <c>smallUnits</c>); null when the definition sets none.</summary>
    public bool[]? SmallUnits { get; init; }

    /// <summary>For indicators of places: how many units each projected CRS measured ("EPSG:2975" → the units of La Réunion).</summary>
    public IReadOnlyDictionary<string, int> PlacesMeasuredIn { get; init; } = new Dictionary<string, int>();
}

/// <summary>
/// Reads each source once, keeping only the columns the definition uses, builds the territory from the territory
/// source, and joins every indicator's columns onto the units: directly for the territory source, by code (IRIS or
/// commune) for the others, by position for places (counted in, or measured from, each unit's contour).
/// </summary>
internal static class InputAssembler
{
    public static AssembledInputs Assemble(IndexPlan plan, SourceOpener open, TerritoryLevel referenceLevel, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var timings = new List<(string, TimeSpan)>();
        var step = time.GetTimestamp();
        void Timed(string name)
        {
            timings.Add((name, time.GetElapsedTime(step)));
            step = time.GetTimestamp();
        }

        // Which sources come from synthetic files, seen as they are opened (opened once: the opener may record them).
        var synthetic = new HashSet<string>(StringComparer.Ordinal);
        var recording = open;
        open = (sourceName, path) =>
        {
            var file = recording(sourceName, path);
            if (file.Synthetic) lock (synthetic) synthetic.Add(sourceName);
            return file;
        };

        var definition = plan.Definition;
        var territoryDefinition = definition.Territory!;
        var needs = ColumnsBySource(plan, referenceLevel);
        var tables = ReadAll(definition, needs, open, time, timings);
        step = time.GetTimestamp();

        var warnings = new List<string>();
        warnings.AddRange(tables.Values.SelectMany(t => t.Report.Notes));
        foreach (var table in tables.Values.Where(t => t.Report.RowsWithoutGeometry > 0))
            warnings.Add($"{table.FileName}: {table.Report.RowsWithoutGeometry} rows without coordinates set aside");

        var territoryTable = tables[territoryDefinition.Source];
        var parentsTable = territoryDefinition.Parents is { } parents ? tables[parents.Source] : null;
        var territory = TerritoryBuilder.Build(territoryDefinition, territoryTable, parentsTable, warnings, out var territoryRows);
        Timed("territory");
        foreach (var names in territoryDefinition.NamesFrom ?? [])
        {
            var level = TerritoryLevels.Parse(names.Level);
            if (territory.Has(level)) territory[level].NameFrom(tables[names.Source].Text[names.Code], tables[names.Source].Text[names.Name]);
        }

        var joins = new List<JoinReport>();
        var passages = new List<PassageReport>();
        double[]? populationForPassage = null;
        var rowsBySource = new Dictionary<string, int[]>(StringComparer.Ordinal) { [territoryDefinition.Source] = territoryRows };
        int[] RowsOf(string sourceName)
        {
            if (rowsBySource.TryGetValue(sourceName, out var rows)) return rows;
            if (definition.Sources[sourceName].Passage is { } passage)
            {
                tables[sourceName] = VintagePassage.Apply(tables[sourceName], definition.Sources[sourceName], tables[passage.Source], passage, territory,
                    populationForPassage, CountColumns(definition, sourceName), out var passageReport);
                passages.Add(passageReport);
                if (passageReport.CodesUnknown > 0)
                    warnings.Add($"{tables[sourceName].FileName}: {passageReport.CodesUnknown} codes are neither in the territory nor in the table de passage");
            }

            var source = definition.Sources[sourceName];
            var irisRowsSummed = 0;
            if (territory.UnitLevel == TerritoryLevel.Commune && TerritoryLevels.Parse(source.KeyLevel) == TerritoryLevel.Iris)
            {
                // A territory of communes takes an IRIS-keyed source summed to its communes, then joins it by commune code.
                tables[sourceName] = IrisToCommune.Sum(tables[sourceName], source.Key!, CountColumns(definition, sourceName), WeightOfValues(definition, sourceName),
                    territory.UnitCodes.ToHashSet(StringComparer.Ordinal), out irisRowsSummed);
                source = source with { KeyLevel = "commune" };
            }

            rows = SourceJoin.Rows(source, tables[sourceName], territory, out var report);
            if (irisRowsSummed > 0) report = report with { IrisRowsSummed = irisRowsSummed };
            joins.Add(report);
            var minimum = definition.Sources[sourceName].MinMatch;
            // A local file in front of a preset's source covers part of the territory by design: the rest keeps the
            // preset's values, and a warning counts them.
            var inFrontOfAFallback = plan.Indicators.Any(i => i.Definition.Fallback is not null && i.Definition.Source == sourceName)
                && !plan.Indicators.Any(i => i.Definition.Fallback is null && (i.Definition.Source == sourceName || i.Definition.DenominatorSource == sourceName));
            if (report.MatchedShare < minimum && !inFrontOfAFallback)
            {
                var matched = report.UnitsMatched + report.UnitsViaCity;
                throw FragilityException.InFile(tables[sourceName].FileName, 0, report.Key,
                    $"source '{sourceName}' matches {matched} of {territory.UnitCount} units by {report.KeyLevel} code ({report.MatchedShare:P0}, fewer than its minMatch {minimum:P0})"
                    + (report.UnmatchedCodes.Count > 0 ? $"; codes that match nothing: {string.Join(", ", report.UnmatchedCodes)}" : "; each of its rows matched a unit, so it covers part of the territory")
                    + (report.LikelyCause is { } cause ? $"; {cause}" : $"; if it covers part of the territory by design, set its \"minMatch\" (a share from 0 to 1)"));
            }

            if (report.UnitsUnmatched > 0)
                warnings.Add($"{tables[sourceName].FileName}: {report.UnitsUnmatched} of {territory.UnitCount} units have no row (matched by {report.KeyLevel} code '{definition.Sources[sourceName].Key}'); their values are missing");
            if (report.RowsSetAside > 0)
                warnings.Add($"{tables[sourceName].FileName}: {report.RowsSetAside} rows whose code names no territory (99999, XXXXX or empty) set aside");
            if (report.RowsRepaired > 0)
                warnings.Add($"{tables[sourceName].FileName}: {report.RowsRepaired} codes repaired (a leading zero lost, a .0 suffix, spaces, or scientific notation with every digit kept)");
            return rowsBySource[sourceName] = rows;
        }

        double[]? population = null;
        if (territoryDefinition.Population is { } populationColumn)
        {
            var populationSource = territoryDefinition.PopulationSource ?? territoryDefinition.Source;
            var populationRows = RowsOf(populationSource);
            Plausibility.CheckPopulation(tables[populationSource], populationColumn);
            population = Gather(tables[populationSource], populationColumn, populationRows);
            populationForPassage = population;
            CheckPopulationKnown(population, territory, territoryDefinition.MinPopulationKnown, tables[populationSource].FileName, populationColumn, warnings);
        }

        PlaceMeasures? places = null;
        var placesTime = TimeSpan.Zero;
        var indicators = new List<IndicatorData>();
        foreach (var planned in plan.Indicators)
        {
            var indicator = planned.Definition;
            if (planned.IsPoints)
            {
                var placesStart = time.GetTimestamp();
                var pointSources = indicator.Points!;
                places ??= new PlaceMeasures(territory);
                var points = places.Gather(pointSources.Select(p => (tables[p].FileName, tables[p].Geometries ?? throw new FragilityException(FailureKind.BadData,
                    $"source '{p}' has no coordinates: give its 'latitude' and 'longitude' columns (or 'x', 'y' and 'crs')"), tables[p].Crs!)));
                var all = Enumerable.Repeat(true, territory.UnitCount).ToArray();
                if (planned.Kind is IndicatorKind.PointsCount or IndicatorKind.PointsSum)
                {
                    var denominator = population ?? throw new FragilityException(FailureKind.BadData,
                        $"indicator '{indicator.Id}' counts places per inhabitant: the territory needs a 'population'");
                    // "sum" adds a column of the points (a local file of places with, say, their weekly hours of help).
                    var weights = planned.Kind == IndicatorKind.PointsSum ? pointSources.SelectMany(p => tables[p].Numbers[indicator.Value!]).ToArray() : null;
                    indicators.Add(IndicatorData.Share(planned, places.Count(points, weights), denominator, all));
                }
                else
                {
                    indicators.Add(IndicatorData.Value(planned, places.NearestDistanceKm(points), population ?? Enumerable.Repeat(1.0, territory.UnitCount).ToArray(), all));
                }

                placesTime += time.GetElapsedTime(placesStart);
                continue;
            }

            var data = ColumnsOf(planned);
            if (indicator.Fallback is { } fallback)
            {
                // A local file that covers part of the territory: elsewhere the indicator keeps the preset's source.
                var presetColumns = indicator with
                {
                    Source = fallback.Source,
                    Numerator = fallback.Numerator,
                    Denominator = fallback.Denominator,
                    DenominatorSource = fallback.DenominatorSource,
                    Value = fallback.Value,
                    Weight = fallback.Weight,
                    Fallback = null,
                };
                var preset = ColumnsOf(DefinitionCompiler.Plan(presetColumns));
                var taken = 0;
                for (var u = 0; u < data.Values.Length; u++)
                {
                    if (!double.IsNaN(data.Values[u]) || double.IsNaN(preset.Values[u])) continue;
                    data.Values[u] = preset.Values[u];
                    data.RollupNumerator[u] = preset.RollupNumerator[u];
                    data.RollupDenominator[u] = preset.RollupDenominator[u];
                    taken++;
                }

                if (taken > 0) warnings.Add($"indicator '{indicator.Id}': {taken} of {territory.UnitCount} units have no value in '{indicator.Source}' and keep the one of '{fallback.Source}'");
            }

            Plausibility.CheckFilled(data, indicator, tables[indicator.Source].FileName);
            indicators.Add(data);
        }

        IndicatorData ColumnsOf(PlannedIndicator planned)
        {
            var indicator = planned.Definition;
            // RowsOf first: a source of another COG vintage is replaced by its remapped table there.
            var rows = RowsOf(indicator.Source);
            var table = tables[indicator.Source];
            var factors = SourceJoin.Apportion(rows, population);
            var everyUnit = Enumerable.Repeat(true, territory.UnitCount).ToArray();
            double[]? reference = indicator.ReferenceColumns is { } referenceColumns && referenceColumns.TryGetValue(referenceLevel.Name(), out var referenceColumn)
                ? Gather(table, referenceColumn, rows)
                : null;
            if (planned.Kind == IndicatorKind.Poststratified)
            {
                var post = indicator.Poststratification!;
                var dimensions = post.Groups.Select(d => new Poststratification.Dimension(d.Key, [.. d.Value.Keys],
                    [.. d.Value.Values.Select(formula => Gather(table, formula, rows))])).ToList();
                var (estimated, bases) = Poststratification.Estimate(dimensions, RateLookup(tables[post.Rates], post));
                return IndicatorData.Share(planned, estimated, bases, everyUnit, reference, factors, factors);
            }

            if (planned.Kind == IndicatorKind.Value)
            {
                var valueColumn = indicator.Value!;
                Plausibility.CheckValueRange(indicator, table, valueColumn);
                // A value repeated on the units of its row weighs with each unit's own share of the row's weight.
                var weight = planned.Weight.Count > 0 ? Scaled(Gather(table, planned.Weight, rows), factors)
                    : population ?? Scaled(Enumerable.Repeat(1.0, territory.UnitCount).ToArray(), factors);
                return IndicatorData.Value(planned, Gather(table, planned.Value, rows), weight, everyUnit, reference);
            }

            var denominatorSource = indicator.DenominatorSource ?? indicator.Source;
            var denominatorRows = RowsOf(denominatorSource);
            Plausibility.CheckShare(indicator, table, indicator.Numerator!, tables[denominatorSource], indicator.Denominator!);
            var numerator = Gather(table, planned.Numerator, rows);
            var denominator = Gather(tables[denominatorSource], planned.Denominator, denominatorRows);
            return IndicatorData.Share(planned, numerator, denominator, everyUnit, reference, factors, SourceJoin.Apportion(denominatorRows, population));
        }

        bool[]? smallUnits = null;
        if (territoryDefinition.SmallUnits is { } small)
        {
            var types = small.TypeColumn is { } typeColumn ? tables[territoryDefinition.Source].Text[typeColumn] : null;
            var smallTypes = small.Types.ToHashSet(StringComparer.OrdinalIgnoreCase);
            smallUnits = new bool[territory.UnitCount];
            for (var u = 0; u < smallUnits.Length; u++)
            {
                smallUnits[u] = (types is not null && smallTypes.Contains(types[territoryRows[u]]))
                    || (small.MinPopulation > 0 && population is not null && population[u] < small.MinPopulation);
            }
        }

        // The joins' time, the places' measured apart (contours reprojected, counts and distances).
        Timed("join");
        if (places is not null)
        {
            timings[^1] = ("join", timings[^1].Item2 - placesTime);
            timings.Add(("measuring places", placesTime));
        }

        var summaries = tables.ToDictionary(t => t.Key, t => SourceSummary.Of(t.Value), StringComparer.Ordinal);
        return new AssembledInputs(territory, indicators, summaries, warnings)
        {
            Timings = timings,
            SmallUnits = smallUnits,
            SyntheticSources = synthetic,
            Joins = joins,
            Passages = passages,
            Population = population,
            PlacesMeasuredIn = places?.MeasuredIn ?? new Dictionary<string, int>(),
        };
    }

    // The sources are independent of each other: they are read on every core. Their files are opened first, in the
    // order of their names (a source's header file right after it), so what the opener records and prints keeps that
    // order; an error is that of the first source, by name, that has one, as if they had been read one by one.
    private static Dictionary<string, SourceTable> ReadAll(IndexDefinition definition, Dictionary<string, (List<string> Text, List<string> Numbers)> needs,
        SourceOpener open, TimeProvider time, List<(string, TimeSpan)> timings)
    {
        var names = needs.Keys.Order(StringComparer.Ordinal).ToArray();
        var opened = new Dictionary<(string, string), SourceFile>();
        foreach (var name in names)
        {
            var source = definition.Sources[name];
            opened[(name, source.Path ?? "")] = open(name, source.Path ?? "");
            if (source.Header is { } header) opened[(name, header)] = open(name, header);
        }

        SourceFile Opened(string name, string path)
        {
            lock (opened)
            {
                if (opened.TryGetValue((name, path), out var file)) return file;
            }

            var other = open(name, path);
            lock (opened) opened[(name, path)] = other;
            return other;
        }

        var tables = new SourceTable[names.Length];
        var elapsed = new TimeSpan[names.Length];
        var errors = new Exception?[names.Length];
        Parallel.For(0, names.Length, i =>
        {
            var start = time.GetTimestamp();
            try
            {
                var (text, numbers) = needs[names[i]];
                tables[i] = SourceReader.Read(names[i], definition.Sources[names[i]], Opened, text, numbers);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }

            elapsed[i] = time.GetElapsedTime(start);
        });

        if (errors.FirstOrDefault(e => e is not null) is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        for (var i = 0; i < names.Length; i++) timings.Add(($"read:{names[i]}", elapsed[i]));
        return names.Select((name, i) => (name, tables[i])).ToDictionary(t => t.name, t => t.Item2, StringComparer.Ordinal);
    }

    // Values roll up and reference values are computed weighted by the population: a unit without one weighs nothing.
    // A few such units (new IRIS codes) are a warning; many, and the département's reference would be that of the
    // units that have one (a census of the towns' IRIS only makes a rural département's reference its towns').
    private static void CheckPopulationKnown(double[] population, TerritoryModel territory, double minKnown, string fileName, string column, List<string> warnings)
    {
        var unknown = Enumerable.Range(0, population.Length).Where(u => double.IsNaN(population[u])).ToArray();
        if (unknown.Length == 0) return;
        var units = territory[territory.UnitLevel];
        var codes = string.Join(", ", unknown.Take(5).Select(u => units.Codes[units.GroupOfUnit[u]])) + (unknown.Length > 5 ? ", …" : "");
        var share = (double)unknown.Length / population.Length;
        if (1 - share < minKnown)
            throw FragilityException.InFile(fileName, 0, column,
                $"the population is unknown for {unknown.Length} of {population.Length} units ({share:P0}: {codes}); roll-ups and reference values are weighted by it, so they would rest on the {population.Length - unknown.Length} other units: give a population source that covers the territory, or lower the territory's \"minPopulationKnown\" ({minKnown:P0})");
        warnings.Add($"{fileName}: the population is unknown for {unknown.Length} of {population.Length} units ({codes}): they weigh nothing in roll-ups and reference values");
    }

    // The value columns of a source's indicators that have a weight of one column of the same source: the weight they
    // are averaged with when the source's IRIS are brought to their commune.
    private static Dictionary<string, string> WeightOfValues(IndexDefinition definition, string source)
    {
        var weights = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var indicator in definition.Indicators)
        {
            if (indicator.Source != source || indicator.Value is null || Formula.Terms(indicator.Weight).ToArray() is not [var weight]) continue;
            foreach (var column in Formula.Terms(indicator.Value)) weights.TryAdd(column, weight);
        }

        return weights;
    }

    // The columns of a source that hold counts (summable across merged communes): those of shares and weights.
    private static HashSet<string> CountColumns(IndexDefinition definition, string source)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var indicator in definition.Indicators)
        {
            if (indicator.Source == source)
            {
                columns.UnionWith(Formula.Terms(indicator.Numerator));
                columns.UnionWith(Formula.Terms(indicator.Weight));
                if (indicator.DenominatorSource is null) columns.UnionWith(Formula.Terms(indicator.Denominator));
                columns.UnionWith(indicator.Poststratification?.Groups.Values.SelectMany(g => g.Values).SelectMany(Formula.Terms) ?? []);
            }

            if (indicator.DenominatorSource == source) columns.UnionWith(Formula.Terms(indicator.Denominator));
        }

        if (definition.Territory!.PopulationSource == source && definition.Territory.Population is { } population) columns.UnionWith(Formula.Terms(population));
        return columns;
    }

    /// <summary>The text and numeric columns each source must provide.</summary>
    public static Dictionary<string, (List<string> Text, List<string> Numbers)> ColumnsBySource(IndexPlan plan, TerritoryLevel referenceLevel)
    {
        var definition = plan.Definition;
        var needs = new Dictionary<string, (List<string> Text, List<string> Numbers)>(StringComparer.Ordinal);
        (List<string> Text, List<string> Numbers) For(string source) =>
            needs.TryGetValue(source, out var existing) ? existing : needs[source] = ([], []);
        void Text(string source, string column) { if (!For(source).Text.Contains(column)) For(source).Text.Add(column); }
        void Number(string source, string column) { if (!For(source).Numbers.Contains(column)) For(source).Numbers.Add(column); }
        void NumbersOf(string source, string? formula) { foreach (var column in Formula.Terms(formula)) Number(source, column); }
        var territory = definition.Territory!;
        void Key(string source)
        {
            if (source == territory.Source) return;
            Text(source, definition.Sources[source].Key ?? throw new FragilityException(FailureKind.BadData,
                $"source '{source}' is joined to the territory but has no 'key' column"));
        }

        void ValueOrShare(string source, string? numerator, string? denominator, string? denominatorSource, string? value, string? weight)
        {
            NumbersOf(source, numerator);
            NumbersOf(source, value);
            NumbersOf(source, weight);
            if (denominator is null) return;
            Key(denominatorSource ?? source);
            NumbersOf(denominatorSource ?? source, denominator);
        }

        foreach (var column in TerritoryBuilder.TextColumns(territory)) Text(territory.Source, column);
        foreach (var names in territory.NamesFrom ?? [])
        {
            Text(names.Source, names.Code);
            Text(names.Source, names.Name);
        }

        foreach (var (name, source) in definition.Sources)
        {
            if (source.Passage is not { } passage || !needs.ContainsKey(name) && !definition.Indicators.Any(i => i.Source == name || i.DenominatorSource == name)) continue;
            Text(passage.Source, passage.From);
            Text(passage.Source, passage.To);
        }
        if (territory.Parents is { } parents)
        {
            foreach (var column in TerritoryBuilder.ParentColumns(parents)) Text(parents.Source, column);
        }

        if (territory.Population is { } population)
        {
            // A column or a formula ("P16_POP0014 + P16_POP1529 + …"), as for indicators.
            var populationSource = territory.PopulationSource ?? territory.Source;
            foreach (var column in Formula.Terms(population)) Number(populationSource, column);
            Key(populationSource);
        }

        foreach (var planned in plan.Indicators)
        {
            var indicator = planned.Definition;
            if (planned.IsPoints)
            {
                var points = indicator.Points!;
                foreach (var source in points)
                {
                    For(source);
                    if (indicator.Value is { } summed) Number(source, summed);
                }

                continue;
            }

            Key(indicator.Source);
            if (planned.Kind == IndicatorKind.Poststratified)
            {
                var post = indicator.Poststratification!;
                foreach (var formula in post.Groups.Values.SelectMany(g => g.Values)) NumbersOf(indicator.Source, formula);
                foreach (var dimension in post.Groups.Keys) Text(post.Rates, dimension);
                Number(post.Rates, post.Rate);
            }

            if (indicator.Fallback is { } fallback)
            {
                Key(fallback.Source);
                ValueOrShare(fallback.Source, fallback.Numerator, fallback.Denominator, fallback.DenominatorSource, fallback.Value, fallback.Weight);
            }

            ValueOrShare(indicator.Source, indicator.Numerator, indicator.Denominator, indicator.DenominatorSource, indicator.Value, indicator.Weight);
            if (indicator.ReferenceColumns is { } references && references.TryGetValue(referenceLevel.Name(), out var referenceColumn))
                Number(indicator.Source, referenceColumn);
        }

        return needs;
    }

    private static Func<IReadOnlyList<string>, double> RateLookup(SourceTable rates, PoststratificationDefinition post)
    {
        var dimensions = post.Groups.Keys.ToArray();
        var byCell = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        for (var r = 0; r < rates.RowCount; r++)
        {
            var key = string.Join('\u001f', dimensions.Select(d => rates.Text[d][r]));
            if (!byCell.TryAdd(key, rates.Numbers[post.Rate][r]))
                throw FragilityException.InFile(rates.FileName, rates.LineNumbers[r], post.Rate, $"a second rate for the group {string.Join(" × ", dimensions.Select(d => rates.Text[d][r]))}");
        }

        return cell => byCell.TryGetValue(string.Join('\u001f', cell), out var rate) && double.IsFinite(rate) ? rate
            : throw FragilityException.InFile(rates.FileName, 0, post.Rate, $"no rate for the group {string.Join(" × ", cell)}: expected a row with {string.Join(", ", dimensions.Zip(cell, (d, g) => $"{d} = {g}"))}");
    }

    private static double[] Scaled(double[] values, double[]? factors)
    {
        if (factors is not null) System.Numerics.Tensors.TensorPrimitives.Multiply(values, factors, values);
        return values;
    }

    private static double[] Gather(SourceTable table, string formula, int[] rows) =>
        Gather(table, Formula.SignedTerms(formula).Select(t => new FormulaTerm(t.Column, t.Sign)).ToArray(), rows);

    // A formula's value on each unit (NaN for a unit without a row): the sum of its signed columns.
    private static double[] Gather(SourceTable table, IReadOnlyList<FormulaTerm> formula, int[] rows)
    {
        double[]? result = null;
        foreach (var (column, sign) in formula)
        {
            var values = table.Numbers[column];
            if (result is null)
            {
                result = new double[rows.Length];
                for (var u = 0; u < rows.Length; u++) result[u] = rows[u] < 0 ? double.NaN : sign * values[rows[u]];
            }
            else
            {
                for (var u = 0; u < rows.Length; u++) result[u] += rows[u] < 0 ? double.NaN : sign * values[rows[u]];
            }
        }

        return result ?? throw new FragilityException(FailureKind.BadData, $"empty formula in source '{table.Name}'");
    }
}
