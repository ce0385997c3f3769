using System.Globalization;
using System.Net;
using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Export.Maps;

namespace FragilityIndex.Export.Report;

/// <summary>
/// Lays out a <see cref="TerritoryReport"/> as one self-contained HTML page in French: its style, its map (inline
/// SVG) and the few lines of script that sort the IRIS table are inside the page, so it opens offline and fetches
/// nothing. The same run gives the same bytes (no date, no random identifiers).
/// </summary>
internal static class HtmlReportWriter
{
    /// <summary>The report's file name.</summary>
    public const string FileName = "report.html";

    private const string Style = """
        body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#222;margin:0;background:#f6f6f4}
        main{max-width:1000px;margin:0 auto;padding:24px 32px 48px;background:#fff}
        h1{font-size:1.7em;margin:.2em 0}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:2px solid #bd0026;padding-bottom:4px}
        p.lead{font-size:1.05em;color:#444}.big{font-size:2.2em;font-weight:bold;color:#bd0026}
        table{border-collapse:collapse;width:100%;font-size:.9em;margin:.5em 0}
        .scroll{overflow:auto;max-width:100%}.scroll.tall{max-height:70vh}
        .scroll td:first-child,.scroll th:first-child{position:sticky;left:0;background:#fff;z-index:1}.scroll th:first-child{background:#f0efe9}
        .scroll.tall thead th{position:sticky;top:0;z-index:2}
        th,td{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        th{background:#f0efe9}table.compare td:first-child{width:40%;min-width:14em}tr.score td{font-weight:bold}
        table.compare th.n{white-space:normal;min-width:9em}
        table.sortable th{cursor:pointer}table.sortable th:after{content:" \2195";color:#999}
        .bar{display:inline-block;height:12px;vertical-align:middle}.up{background:#e31a1c}.down{background:#2c7fb8}
        .bars{width:220px}.neg,.pos{display:inline-block;width:50%}.neg{text-align:right}
        .note{color:#555;font-size:.85em}.imputed{color:#8a5a00}tr.apart td{color:#555;background:repeating-linear-gradient(45deg,#fff,#fff 4px,#f3f3f3 4px,#f3f3f3 6px)}
        figure{margin:0}svg{max-width:100%;height:auto}
        details{margin:.5em 0}
        """;

    // Sorts a table by the clicked column: numbers by their data-v, text in French collation order.
    private const string Script = """
        document.querySelectorAll("table.sortable").forEach(function(t){
          t.querySelectorAll("th").forEach(function(th,i){
            th.addEventListener("click",function(){
              var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),up=th.getAttribute("data-dir")!=="up";
              t.querySelectorAll("th").forEach(function(h){h.removeAttribute("data-dir")});
              th.setAttribute("data-dir",up?"up":"down");
              rows.sort(function(x,y){
                var a=x.cells[i],c=y.cells[i],va=a.getAttribute("data-v"),vc=c.getAttribute("data-v"),r;
                if(va!==null&&vc!==null){r=(va===""?Infinity:+va)-(vc===""?Infinity:+vc)}else{r=a.textContent.localeCompare(c.textContent,"fr")}
                return up?r:-r});
              rows.forEach(function(r){b.appendChild(r)})})})});
        """;

    public static void Write(TerritoryReport report, Stream destination)
    {
        var html = new StringBuilder();
        var own = report.Compared[0];
        var globalLabel = report.Nodes.Count > 0 ? report.Nodes[0].Label : report.GlobalId;
        html.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Fragilité numérique : ").Append(E(report.TerritoryName)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        html.Append("<p class=\"note\">Indice de fragilité numérique — définition « ").Append(E(report.Definition.Name)).Append(" »</p>\n");
        html.Append("<h1>").Append(E(report.TerritoryName)).Append("</h1>\n");

