using FragilityIndex.Definition;
using FragilityIndex.Territory;

namespace FragilityIndex.Export;

/// <summary>The column headers of the score tables: the engine's ids, or French labels for spreadsheet users.</summary>
internal enum ColumnHeaders
{
    /// <summary><c>menages_seuls_value</c>: stable names for scripts and joins.</summary>
    Ids,

    /// <summary>"Part des ménages d'une personne (valeur)": the definition's labels, in French.</summary>
    French,
}

/// <summary>
/// Turns the columns of a score table into French headers from the definition's labels: an indicator's value, score,
/// points and imputation flag, a node's score, rank and decile, the codes. Every header stays unique (a label two
/// indicators share gets the id in brackets).
/// </summary>
internal static class ColumnLabels
{
    public static string[] French(IndexDefinition definition, IReadOnlyList<string> columns)
    {
        var labels = definition.Indicators.Where(i => i.Label.Length > 0).ToDictionary(i => i.Id, i => i.Label, StringComparer.Ordinal);
        foreach (var node in definition.Nodes) labels[node.Id] = node.Label.Length > 0 ? node.Label : node.Id == DefinitionValidator.GlobalNode(definition) ? "Score global" : node.Id;
        string Label(string id) => labels.GetValueOrDefault(id) ?? id;
        bool IsIndicator(string id) => definition.Indicators.Any(i => i.Id == id);

        string Of(string column)
        {
            if (column == "code") return "Code";
            if (column == "name") return "Nom";
            if (column == "reference_code") return "Code du territoire de référence";
            if (column == "population") return "Population";
            if (column == "small_unit") return "Petit IRIS, non classé (1 = oui)";
            if (column.EndsWith("_code", StringComparison.Ordinal) && TerritoryLevels.TryParse(column[..^5], out var level)) return $"Code {LevelNames.Singular(level)}";
            if (column.StartsWith("contribution_", StringComparison.Ordinal)) return $"{Label(column["contribution_".Length..])} (points apportés au score global)";
            if (column.StartsWith("imputed_", StringComparison.Ordinal)) return $"{Label(column["imputed_".Length..])} (valeur imputée, 1 = oui)";
            if (column.EndsWith("_value", StringComparison.Ordinal)) return $"{Label(column[..^6])} (valeur)";
            if (column.EndsWith("_rank_france", StringComparison.Ordinal)) return $"{Label(column[..^12])} (rang dans l'ensemble)";
            if (column.EndsWith("_decile_france", StringComparison.Ordinal)) return $"{Label(column[..^14])} (décile dans l'ensemble)";
            if (column.EndsWith("_rank", StringComparison.Ordinal)) return $"{Label(column[..^5])} (rang, 1 = le plus fragile)";
            if (column.EndsWith("_decile", StringComparison.Ordinal)) return $"{Label(column[..^7])} (décile, 10 = les plus fragiles)";
            return IsIndicator(column) ? $"{Label(column)} (score)" : Label(column);
        }

        var headers = columns.Select(Of).ToArray();
        // Two indicators may share a label: their columns keep the id, so no header is given twice.
        var counts = headers.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return headers.Select((h, i) => counts.Contains(h) ? $"{h} [{columns[i]}]" : h).ToArray();
    }
}
