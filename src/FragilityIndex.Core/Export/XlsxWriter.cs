using System.IO.Compression;
using FragilityIndex.Export.Report;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace FragilityIndex.Export;

/// <summary>
/// Writes a workbook for spreadsheet users (Excel, LibreOffice Calc, and QGIS through GDAL): one sheet per level,
/// headed with the definition's French labels, codes stored as text (a code such as 07900 keeps its leading zero and
/// 2A004 is never read as a number), numbers stored at full precision with a display format (scores to one decimal,
/// values to two, ranks and deciles as whole numbers), the header row and the code column frozen, a filter on the
/// header; then a "Sources" sheet that credits, for each level, the publications that filled it.
/// </summary>
/// <remarks>
/// SpreadCheetah streams the rows into the package as they are added (strings inline, no shared-strings table held in
/// memory; elements in the default namespace, which GDAL's reader, and so QGIS, needs). It replaced the Open XML SDK,
/// whose typed schema made up half of the native executable (37 → 17 MB) and of its memory before any work. Its zip
/// stamps each entry with the clock, so the package is copied into a zip whose entries carry a fixed date: the same
/// scores give a byte-identical file.
/// </remarks>
internal static class XlsxWriter
{
    /// <summary>The file name of the workbook: all levels in one file, one sheet each.</summary>
    public const string FileName = "scores.xlsx";

    public static void Write(RunOutcome outcome, Stream destination)
    {
        using var package = new MemoryStream();
        WriteAsync(outcome, package).AsTask().GetAwaiter().GetResult();
        package.Position = 0;
        WithFixedDates(package, destination);
    }

    /// <summary>"IRIS", "Communes", "EPCI", "Départements", "Régions": short, and free of the characters Excel refuses.</summary>
    public static string SheetName(LevelScores level)
    {
        var plural = LevelNames.Plural(level.Level);
        return char.ToUpperInvariant(plural[0]) + plural[1..];
    }

    private static async ValueTask WriteAsync(RunOutcome outcome, Stream package)
    {
        // No document properties (their part carries the time of writing); the package is compressed once more below.
        var options = new SpreadCheetahOptions
        {
            DocumentProperties = null,
            CompressionLevel = SpreadCheetahCompressionLevel.Fastest,
            WriteCellReferenceAttributes = true,
            PreserveStringWhitespace = true,
        };
        await using var spreadsheet = await Spreadsheet.CreateNewAsync(package, options);
        var styles = new CellStyles(spreadsheet);
        foreach (var level in outcome.Result.Levels)
        {
            var headers = ColumnLabels.French(outcome.Definition, FeatureFields.Of(level).Select(f => f.Name).ToArray());
            await WriteSheet(spreadsheet, styles, level, headers);
        }

        await WriteSources(spreadsheet, styles, outcome);
        await spreadsheet.FinishAsync();
    }

    private static async ValueTask WriteSheet(Spreadsheet spreadsheet, CellStyles styles, LevelScores level, string[] headers)
    {
        var fields = FeatureFields.Of(level);
        // Header row and code column stay in view while scrolling; a filter on every column.
        var sheet = new WorksheetOptions
        {
            FrozenRows = 1,
            FrozenColumns = 1,
            AutoFilter = new AutoFilterOptions($"A1:{Reference(fields.Count, level.Count + 1)}"),
        };
        for (var c = 0; c < fields.Count; c++)
        {
            var width = fields[c].Kind == FieldKind.Text ? (fields[c].Name == "name" ? 32 : 12) : Math.Clamp(headers[c].Length * 0.45 + 4, 10, 28);
            sheet.Column(c + 1).Width = Math.Round(width, 1);
        }

        await spreadsheet.StartWorksheetAsync(SheetName(level), sheet);
        var row = new Cell[fields.Count];
        for (var c = 0; c < headers.Length; c++) row[c] = new Cell(new DataCell(headers[c]), styles.Header);
        await spreadsheet.AddRowAsync(row);
        var columnStyles = fields.Select(styles.Of).ToArray();
        for (var r = 0; r < level.Count; r++)
        {
            for (var c = 0; c < fields.Count; c++)
            {
                var field = fields[c];
                // A missing value is an empty cell, never a 0 a formula would average in. Numbers are written at full
                // precision (the shortest text that reads back as the same double: the CSV's digits).
                row[c] = field.Kind == FieldKind.Text ? new Cell(new DataCell(field.Text![r]), columnStyles[c])
                    : field.Numbers![r] is var value && double.IsNaN(value) ? default
                    : new Cell(new DataCell(value), columnStyles[c]);
            }

            await spreadsheet.AddRowAsync(row);
        }
    }