        // In brief: the global score, its base, its rank among the territories compared with the same reference.
        var global = own.Scores[report.GlobalId][own.Row];
        html.Append("<p class=\"lead\"><span class=\"big\">").Append(Fr(global, 1)).Append("</span> ").Append(E(Lower(globalLabel)));
        if (report.Scale is { } scale) html.Append(" (").Append(E(scale)).Append(" ; référence : ").Append(E(own.Reference)).Append(").");
        else html.Append(" (base 100 = moyenne ").Append(E(Of(own.Reference))).Append(").");
        if (own.Scores.HasColumn($"{report.GlobalId}_rank") && !double.IsNaN(own.Scores[$"{report.GlobalId}_rank"][own.Row]))
        {
            var peers = Enumerable.Range(0, own.Scores.Count).Count(r => own.Scores.ReferenceCodes[r] == own.Scores.ReferenceCodes[own.Row]);
            html.Append(" Rang ").Append(Fr(own.Scores[$"{report.GlobalId}_rank"][own.Row], 0)).Append(" sur ").Append(peers)
                // Ranked among this run's territories of the same reference: with France as the reference, those of the input.
                .Append(' ').Append(E(LevelNames.Plural(own.Scores.Level))).Append(' ').Append(E(own.Scores.ReferenceLevel == TerritoryLevel.France ? "de l'ensemble étudié" : Of(own.Reference)))
                .Append(" (1 = le plus fragile), décile ").Append(Fr(own.Scores[$"{report.GlobalId}_decile"][own.Row], 0)).Append(" sur 10.");
        }

        html.Append("</p>\n<p>Plus un score est élevé, plus le risque d'exclusion numérique est fort. ");
        if (report.Scale is { } scaled)
            html.Append("Les scores sont ").Append(E(scaled)).Append(" ; chaque score place le territoire parmi ceux de son territoire de référence, indiqué sous son nom.</p>\n");
        else
            html.Append("Un score de 100 est celui de la moyenne du territoire de référence ; chaque score compare le territoire à son propre territoire de référence, indiqué sous son nom.</p>\n");

        WriteComparison(html, report);
        WriteContributions(html, report, global);
        if (report.Map is { ClassCount: < 2 } flat)
        {
            // A map of one colour says nothing: a sentence says what it would have shown.
            var value = report.IrisRows.Select(r => report.Iris[report.GlobalId][r]).FirstOrDefault(double.IsFinite, double.NaN);
            html.Append("<h2>Carte des IRIS</h2>\n<p>Pas de carte : ").Append(double.IsNaN(value)
                ? "aucun IRIS classé du territoire n'a de score."
                : $"tous les IRIS classés du territoire ont le même score ({Fr(value, 1)}), une carte n'aurait qu'une couleur.").Append("</p>\n");
        }
        else if (report.Map is { } map)
        {
            html.Append("<h2>Carte des IRIS</h2>\n<figure>");
            using var svg = new MemoryStream();
            SvgMapWriter.Write(map, svg, standalone: false);
            html.Append(Encoding.UTF8.GetString(svg.ToArray()));
            html.Append("</figure>\n<p class=\"note\">Survoler un IRIS affiche son code, son nom et son score. Classes par quantiles : chacune regroupe autant d'IRIS.</p>\n");
        }

        WriteIrisTable(html, report);
        WriteSources(html, report);
        html.Append("<p class=\"note\">Rapport produit par FragilityIndex à partir de la définition « ").Append(E(report.Definition.Name))
            .Append(" » ; les fichiers lus, leurs empreintes et les avertissements complets sont dans le fichier run.json écrit à côté de ce rapport.</p>\n");
        html.Append("</main>\n<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        var bytes = new UTF8Encoding(false).GetBytes(html.ToString());
        destination.Write(bytes);
    }

