using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using FragilityIndex.Export.Report;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;

namespace FragilityIndex.Export;

/// <summary>
/// Writes a workbook for spreadsheet users (Excel, LibreOffice Calc, and QGIS through GDAL): one sheet per level,
/// headed with the definition's French labels, codes stored as text (a code such as 07900 keeps its leading zero and
/// 2A004 is never read as a number), numbers stored at full precision with a display format (scores to one decimal,
/// values to two, ranks and deciles as whole numbers), the header row and the code column frozen, a filter on the
/// header; then a "Sources" sheet that credits, for each level, the publications that filled it.
/// </summary>
/// <remarks>
/// The Open XML SDK builds the package (parts, content types, relationships); each part's XML is streamed through an
/// XmlWriter in the default namespace, as Excel writes it: the SDK's own serializer prefixes every element (x:c), which
/// GDAL's reader, and so QGIS, does not see. The zip the SDK makes stamps each entry with the clock, so the package is
/// copied into a zip whose entries carry a fixed date: the same scores give a byte-identical file.
/// </remarks>
internal static class XlsxWriter
{
    /// <summary>The file name of the workbook: all levels in one file, one sheet each.</summary>
    public const string FileName = "scores.xlsx";

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    // Style indices of the stylesheet below (cellXfs order).
    private const int TextStyle = 1, WholeStyle = 2, ScoreStyle = 3, ValueStyle = 4, HeaderStyle = 5, PopulationStyle = 6;

