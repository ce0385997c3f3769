using FragilityIndex.Territory;

namespace FragilityIndex.Definition;

/// <summary>A problem found in a definition: where (a JSON path) and what was expected.</summary>
internal sealed record DefinitionProblem(string Path, string Message);

/// <summary>Checks a definition once, before any data is read, and reports every problem it finds.</summary>
internal static class DefinitionValidator
{
    /// <summary>The deepest aggregation tree accepted: far beyond any index, well before a stack could overflow.</summary>
    public const int MaxTreeDepth = 64;

    /// <summary>The largest |scale| accepted: beyond it a share times its scale could overflow a double.</summary>
    public const double MaxScale = 1e12;

    public static IReadOnlyList<DefinitionProblem> Validate(IndexDefinition definition)
    {
        var problems = new List<DefinitionProblem>();
        void Problem(string path, string message) => problems.Add(new DefinitionProblem(path, message));

        if (definition.Sources.Count == 0) Problem("$.sources", "expected at least one source");
        foreach (var (name, source) in definition.Sources)
        {
            if (source.Format is not null && !SourceFormats.Names.Contains(source.Format)) Problem($"$.sources.{name}.format", $"unsupported format '{source.Format}': expected {Names(SourceFormats.Names)}");
            if (!(source.MinMatch is >= 0 and <= 1)) Problem($"$.sources.{name}.minMatch", $"expected a share between 0 and 1, found {source.MinMatch}");
            if (source.GeometryFormat is { } geometryFormat && !SourceFormats.GeometryColumnForms.Contains(geometryFormat))
                Problem($"$.sources.{name}.geometryFormat", $"unknown form '{geometryFormat}': expected {string.Join(", ", SourceFormats.GeometryColumnForms)}");
            if (source.GeometryFormat is not null && source.Geometry is null)
                Problem($"$.sources.{name}.geometryFormat", "a geometryFormat without a geometry column: expected \"geometry\": the column's name");
            if (source.Geometry is not null && (source.Latitude ?? source.X) is not null)
                Problem($"$.sources.{name}.geometry", "a geometry column and coordinate columns: give one or the other");
            if (source.Separator is { Length: not 1 }) Problem($"$.sources.{name}.separator", "expected a single character");
            if (source.DecimalMark is not ("." or ",")) Problem($"$.sources.{name}.decimal", "expected '.' or ','");
            if (source.Encoding is not null && source.Encoding.ToLowerInvariant() is not ("auto" or "utf-8" or "utf8" or "windows-1252" or "cp1252" or "latin1" or "iso-8859-1"))
                Problem($"$.sources.{name}.encoding", $"unsupported encoding '{source.Encoding}': expected utf-8, windows-1252 or auto");
            if (!source.HasHeader && (source.Columns is null || source.Columns.Count == 0) && source.Header is null)
                Problem($"$.sources.{name}.columns", "a source without a header row needs its column names or a 'header' file");
            if (source.Crs is not null && Geography.CrsCatalog.FromName(source.Crs) is null)
                Problem($"$.sources.{name}.crs", $"unknown CRS '{source.Crs}': expected one of {Names(Geography.CrsCatalog.KnownCodes.Order().Select(c => $"EPSG:{c}"))}");
            if ((source.Latitude is null) != (source.Longitude is null)) Problem($"$.sources.{name}", "give both 'latitude' and 'longitude'");
            if ((source.X is null) != (source.Y is null)) Problem($"$.sources.{name}", "give both 'x' and 'y'");
            if (source.X is not null && source.Crs is null) Problem($"$.sources.{name}.crs", "projected x/y columns need their 'crs'");
            if (source.Passage is not null && source.KeyLevel != "commune")
                Problem($"$.sources.{name}.passage", "a table de passage maps commune codes: the source's keyLevel must be 'commune'");
            if (source.Passage is { } passage && !definition.Sources.ContainsKey(passage.Source))
                Problem($"$.sources.{name}.passage.source", $"unknown source '{passage.Source}': expected one of {Names(definition.Sources.Keys)}");
            if (!TerritoryLevels.TryParse(source.KeyLevel, out var keyLevel) || keyLevel is not (TerritoryLevel.Iris or TerritoryLevel.Commune))
                Problem($"$.sources.{name}.keyLevel", $"unknown key level '{source.KeyLevel}': expected iris or commune");
        }

        if (definition.Territory is null)
        {
            Problem("$", "expected a 'territory' member naming the source of the units and its code columns");
        }
        else
        {
            if (!definition.Sources.ContainsKey(definition.Territory.Source))
                Problem("$.territory.source", $"unknown source '{definition.Territory.Source}': expected one of {Names(definition.Sources.Keys)}");
            if (!(definition.Territory.MinPopulationKnown is >= 0 and <= 1))
                Problem("$.territory.minPopulationKnown", $"expected a share between 0 and 1, found {definition.Territory.MinPopulationKnown}");
            if (definition.Territory.Parents is { } parentsTable && (parentsTable.Iris.Length == 0 || parentsTable.Commune.Length == 0))
                Problem("$.territory.parents", "expected the 'iris' and 'commune' code columns of the parents table");
            if (definition.Territory.Parents is { } parents && !definition.Sources.ContainsKey(parents.Source))
                Problem("$.territory.parents.source", $"unknown source '{parents.Source}': expected one of {Names(definition.Sources.Keys)}");
            for (var i = 0; i < (definition.Territory.NamesFrom?.Count ?? 0); i++)
            {
                var names = definition.Territory.NamesFrom![i];
                if (!TerritoryLevels.TryParse(names.Level, out var named) || named is TerritoryLevel.Iris or TerritoryLevel.France)
                    Problem($"$.territory.namesFrom[{i}].level", $"unknown level '{names.Level}': expected commune, epci, departement or region");
                if (!definition.Sources.ContainsKey(names.Source))
                    Problem($"$.territory.namesFrom[{i}].source", $"unknown source '{names.Source}': expected one of {Names(definition.Sources.Keys)}");
                if (names.Code.Length == 0 || names.Name.Length == 0)
                    Problem($"$.territory.namesFrom[{i}]", "expected its 'code' and 'name' columns");
            }
            if (definition.Territory.PopulationSource is { } populationSource && !definition.Sources.ContainsKey(populationSource))
                Problem("$.territory.populationSource", $"unknown source '{populationSource}': expected one of {Names(definition.Sources.Keys)}");
            var unitLevel = definition.Territory.UnitLevel;
            if (unitLevel is not ("iris" or "commune"))
                Problem("$.territory.unitLevel", $"unknown unit level '{unitLevel}': expected iris or commune");
            else if (!definition.Territory.Codes.ContainsKey(unitLevel))
                Problem("$.territory.codes", $"expected a{(unitLevel == "iris" ? "n" : "")} '{unitLevel}' code column: the units are {(unitLevel == "iris" ? "IRIS" : "communes")}");
            foreach (var level in definition.Territory.Codes.Keys)
            {
                if (!TerritoryLevels.TryParse(level, out var parsed) || parsed == TerritoryLevel.France)
                    Problem($"$.territory.codes.{level}", $"unknown level '{level}': expected iris, commune, epci, departement or region");
                else if (unitLevel == "commune" && parsed == TerritoryLevel.Iris)
                    Problem($"$.territory.codes.{level}", "the units are communes (unitLevel commune): an IRIS code column has no place in the territory; IRIS-keyed sources are summed to their commune");
            }

            if (unitLevel == "commune" && definition.Territory.Parents is not null)
                Problem("$.territory.parents", "the parents table is looked up by IRIS code: with commune units, give the parents' code columns in 'codes', or leave them to the COG");
            if (unitLevel == "commune" && TerritoryLevels.TryParse(definition.Normalization.Reference, out var reference) && reference == TerritoryLevel.Commune)
                Problem("$.normalization.reference", "the units are communes: each would be compared with itself; expected epci, departement, region or france");
        }

        var normalization = definition.Normalization;
        if (normalization.Method is null || !DefinitionTerms.Methods.ContainsKey(normalization.Method))
            Problem("$.normalization.method", $"unknown method '{normalization.Method}': expected {DefinitionTerms.Expected(DefinitionTerms.Methods)}");
        if (!TerritoryLevels.TryParse(normalization.Reference, out var referenceLevel) || referenceLevel == TerritoryLevel.Iris)
            Problem("$.normalization.reference", $"unknown reference level '{normalization.Reference}': expected commune, epci, departement, region or france");
        if (normalization.ReferenceValues is null || !DefinitionTerms.ReferenceValues.ContainsKey(normalization.ReferenceValues))
            Problem("$.normalization.referenceValues", $"expected 'computed' or 'columns', not '{normalization.ReferenceValues}'");
        if (normalization.Range is { } range && (range.Length != 2 || !(range[0] < range[1]) || !double.IsFinite(range[0]) || !double.IsFinite(range[1])))
            Problem("$.normalization.range", "expected two finite numbers [low, high] with low < high");
        if (normalization.Reversal is null || !DefinitionTerms.Reversals.ContainsKey(normalization.Reversal))
            Problem("$.normalization.reversal", $"unknown reversal '{normalization.Reversal}': expected {DefinitionTerms.Expected(DefinitionTerms.Reversals)}");
        if (normalization.Classes is < 2 or > 100) Problem("$.normalization.classes", "expected between 2 and 100 classes");
        if (normalization.RollUp is null || !DefinitionTerms.RollUps.ContainsKey(normalization.RollUp))
            Problem("$.normalization.rollUp", $"unknown roll-up '{normalization.RollUp}': expected {DefinitionTerms.Expected(DefinitionTerms.RollUps)}");
        else if (normalization.RollUp == "scores" && definition.Territory is { } weighed && string.IsNullOrEmpty(weighed.Population))
            Problem("$.normalization.rollUp", "rolling scores up weighs them by population: give the territory its \"population\" column");
        if (normalization.ClassRule is null || !DefinitionTerms.ClassRules.ContainsKey(normalization.ClassRule))
            Problem("$.normalization.classRule", $"unknown class rule '{normalization.ClassRule}': expected {DefinitionTerms.Expected(DefinitionTerms.ClassRules)}");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Indicators.Count; i++)
        {
            var indicator = definition.Indicators[i];
            var path = $"$.indicators[{i}]";
            if (indicator is null)
            {
                Problem(path, "expected an indicator object, found null");
                continue;
            }

            if (indicator.Source is null && indicator.Points is null) Problem($"{path}.source", "expected the name of a source, found null");
            if (!IsIdentifier(indicator.Id)) Problem($"{path}.id", $"'{indicator.Id}' is not a valid id: expected letters, digits and '_', starting with a letter");
            else if (!ids.Add(indicator.Id)) Problem($"{path}.id", $"duplicate id '{indicator.Id}'");
            foreach (var (member, source) in new[] { ("source", indicator.Points is null ? indicator.Source : null), ("denominatorSource", indicator.DenominatorSource),
                         ("poststratification.rates", indicator.Poststratification?.Rates) }.Concat(indicator.Points?.Select((p, k) => ($"points[{k}]", (string?)p)) ?? []))
            {
                if (source is not null && !definition.Sources.ContainsKey(source))
                    Problem($"{path}.{member}", $"unknown source '{source}': expected one of {Names(definition.Sources.Keys)}");
            }

            if (indicator.Fallback is { } fallback)
            {
                if (!definition.Sources.ContainsKey(fallback.Source))
                    Problem($"{path}.fallback.source", $"unknown source '{fallback.Source}': expected one of {Names(definition.Sources.Keys)}");
                if ((fallback.Value is null) == (fallback.Numerator is null || fallback.Denominator is null))
                    Problem($"{path}.fallback", "expected a 'value' column, or a 'numerator' and a 'denominator'");
                if (indicator.Points is not null || indicator.Poststratification is not null)
                    Problem($"{path}.fallback", "only value and share indicators can fall back on another source");
            }

            if (indicator.Points is { } pointSources && pointSources.Distinct(StringComparer.Ordinal).Count() != pointSources.Count)
                Problem($"{path}.points", "a source of points is listed twice: its places would count twice");
            var kinds = new[] { indicator.Value is not null && indicator.Points is null, indicator.Numerator is not null || indicator.Denominator is not null, indicator.Points is not null, indicator.Poststratification is not null }.Count(k => k);
            if (kinds > 1) Problem(path, "give one of 'value', 'numerator' and 'denominator', 'points' or 'poststratification'");
            else if (kinds == 0) Problem(path, "expected a 'value' column, a 'numerator' and a 'denominator', 'points' or 'poststratification'");
            else if ((indicator.Numerator is null) != (indicator.Denominator is null)) Problem(path, "a share needs both a numerator and a denominator");
            if (indicator.Points is not null && (indicator.Measure is null || !DefinitionTerms.Measures.ContainsKey(indicator.Measure)))
                Problem($"{path}.measure", "expected 'distance' (km to the nearest point), 'count' (points per inhabitant) or 'sum' (a column of the points, per inhabitant)");
            if (indicator.Points is not null && (indicator.Measure == "sum") != (indicator.Value is not null))
                Problem($"{path}.value", "with points, 'value' names the column that measure 'sum' adds up, and only then");
            if (indicator.Points is not null && indicator.Enabled && definition.Territory is { } t && t.Source.Length > 0 && definition.Sources.TryGetValue(t.Source, out var territorySource) && !SourceFormats.IsGeometry(territorySource))
                Problem($"{path}.points", $"points are counted in the contours of the units: the territory source '{t.Source}' must be a layer of polygons (shapefile, geojson, geojsonseq, topojson or geopackage) or a table with a \"geometry\" column");
            if (indicator.Poststratification is { } post && (post.Groups.Count == 0 || post.Groups.Values.Any(g => g.Count < 2)))
                Problem($"{path}.poststratification.groups", "expected at least one dimension of at least two groups");
            if (indicator.Polarity is null || !DefinitionTerms.Polarities.ContainsKey(indicator.Polarity))
                Problem($"{path}.polarity", $"unknown polarity '{indicator.Polarity}': expected {DefinitionTerms.Expected(DefinitionTerms.Polarities)}");
            else if (normalization.Method == "none" && !indicator.Context && DefinitionTerms.Polarities[indicator.Polarity] == Polarity.LowerIsMoreFragile)
                Problem($"{path}.polarity", "with normalization 'none' the value is its own score and is not turned around: give it already oriented, higher = more fragile");
            if (indicator.Missing is null || !DefinitionTerms.MissingPolicies.ContainsKey(indicator.Missing))
                Problem($"{path}.missing", $"unknown missing-value policy '{indicator.Missing}': expected {DefinitionTerms.Expected(DefinitionTerms.MissingPolicies)}");
            if (indicator.Points is null && indicator.Source is not null && indicator.Source != definition.Territory?.Source && definition.Sources.TryGetValue(indicator.Source, out var joined) && joined.Key is null)
                Problem($"$.sources.{indicator.Source}.key", $"source '{indicator.Source}' is joined to the territory by code: expected a 'key' column");
            if (indicator.ValueRange is { } valueRange && (valueRange.Length != 2 || !double.IsFinite(valueRange[0]) || !double.IsFinite(valueRange[1]) || valueRange[0] > valueRange[1]))
                Problem($"{path}.valueRange", "expected two finite numbers [low, high] with low <= high");
            if (indicator.ValueRange is not null && DefinitionTerms.KindOf(indicator) is not (IndicatorKind.Value or null))
                Problem($"{path}.valueRange", "only a value indicator has a range of values: a share's counts are checked on their own");
            if (!double.IsFinite(indicator.Scale) || indicator.Scale == 0 || Math.Abs(indicator.Scale) > MaxScale || Math.Abs(indicator.Scale) < 1 / MaxScale)
                Problem($"{path}.scale", $"expected a non-zero number between {1 / MaxScale:0e0} and {MaxScale:0e0} in size, found {indicator.Scale}");
            if (normalization.ReferenceValues == "columns" && !indicator.Context &&
                (indicator.ReferenceColumns is null || !indicator.ReferenceColumns.ContainsKey(referenceLevel.Name())) && normalization.Method == "ratio")
                Problem($"{path}.referenceColumns", $"reference values are read from columns, but none is given for the reference level '{referenceLevel.Name()}'");
        }

