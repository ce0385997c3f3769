using System.Globalization;
using System.Text;
using System.Xml;

namespace FragilityIndex.Export.Maps;

/// <summary>
/// Draws a <see cref="ChoroplethMap"/> as a standalone SVG 1.1 document (or an svg element for an HTML page): one path per territory (even-odd rings, with
/// its code, name and value as a tooltip), the legend and the text in a generic sans-serif font, so it opens offline
/// and embeds as it is in the HTML report. Coordinates have one decimal: a tenth of a pixel.
/// </summary>
internal static class SvgMapWriter
{
    public static void Write(ChoroplethMap map, Stream destination, bool standalone = true)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false, OmitXmlDeclaration = !standalone, CloseOutput = false };
        using var xml = XmlWriter.Create(destination, settings);
        // Inside an HTML page the svg element needs no namespace (and the report names no URL at all).
        xml.WriteStartElement("svg", standalone ? "http://www.w3.org/2000/svg" : "");
        xml.WriteAttributeString("width", Invariant(map.Width));
        xml.WriteAttributeString("height", Invariant(map.Height));
        xml.WriteAttributeString("viewBox", $"0 0 {Invariant(map.Width)} {Invariant(map.Height)}");
        xml.WriteAttributeString("font-family", "DejaVu Sans, Arial, Helvetica, sans-serif");
        xml.WriteAttributeString("role", "img");
        Element(xml, "title", map.Title);
        Rectangle(xml, 0, 0, map.Width, map.Height, "#ffffff");
        Text(xml, ChoroplethMap.Margin, 34, map.Title, 20, bold: true);
        for (var i = 0; i < map.SubtitleLines.Count; i++)
            Text(xml, ChoroplethMap.Margin, ChoroplethMap.SubtitleTop + i * ChoroplethMap.SubtitleLineHeight, map.SubtitleLines[i], 14);

        if (map.Features.Any(f => f.Hatched))
        {
            // Diagonal lines, the hatching of territories set apart; a second fill over their own.
            xml.WriteStartElement("defs");
            xml.WriteStartElement("pattern");
            xml.WriteAttributeString("id", HatchId);
            xml.WriteAttributeString("patternUnits", "userSpaceOnUse");
            xml.WriteAttributeString("width", Invariant(ChoroplethMap.HatchSpacing));
            xml.WriteAttributeString("height", Invariant(ChoroplethMap.HatchSpacing));
            xml.WriteAttributeString("patternTransform", "rotate(45)");
            xml.WriteStartElement("line");
            xml.WriteAttributeString("x1", "0");
            xml.WriteAttributeString("y1", "0");
            xml.WriteAttributeString("x2", "0");
            xml.WriteAttributeString("y2", Invariant(ChoroplethMap.HatchSpacing));
            xml.WriteAttributeString("stroke", ChoroplethMap.HatchColour);
            xml.WriteAttributeString("stroke-width", "0.7");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteStartElement("g");
        xml.WriteAttributeString("stroke", "#ffffff");
        xml.WriteAttributeString("stroke-width", map.Features.Count > 2000 ? "0.1" : "0.4");
        xml.WriteAttributeString("stroke-linejoin", "round");
        xml.WriteAttributeString("fill-rule", "evenodd");
        var path = new StringBuilder();
        foreach (var feature in map.Features)
        {
            path.Clear();
            foreach (var ring in feature.Rings)
            {
                for (var k = 0; k < ring.Length; k++)
                    path.Append(k == 0 ? 'M' : 'L').Append(Invariant(ring[k].X)).Append(' ').Append(Invariant(ring[k].Y));
                path.Append('Z');
            }

            xml.WriteStartElement("path");
            xml.WriteAttributeString("d", path.ToString());
            xml.WriteAttributeString("fill", feature.Colour);
            var value = double.IsNaN(feature.Value) ? "donnée manquante" : ChoroplethMap.Number(feature.Value);
            Element(xml, "title", feature.Hatched ? $"{feature.Label} : {value} (à part, non classé)" : $"{feature.Label} : {value}");
            xml.WriteEndElement();
            if (feature.Hatched)
            {
                xml.WriteStartElement("path");
                xml.WriteAttributeString("d", path.ToString());
                xml.WriteAttributeString("fill", $"url(#{HatchId})");
                xml.WriteAttributeString("pointer-events", "none");
                xml.WriteEndElement();
            }
        }

        xml.WriteEndElement();
        foreach (var inset in map.Insets)
        {
            Rectangle(xml, inset.X, inset.Y, inset.Size, inset.Size, "none", "#999999");
            Text(xml, inset.X, inset.Y - 5, inset.Name, 13);
        }

        var y = map.MapTop + 14;
        Text(xml, map.LegendLeft, y, map.LegendTitle, 13, bold: true);
        foreach (var entry in map.Legend)
        {
            y += ChoroplethMap.LegendRowHeight;
            Rectangle(xml, map.LegendLeft, y - 15, 28, 18, entry.Colour, "#666666");
            if (entry.Hatched) Rectangle(xml, map.LegendLeft, y - 15, 28, 18, $"url(#{HatchId})", "#666666");
            Text(xml, map.LegendLeft + 38, y, $"{entry.Label}  ({entry.Count} {map.UnitName})", 13);
        }

        var line = map.SourcesTop;
        foreach (var source in map.SourceLines)
        {
            Text(xml, ChoroplethMap.Margin, line, source, 11, fill: "#444444");
            line += ChoroplethMap.SourceLineHeight;
        }

        xml.WriteEndElement();
    }

    private const string HatchId = "fragility-hatch";

    /// <summary>The file name of a level's map: <c>choropleth-&lt;level&gt;.svg</c>.</summary>
    public static string FileName(string level) => $"choropleth-{level}.svg";

    private static void Element(XmlWriter xml, string name, string text)
    {
        xml.WriteStartElement(name);
        xml.WriteString(text);
        xml.WriteEndElement();
    }

    private static void Rectangle(XmlWriter xml, float x, float y, float width, float height, string fill, string? stroke = null)
    {
        xml.WriteStartElement("rect");
        xml.WriteAttributeString("x", Invariant(x));
        xml.WriteAttributeString("y", Invariant(y));
        xml.WriteAttributeString("width", Invariant(width));
        xml.WriteAttributeString("height", Invariant(height));
        xml.WriteAttributeString("fill", fill);
        if (stroke is not null) xml.WriteAttributeString("stroke", stroke);
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, float x, float y, string text, int size, bool bold = false, string fill = "#222222")
    {
        xml.WriteStartElement("text");
        xml.WriteAttributeString("x", Invariant(x));
        xml.WriteAttributeString("y", Invariant(y));
        xml.WriteAttributeString("font-size", Invariant(size));
        if (bold) xml.WriteAttributeString("font-weight", "bold");
        xml.WriteAttributeString("fill", fill);
        xml.WriteString(text);
        xml.WriteEndElement();
    }

    private static string Invariant(float value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