    private static async ValueTask WriteSources(Spreadsheet spreadsheet, CellStyles styles, RunOutcome outcome)
    {
        var sheet = new WorksheetOptions();
        sheet.Column(1).Width = 16;
        sheet.Column(2).Width = 120;
        await spreadsheet.StartWorksheetAsync("Sources", sheet);
        var row = new Cell[2];
        async ValueTask Line(string first, string second, StyleId style)
        {
            row[0] = new Cell(new DataCell(first), style);
            row[1] = new Cell(new DataCell(second), style);
            await spreadsheet.AddRowAsync(row);
        }

        await Line("Feuille", "Source des valeurs", styles.Header);
        await Line("", $"Indice de fragilité numérique, {outcome.Definition.Name}", styles.Text);
        foreach (var level in outcome.Result.Levels)
            foreach (var note in SourceCredits.SourceNotes(outcome, level))
                await Line(SheetName(level), note, styles.Text);
        foreach (var warning in outcome.Warnings.Distinct(StringComparer.Ordinal))
            await Line("Avertissement", WarningsInFrench.Of(warning), styles.Text);
    }

    // "B7": A, B, …, Z, AA, AB, … for a 1-based column, then the 1-based row.
    private static string Reference(int column, int line)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26) name = (char)('A' + ((column - 1) % 26)) + name;
        return name + line.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // The cell formats of the workbook: text ("@", so that an edited code stays text), whole numbers "0", scores "0.0",
    // values "0.00", population "#,##0", and the header (bold, wrapped, top-aligned text).
    private sealed class CellStyles(Spreadsheet spreadsheet)
    {
        public StyleId Text { get; } = spreadsheet.AddStyle(new Style { Format = NumberFormat.Standard(StandardNumberFormat.Text) });

        public StyleId Whole { get; } = spreadsheet.AddStyle(new Style { Format = NumberFormat.Standard(StandardNumberFormat.NoDecimalPlaces) });

        public StyleId Score { get; } = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("0.0") });

        public StyleId Value { get; } = spreadsheet.AddStyle(new Style { Format = NumberFormat.Standard(StandardNumberFormat.TwoDecimalPlaces) });

        public StyleId Population { get; } = spreadsheet.AddStyle(new Style { Format = NumberFormat.Standard(StandardNumberFormat.ThousandsSeparator) });

        public StyleId Header { get; } = spreadsheet.AddStyle(new Style
        {
            Format = NumberFormat.Standard(StandardNumberFormat.Text),
            Font = { Bold = true },
            Alignment = { Vertical = VerticalAlignment.Top, WrapText = true },
        });

        public StyleId Of(FeatureField field) => field switch
        {
            { Kind: FieldKind.Text } => Text,
            { Kind: FieldKind.Whole } => Whole,
            { Name: "population" } => Population,
            { Name: var name } when name.EndsWith("_value", StringComparison.Ordinal) => Value,
            _ => Score,
        };
    }

    private static readonly DateTimeOffset FixedDate = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static void WithFixedDates(Stream package, Stream destination)
    {
        using var source = new ZipArchive(package, ZipArchiveMode.Read);
        using var target = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        // The content types first, then the package's relationships, as Excel writes them: file(1)'s libmagic, among
        // others, recognises a workbook by its first entry.
        foreach (var entry in source.Entries.OrderBy(e => e.FullName switch { "[Content_Types].xml" => 0, "_rels/.rels" => 1, _ => 2 }))
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = FixedDate;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }
}