        var scored = new HashSet<string>(definition.Indicators.Where(x => x is { Context: false, Id: not null }).Select(x => x.Id), StringComparer.Ordinal);
        var nodeIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Nodes.Count; i++)
        {
            var node = definition.Nodes[i];
            var path = $"$.nodes[{i}]";
            if (node is null)
            {
                Problem(path, "expected a node object, found null");
                continue;
            }

            if (!IsIdentifier(node.Id)) Problem($"{path}.id", $"'{node.Id}' is not a valid id: expected letters, digits and '_', starting with a letter");
            else if (ids.Contains(node.Id) || !nodeIds.Add(node.Id)) Problem($"{path}.id", $"duplicate id '{node.Id}'");
            if (node.Aggregation is null || !DefinitionTerms.Aggregations.ContainsKey(node.Aggregation))
                Problem($"{path}.aggregation", $"unknown aggregation '{node.Aggregation}': expected {DefinitionTerms.Expected(DefinitionTerms.Aggregations)}");
            if (node.Children is null || node.Children.Count == 0) Problem($"{path}.children", "expected at least one child");
        }

        if (problems.Count > 0 && definition.Nodes.Any(n => n is null || n.Id is null || n.Children is null || n.Children.Any(c => c is null))) return problems;
        var allNodes = new Dictionary<string, NodeDefinition>(StringComparer.Ordinal);
        foreach (var node in definition.Nodes) allNodes.TryAdd(node.Id, node);
        for (var i = 0; i < definition.Nodes.Count; i++)
        {
            var node = definition.Nodes[i];
            for (var c = 0; c < node.Children.Count; c++)
            {
                var child = node.Children[c];
                if (!scored.Contains(child) && !allNodes.ContainsKey(child))
                    Problem($"$.nodes[{i}].children[{c}]", ids.Contains(child) ? $"'{child}' is a context indicator: it is reported, not scored" : $"unknown child '{child}': expected a scored indicator or a node id");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var c = 0; c < node.Children.Count; c++)
            {
                if (!seen.Add(node.Children[c])) Problem($"$.nodes[{i}].children[{c}]", $"'{node.Children[c]}' is listed twice: it would weigh twice (give it a weight instead)");
            }

            foreach (var (child, weight) in node.Weights ?? [])
            {
                if (!node.Children.Contains(child)) Problem($"$.nodes[{i}].weights.{child}", $"'{child}' is not a child of '{node.Id}'");
                if (!double.IsFinite(weight) || weight <= 0) Problem($"$.nodes[{i}].weights.{child}", $"expected a finite weight > 0, found {weight} (turn a child off by leaving it out)");
            }

            var total = node.Children.Sum(child => node.Weights?.GetValueOrDefault(child, 1) ?? 1);
            if (!double.IsFinite(total)) Problem($"$.nodes[{i}].weights", "the weights' sum overflows: expected weights of a sensible size");
        }

        if (problems.Count == 0 && Cycle(allNodes) is { } cycle) Problem("$.nodes", $"the nodes contain a cycle: a node cannot contain itself ({cycle})");
        if (problems.Count == 0 && Depth(allNodes) > MaxTreeDepth) Problem("$.nodes", $"the aggregation tree is more than {MaxTreeDepth} levels deep");

        if (definition.Global is not null && !nodeIds.Contains(definition.Global))
            Problem("$.global", $"unknown node '{definition.Global}'");
        else if (definition.Global is null && definition.Nodes.Count > 0)
        {
            var roots = Roots(definition);
            if (roots.Count != 1) Problem("$.global", $"expected 'global' to name the global score among the top nodes {Names(roots)}");
        }
        else if (definition.Nodes.Count == 0)
        {
            Problem("$.nodes", "expected at least one node (the global score)");
        }

        foreach (var level in definition.Levels ?? [])
        {
            if (!TerritoryLevels.TryParse(level, out var parsed) || parsed == TerritoryLevel.France)
                Problem("$.levels", $"unknown level '{level}': expected iris, commune, epci, departement or region");
        }

        return problems;
    }

    /// <summary>The nodes no other node contains.</summary>
    public static IReadOnlyList<string> Roots(IndexDefinition definition)
    {
        var contained = definition.Nodes.SelectMany(n => n.Children).ToHashSet(StringComparer.Ordinal);
        return definition.Nodes.Where(n => !contained.Contains(n.Id)).Select(n => n.Id).ToArray();
    }

    /// <summary>The global node's id: the one named, or the only root.</summary>
    public static string GlobalNode(IndexDefinition definition) => definition.Global ?? Roots(definition)[0];

    // A cycle among the nodes, as "a → b → a", or null; iterative, so that a deep tree cannot overflow the stack.
    private static string? Cycle(Dictionary<string, NodeDefinition> nodes)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var root in nodes.Keys)
        {
            if (state.GetValueOrDefault(root) != 0) continue;
            var path = new List<string>();
            var stack = new Stack<(string Id, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            path.Add(root);
            while (stack.Count > 0)
            {
                var (id, next) = stack.Pop();
                var children = nodes[id].Children;
                if (next < children.Count)
                {
                    stack.Push((id, next + 1));
                    var child = children[next];
                    if (!nodes.ContainsKey(child)) continue;
                    var childState = state.GetValueOrDefault(child);
                    if (childState == 1) return string.Join(" → ", path.SkipWhile(p => p != child).Append(child));
                    if (childState == 2) continue;
                    state[child] = 1;
                    path.Add(child);
                    stack.Push((child, 0));
                    continue;
                }

                state[id] = 2;
                path.RemoveAt(path.Count - 1);
            }
        }

        return null;
    }

    // The number of node levels of the deepest branch (an acyclic tree: a depth per node, children first).
    private static int Depth(Dictionary<string, NodeDefinition> nodes)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var deepest = 0;
        foreach (var root in nodes.Keys)
        {
            var stack = new Stack<(string Id, bool Expanded)>();
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (id, expanded) = stack.Pop();
                if (depth.ContainsKey(id)) continue;
                var children = nodes[id].Children.Where(nodes.ContainsKey).ToArray();
                if (!expanded)
                {
                    stack.Push((id, true));
                    foreach (var child in children) if (!depth.ContainsKey(child)) stack.Push((child, false));
                    continue;
                }

                depth[id] = 1 + children.Select(c => depth.GetValueOrDefault(c)).DefaultIfEmpty(0).Max();
                deepest = Math.Max(deepest, depth[id]);
            }
        }

        return deepest;
    }

    private static bool IsIdentifier(string? id) =>
        id is { Length: > 0 } && char.IsAsciiLetter(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Names(IEnumerable<string> names) => string.Join(", ", names);
}