    public static void Write(RunOutcome outcome, Stream destination)
    {
        using var package = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(package, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            // Explicit relationship ids: the SDK would draw random ones, and the file would differ from run to run.
            var workbook = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rIdWorkbook");
            WritePart(workbook.AddNewPart<WorkbookStylesPart>("rIdStyles"), WriteStylesheet);
            var sheets = new List<(string Name, string Id)>();
            foreach (var level in outcome.Result.Levels)
            {
                var id = $"rIdSheet{sheets.Count + 1}";
                var headers = ColumnLabels.French(outcome.Definition, FeatureFields.Of(level).Select(f => f.Name).ToArray());
                WritePart(workbook.AddNewPart<WorksheetPart>(id), xml => WriteSheet(xml, level, headers));
                sheets.Add((SheetName(level), id));
            }

            var sourcesId = $"rIdSheet{sheets.Count + 1}";
            WritePart(workbook.AddNewPart<WorksheetPart>(sourcesId), xml => WriteSources(xml, outcome));
            sheets.Add(("Sources", sourcesId));
            WritePart(workbook, xml =>
            {
                xml.WriteStartElement("workbook", Main);
                xml.WriteAttributeString("xmlns", "r", null, Relationships);
                xml.WriteStartElement("sheets", Main);
                for (var s = 0; s < sheets.Count; s++)
                {
                    xml.WriteStartElement("sheet", Main);
                    xml.WriteAttributeString("name", sheets[s].Name);
                    xml.WriteAttributeString("sheetId", (s + 1).ToString(CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("id", Relationships, sheets[s].Id);
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
                xml.WriteEndElement();
            });
        }

        package.Position = 0;
        WithFixedDates(package, destination);
    }

    /// <summary>"IRIS", "Communes", "EPCI", "Départements", "Régions": short, and free of the characters Excel refuses.</summary>
    public static string SheetName(LevelScores level)
    {
        var plural = LevelNames.Plural(level.Level);
        return char.ToUpperInvariant(plural[0]) + plural[1..];
    }

    private static void WritePart(OpenXmlPart part, Action<XmlWriter> write)
    {
        using var stream = part.GetStream(FileMode.Create, FileAccess.Write);
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        xml.WriteStartDocument(standalone: true);
        write(xml);
        xml.WriteEndDocument();
    }

    private static void WriteSheet(XmlWriter xml, LevelScores level, string[] headers)
    {
        var fields = FeatureFields.Of(level);
        xml.WriteStartElement("worksheet", Main);
        // Header row and code column stay in view while scrolling.
        xml.WriteStartElement("sheetViews", Main);
        xml.WriteStartElement("sheetView", Main);
        xml.WriteAttributeString("workbookViewId", "0");
        xml.WriteStartElement("pane", Main);
        xml.WriteAttributeString("xSplit", "1");
        xml.WriteAttributeString("ySplit", "1");
        xml.WriteAttributeString("topLeftCell", "B2");
        xml.WriteAttributeString("activePane", "bottomRight");
        xml.WriteAttributeString("state", "frozen");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("cols", Main);
        for (var c = 0; c < fields.Count; c++)
        {
            var width = fields[c].Kind == FieldKind.Text ? (fields[c].Name == "name" ? 32 : 12) : Math.Clamp(headers[c].Length * 0.45 + 4, 10, 28);
            Column(xml, c + 1, Math.Round(width, 1));
        }

        xml.WriteEndElement();
        xml.WriteStartElement("sheetData", Main);
        StartRow(xml, 1);
        for (var c = 0; c < headers.Length; c++) TextCell(xml, c + 1, 1, headers[c], HeaderStyle);
        xml.WriteEndElement();
        var styles = fields.Select(StyleOf).ToArray();
        Span<byte> utf8 = stackalloc byte[ShortestDouble.MaxLength];
        var digits = new char[32];
        for (var row = 0; row < level.Count; row++)
        {
            var line = row + 2;
            StartRow(xml, line);
            for (var c = 0; c < fields.Count; c++)
            {
                var field = fields[c];
                if (field.Kind == FieldKind.Text)
                {
                    TextCell(xml, c + 1, line, field.Text![row], TextStyle);
                    continue;
                }

                // A missing value is no cell at all, never a 0 a formula would average in.
                var value = field.Numbers![row];
                if (double.IsNaN(value)) continue;
                xml.WriteStartElement("c", Main);
                xml.WriteAttributeString("r", Reference(c + 1, line));
                xml.WriteAttributeString("s", styles[c].ToString(CultureInfo.InvariantCulture));
                xml.WriteStartElement("v", Main);
                // The shortest text that reads back as the same double: full precision, the CSV's digits.
                var written = ShortestDouble.Format(value, utf8);
                for (var i = 0; i < written; i++) digits[i] = (char)utf8[i];
                xml.WriteChars(digits, 0, written);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteStartElement("autoFilter", Main);
        xml.WriteAttributeString("ref", $"A1:{Reference(fields.Count, level.Count + 1)}");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteSources(XmlWriter xml, RunOutcome outcome)
    {
        xml.WriteStartElement("worksheet", Main);
        xml.WriteStartElement("cols", Main);
        Column(xml, 1, 16);
        Column(xml, 2, 120);
        xml.WriteEndElement();
        xml.WriteStartElement("sheetData", Main);
        var line = 1;
        void Line(string first, string second, int style = TextStyle)
        {
            StartRow(xml, line);
            TextCell(xml, 1, line, first, style);
            TextCell(xml, 2, line, second, style);
            xml.WriteEndElement();
            line++;
        }

        Line("Feuille", "Source des valeurs", HeaderStyle);
        Line("", $"Indice de fragilité numérique, {outcome.Definition.Name}");
        foreach (var level in outcome.Result.Levels)
            foreach (var note in SourceCredits.SourceNotes(outcome, level))
                Line(SheetName(level), note);
        foreach (var warning in outcome.Warnings.Distinct(StringComparer.Ordinal))
            Line("Avertissement", WarningsInFrench.Of(warning));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Column(XmlWriter xml, int column, double width)
    {
        xml.WriteStartElement("col", Main);
        xml.WriteAttributeString("min", column.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("max", column.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("width", width.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("customWidth", "1");
        xml.WriteEndElement();
    }

    private static void StartRow(XmlWriter xml, int line)
    {
        xml.WriteStartElement("row", Main);
        xml.WriteAttributeString("r", line.ToString(CultureInfo.InvariantCulture));
    }

    // An inline string: no shared-strings table to hold in memory while the rows stream out.
    private static void TextCell(XmlWriter xml, int column, int line, string text, int style)
    {
        xml.WriteStartElement("c", Main);
        xml.WriteAttributeString("r", Reference(column, line));
        xml.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("t", "inlineStr");
        xml.WriteStartElement("is", Main);
        xml.WriteStartElement("t", Main);
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))) xml.WriteAttributeString("xml", "space", null, "preserve");
        xml.WriteString(text);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static int StyleOf(FeatureField field) => field switch
    {
        { Kind: FieldKind.Whole } => WholeStyle,
        { Name: "population" } => PopulationStyle,
        { Name: var name } when name.EndsWith("_value", StringComparison.Ordinal) => ValueStyle,
        _ => ScoreStyle,
    };

    // "B7": A, B, …, Z, AA, AB, … for a 1-based column, then the 1-based row.
    private static string Reference(int column, int line)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26) name = (char)('A' + ((column - 1) % 26)) + name;
        return name + line.ToString(CultureInfo.InvariantCulture);
    }

    // Cell formats, in the order of the style constants above: 0 default, 1 text (@, so an edited code stays text),
    // 2 whole "0", 3 score "0.0" (custom 164), 4 value "0.00", 5 header (bold, wrapped, text), 6 population "#,##0".
    private static void WriteStylesheet(XmlWriter xml)
    {
        xml.WriteStartElement("styleSheet", Main);
        xml.WriteStartElement("numFmts", Main);
        xml.WriteAttributeString("count", "1");
        xml.WriteStartElement("numFmt", Main);
        xml.WriteAttributeString("numFmtId", "164");
        xml.WriteAttributeString("formatCode", "0.0");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteRaw("""<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>""");
        xml.WriteRaw("""<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>""");
        xml.WriteRaw("""<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>""");
        xml.WriteRaw("""<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>""");
        xml.WriteRaw("""<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"""
            + """<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"""
            + """<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"""
            + """<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"""
            + """<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"""
            + """<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"""
            + """<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>""");
        xml.WriteRaw("""<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>""");
        xml.WriteEndElement();
    }

    private static readonly DateTimeOffset FixedDate = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static void WithFixedDates(Stream package, Stream destination)
    {
        using var source = new ZipArchive(package, ZipArchiveMode.Read);
        using var target = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = FixedDate;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }
}