    private static void WriteComparison(StringBuilder html, TerritoryReport report)
    {
        // Wide tables scroll inside themselves, their first column fixed, so the page keeps its width.
        html.Append("<h2>Le territoire et ses territoires de référence</h2>\n<div class=\"scroll\">\n<table class=\"compare\">\n<thead><tr><th></th>");
        foreach (var column in report.Compared)
        {
            html.Append("<th class=\"n\">").Append(E(column.Heading));
            if (column.Reference.Length > 0) html.Append("<br><span class=\"note\">").Append(report.Scale is null ? "base 100 : " : "référence : ").Append(E(column.Reference)).Append("</span>");
            html.Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        var firstValue = true;
        foreach (var line in report.Lines)
        {
            if (!line.IsScore && firstValue)
            {
                html.Append("<tr><th colspan=\"").Append(report.Compared.Count + 1).Append("\">Valeurs des indicateurs</th></tr>\n");
                firstValue = false;
            }

            html.Append(line.IsScore ? "<tr class=\"score\">" : "<tr>").Append("<td>").Append(E(line.Label)).Append("</td>");
            foreach (var value in line.Values) html.Append("<td class=\"n\">").Append(line.Indicator is { } indicator ? ValueUnits.Format(value, indicator) : Fr(value, 1)).Append("</td>");
            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n<p class=\"note\">");
        if (report.ReferencesNotes.Count == 0 && report.Scale is null) html.Append("Les scores de l'ensemble étudié valent 100 par construction. ");
        html.Append("Les valeurs des territoires sont des rapports de sommes sur leurs IRIS, pas des moyennes de moyennes.</p>\n");
        foreach (var note in report.ReferencesNotes) html.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");
    }

    private static void WriteContributions(StringBuilder html, TerritoryReport report, double global)
    {
        html.Append("<h2>Pourquoi ce score ?</h2>\n<p>Le score global est une moyenne pondérée des scores des indicateurs : chaque indicateur y apporte des points, ")
            .Append("et ces points s'additionnent au score global (").Append(Fr(global, 1)).Append(").")
            .Append(report.Scale is null ? " La dernière colonne dit combien de points l'indicateur ajoute (rouge) ou retire (bleu) par rapport à un territoire qui serait dans la moyenne sur cet indicateur." : "")
            .Append("</p>\n");
        // The gap to the average is the ratio method's (a score of 100); other scales have no average to compare with.
        var gaps = report.Scale is null;
        html.Append("<table>\n<thead><tr><th>Indicateur</th><th class=\"n\">Valeur</th><th class=\"n\">Score</th><th class=\"n\">Points apportés</th>")
            .Append(gaps ? "<th class=\"n\">Écart à la moyenne</th><th class=\"bars\"></th>" : "").Append("</tr></thead>\n<tbody>\n");
        var largest = report.Contributions.Select(c => Math.Abs(c.PointsAboveAverage)).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        foreach (var c in report.Contributions)
        {
            html.Append("<tr><td>").Append(E(c.Label));
            if (c.Imputed) html.Append(" <span class=\"imputed\">(valeur imputée)</span>");
            html.Append("</td><td class=\"n\">").Append(ValueUnits.Format(c.Value, c.Indicator)).Append("</td><td class=\"n\">").Append(Fr(c.Score, 1))
                .Append("</td><td class=\"n\">").Append(Fr(c.Points, 2)).Append("</td>");
            if (!gaps)
            {
                html.Append("</tr>\n");
                continue;
            }

            html.Append("<td class=\"n\">").Append(Signed(c.PointsAboveAverage)).Append("</td><td class=\"bars\">");
            var width = largest > 0 && double.IsFinite(c.PointsAboveAverage) ? Math.Round(100 * Math.Abs(c.PointsAboveAverage) / largest) : 0;
            var bar = $"<span class=\"bar {(c.PointsAboveAverage >= 0 ? "up" : "down")}\" style=\"width:{width.ToString(CultureInfo.InvariantCulture)}%\"></span>";
            html.Append("<span class=\"neg\">").Append(c.PointsAboveAverage < 0 ? bar : "").Append("</span><span class=\"pos\">").Append(c.PointsAboveAverage >= 0 ? bar : "").Append("</span>");
            html.Append("</td></tr>\n");
        }

        html.Append("<tr class=\"score\"><td>Total</td><td></td><td></td><td class=\"n\">")
            .Append(Fr(report.Contributions.Where(c => !double.IsNaN(c.Points)).Sum(c => c.Points), 2)).Append(gaps ? "</td><td></td><td></td></tr>\n" : "</td></tr>\n").Append("</tbody>\n</table>\n");
    }

    private static void WriteIrisTable(StringBuilder html, TerritoryReport report)
    {
        var iris = report.Iris;
        var communeCodes = iris.ParentCodes.FirstOrDefault(p => p.Level == TerritoryLevel.Commune).Codes;
        var small = iris.HasColumn("small_unit") ? iris["small_unit"] : null;
        bool IsSmall(int row) => small is not null && small[row] == 1;
        var global = iris[report.GlobalId];
        // Most fragile first; the small IRIS, which have no rank, in a part of their own below the ranked ones.
        var ranked = report.IrisRows.Where(r => !IsSmall(r)).OrderByDescending(r => double.IsNaN(global[r]) ? double.NegativeInfinity : global[r]).ThenBy(r => iris.Codes[r], StringComparer.Ordinal).ToArray();
        var apart = report.IrisRows.Where(IsSmall).OrderBy(r => iris.Codes[r], StringComparer.Ordinal).ToArray();
        html.Append("<h2>Les IRIS du territoire (").Append(report.IrisRows.Count).Append(")</h2>\n")
            .Append("<p class=\"note\">Du plus fragile au moins fragile ; cliquer sur un en-tête trie le tableau. Scores ")
            .Append(report.Scale is { } irisScale ? E(irisScale) : "en base 100 = moyenne du territoire de référence de chaque IRIS").Append(".</p>\n");
        if (apart.Length > 0)
            html.Append("<p class=\"note\">").Append(E(MapComposer.SmallUnitsNote(report.Definition, TerritoryLevel.Iris)))
                .Append(" Ils sont listés à part, en bas du tableau (").Append(apart.Length).Append(" IRIS).</p>\n");
        html.Append("<div class=\"scroll tall\">\n<table class=\"sortable\">\n<thead><tr><th>IRIS</th><th>Nom</th><th>Commune</th>");
        if (iris.HasColumn("population")) html.Append("<th class=\"n\">Population (habitants)</th>");
        foreach (var node in report.Nodes) html.Append("<th class=\"n\">").Append(E(node.Label)).Append(report.Scale is null ? " (base 100)" : "").Append("</th>");
        html.Append("<th class=\"n\">Décile (10 = les plus fragiles)</th></tr></thead>\n<tbody>\n");
        void Row(int row)
        {
            var commune = communeCodes?[row] ?? "";
            html.Append(IsSmall(row) ? "<tr class=\"apart\">" : "<tr>").Append("<td>").Append(E(iris.Codes[row])).Append("</td><td>").Append(E(iris.Names[row]));
            html.Append("</td><td>").Append(E(report.CommuneNames.GetValueOrDefault(commune, commune))).Append("</td>");
            if (iris.HasColumn("population")) Cell(html, iris["population"][row], 0);
            foreach (var node in report.Nodes) Cell(html, iris[node.Id][row], 1);
            if (IsSmall(row)) html.Append("<td class=\"n\">non classé</td>");
            else Cell(html, iris.HasColumn($"{report.GlobalId}_decile") ? iris[$"{report.GlobalId}_decile"][row] : double.NaN, 0);
            html.Append("</tr>\n");
        }

        foreach (var row in ranked) Row(row);
        html.Append("</tbody>\n");
        if (apart.Length > 0)
        {
            // A body of its own: sorting the table sorts the ranked IRIS and leaves these below them.
            html.Append("<tbody class=\"apart\">\n<tr><th colspan=\"").Append(4 + report.Nodes.Count + (iris.HasColumn("population") ? 1 : 0))
                .Append("\">Petits IRIS, à part (non classés)</th></tr>\n");
            foreach (var row in apart) Row(row);
            html.Append("</tbody>\n");
        }

        html.Append("</table>\n</div>\n");
    }

    private static void WriteSources(StringBuilder html, TerritoryReport report)
    {
        html.Append("<h2>Sources, imputations et limites</h2>\n");
        if (report.SourceNotes.Count == 0) html.Append("<p>La définition ne nomme pas ses sources (champ <code>sourceNote</code>).</p>\n");
        else
        {
            html.Append("<ul>\n");
            foreach (var note in report.SourceNotes) html.Append("<li>").Append(E(note)).Append("</li>\n");
            html.Append("</ul>\n");
        }
        var imputed = report.Imputations.Where(i => i.Imputed > 0 || i.Missing > 0).ToArray();
        if (imputed.Length == 0)
        {
            html.Append("<p>Aucune valeur n'a été imputée pour les IRIS de ce territoire.</p>\n");
        }
        else
        {
            html.Append("<p>Pour certains IRIS, une source ne donnait pas de valeur : la valeur a été prise de la commune (ou du territoire englobant), ")
                .Append("ou l'indicateur a été laissé de côté et son poids réparti sur les autres.</p>\n<table>\n<thead><tr><th>Indicateur</th><th class=\"n\">IRIS à valeur imputée</th><th class=\"n\">IRIS sans valeur</th></tr></thead>\n<tbody>\n");
            foreach (var i in imputed)
                html.Append("<tr><td>").Append(E(i.Label)).Append("</td><td class=\"n\">").Append(i.Imputed).Append(" sur ").Append(report.IrisRows.Count)
                    .Append("</td><td class=\"n\">").Append(i.Missing).Append("</td></tr>\n");
            html.Append("</tbody>\n</table>\n");
        }

        if (report.Unfilled.Count > 0)
        {
            html.Append("<p>Indicateurs de la définition non calculés : ");
            html.Append(string.Join(" ; ", report.Unfilled.Select(u => $"{E(u.Id)} ({E(InFrench(u.Reason))})"))).Append(".</p>\n");
        }

        if (report.Warnings.Count > 0)
        {
            html.Append("<details><summary>Avertissements de la lecture des données (").Append(report.Warnings.Count).Append(")</summary>\n<ul>\n");
            foreach (var warning in report.Warnings) html.Append("<li class=\"note\">").Append(E(WarningsInFrench.Of(warning))).Append("</li>\n");
            html.Append("</ul>\n</details>\n");
        }
    }

    private static void Cell(StringBuilder html, double value, int decimals) =>
        html.Append("<td class=\"n\" data-v=\"").Append(double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture)).Append("\">")
            .Append(Fr(value, decimals)).Append("</td>");


