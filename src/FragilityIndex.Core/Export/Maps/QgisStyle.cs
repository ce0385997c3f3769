using System.Globalization;
using System.Text;
using System.Xml;
using FragilityIndex.Scoring;

namespace FragilityIndex.Export.Maps;

/// <summary>
/// A QGIS layer style (QML) for a level's layer: a rule-based renderer with one rule per class of the choropleth,
/// in the same bounds and colours as the PNG and SVG (<see cref="MapClasses"/>), a grey rule for missing values
/// and a hatched rule for the units set apart, and the French titles of the attributes as aliases. Stored in the GeoPackage's <c>layer_styles</c> table, QGIS applies it
/// when the layer is opened.
/// </summary>
internal static class QgisStyle
{
    /// <summary>The QML of <paramref name="score"/> on <paramref name="scores"/>, classed as <paramref name="options"/> says.</summary>
    /// <param name="scores">The level's scores, in the layer's row order.</param>
    /// <param name="score">The score column drawn (a node or indicator id).</param>
    /// <param name="options">The map's classes: their number and method.</param>
    /// <param name="setApartLabel">The legend label of the units set apart.</param>
    /// <param name="aliases">The French title of each attribute, which QGIS shows instead of its name.</param>
    public static string Qml(LevelScores scores, string score, MapOptions options, string setApartLabel, IReadOnlyList<(string Field, string Alias)> aliases)
    {
        var setApart = scores.HasColumn("small_unit") ? scores["small_unit"].Select(f => f == 1).ToArray() : null;
        var classes = MapClasses.Of(scores[score], setApart, options.Classes, options.Method);
        var field = $"\"{score}\"";
        // Units set apart are drawn by their own rule; the class rules leave them out.
        var classed = setApart is null ? "" : " AND coalesce(\"small_unit\", 0) = 0";
        var rules = new List<(string Label, string Filter, Action<XmlWriter> Symbol)>();
        for (var c = 0; c < classes.Count; c++)
        {
            var low = c == 0 ? $"{field} >= {R(classes.Bounds[0])}" : $"{field} > {R(classes.Bounds[c])}";
            var high = c == classes.Count - 1 ? "" : $" AND {field} <= {R(classes.Bounds[c + 1])}";
            var colour = classes.Colours[c];
            rules.Add((classes.Label(c), low + high + classed, xml => Fill(xml, colour, "solid")));
        }

        rules.Add(("donnée manquante", $"{field} IS NULL{classed}", xml => Fill(xml, Palette.Missing, "solid")));
        if (setApart is not null)
            rules.Add((setApartLabel, "\"small_unit\" = 1", xml =>
            {
                Fill(xml, ChoroplethMap.SetApartColour, "solid");
                Fill(xml, ChoroplethMap.HatchColour, "b_diagonal");
            }
            ));

        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false }))
        {
            xml.WriteDocType("qgis", "http://mrcc.com/qgis.dtd", "SYSTEM", null);
            xml.WriteStartElement("qgis");
            xml.WriteAttributeString("version", "3.28.0");
            xml.WriteAttributeString("styleCategories", "Symbology|Fields");
            xml.WriteStartElement("renderer-v2");
            xml.WriteAttributeString("type", "RuleRenderer");
            xml.WriteAttributeString("symbollevels", "0");
            xml.WriteAttributeString("enableorderby", "0");
            xml.WriteAttributeString("forceraster", "0");
            xml.WriteStartElement("rules");
            xml.WriteAttributeString("key", "root");
            for (var r = 0; r < rules.Count; r++)
            {
                xml.WriteStartElement("rule");
                xml.WriteAttributeString("key", $"rule{r}");
                xml.WriteAttributeString("symbol", r.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("label", rules[r].Label);
                xml.WriteAttributeString("filter", rules[r].Filter);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteStartElement("symbols");
            for (var r = 0; r < rules.Count; r++)
            {
                xml.WriteStartElement("symbol");
                xml.WriteAttributeString("type", "fill");
                xml.WriteAttributeString("name", r.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("alpha", "1");
                xml.WriteAttributeString("clip_to_extent", "1");
                xml.WriteAttributeString("force_rhr", "0");
                rules[r].Symbol(xml);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteStartElement("aliases");
            for (var a = 0; a < aliases.Count; a++)
            {
                xml.WriteStartElement("alias");
                xml.WriteAttributeString("field", aliases[a].Field);
                xml.WriteAttributeString("index", a.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("name", aliases[a].Alias);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return text.ToString();
    }

    // One fill layer of a symbol: a colour, a brush ("solid", or "b_diagonal" for hatching), thin white borders.
    private static void Fill(XmlWriter xml, string colour, string brush)
    {
        xml.WriteStartElement("layer");
        xml.WriteAttributeString("class", "SimpleFill");
        xml.WriteAttributeString("enabled", "1");
        xml.WriteAttributeString("locked", "0");
        xml.WriteAttributeString("pass", "0");
        xml.WriteStartElement("Option");
        xml.WriteAttributeString("type", "Map");
        Option(xml, "color", Rgba(colour));
        Option(xml, "style", brush);
        Option(xml, "outline_color", brush == "solid" ? "255,255,255,255" : "0,0,0,0");
        Option(xml, "outline_style", brush == "solid" ? "solid" : "no");
        Option(xml, "outline_width", "0.1");
        Option(xml, "outline_width_unit", "MM");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Option(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("Option");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("type", "QString");
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }

    // "#fecc5c" → "254,204,92,255", as QGIS writes colours.
    private static string Rgba(string hex)
    {
        var rgb = int.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return $"{(rgb >> 16) & 0xff},{(rgb >> 8) & 0xff},{rgb & 0xff},255";
    }

    // A bound as QGIS's expression parser reads it back exactly.
    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