    /// <summary>A number in French: decimal comma, thin spaces between thousands, a dash when missing.</summary>
    public static string Fr(double value, int decimals)
    {
        if (double.IsNaN(value)) return "–";
        var text = value.ToString(decimals == 0 ? "#,0" : "#,0." + new string('0', decimals), CultureInfo.InvariantCulture);
        return text.Replace(",", "\u202F", StringComparison.Ordinal).Replace('.', ',');
    }

    // The reasons run.json gives in English, as the page says them.
    private static string InFrench(string reason) =>
        reason == "turned off by the definition" ? "désactivé par la définition"
        : reason.StartsWith("no file given for ", StringComparison.Ordinal) ? $"aucun fichier fourni pour {reason["no file given for ".Length..]}"
        : reason;


    private static string Signed(double value) => double.IsNaN(value) ? "–" : (value > 0 ? "+" : value < 0 ? "−" : "") + Fr(Math.Abs(value), 2);

    // "du département 69", "de la région 84", "de l'EPCI …", "de l'ensemble étudié".
    private static string Of(string reference) =>
        reference.StartsWith("l'", StringComparison.Ordinal) ? "de " + reference
        : reference.StartsWith("EPCI", StringComparison.Ordinal) || reference.StartsWith("IRIS", StringComparison.Ordinal) ? "de l'" + reference
        : reference.StartsWith("département", StringComparison.Ordinal) ? "du " + reference
        : "de la " + reference;

    private static string Lower(string text) => text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
