using System.Globalization;
using System.Text.Json;
using FragilityIndex.Tests;

namespace FragilityIndex.Cli.Tests;

/// <summary>
/// The workbook read back by an independent reader, openpyxl (Debian's python3-openpyxl), and compared cell by cell
/// with the CSV of the same run: codes are text with their leading zeros, numbers are the CSV's numbers at full
/// precision with a display format, missing values are empty cells, headers are French.
/// </summary>
public sealed class XlsxExportTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-xlsx-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    // Dumps every sheet as rows of [value, data type, number format]; numbers as repr() so no digit is lost on the way.
    private const string Dump = """
        import json, sys, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        out = {}
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows():
                rows.append([[None if c.value is None else (repr(c.value) if isinstance(c.value, float) else str(c.value)), c.data_type, c.number_format] for c in row])
            out[sheet.title] = {"rows": rows, "freeze": sheet.freeze_panes, "filter": sheet.auto_filter.ref}
        print(json.dumps(out))
        """;

    private static string PythonWithOpenpyxl()
    {
        // The Debian interpreter: a pyenv python3 earlier on PATH does not see Debian's python3-openpyxl.
        const string python = "/usr/bin/python3";
        if (File.Exists(python) && FragilityProcess.Run(python, "/", ["-c", "import openpyxl"]).Exit == 0) return python;
        if (FragilityProcess.OnCi) throw new FileNotFoundException("CI=true and python3-openpyxl is not installed: .ci/run should have installed it");
        throw new SkipException("python3-openpyxl is not installed");
    }

    [SkippableFact]
    public void Workbook_ReadByOpenpyxl_HoldsTheCsvValuesAsTypedCells()
    {
        var python = PythonWithOpenpyxl();
        var folder = Path.Combine(_work, "o");
        var (exit, _, error) = FragilityProcess.InProcess("run", "--out", folder, "--quiet", "--format", "csv,xlsx");
        Assert.True(exit == 0, error);
        var (dumpExit, dump, dumpError) = FragilityProcess.Run(python, _work, ["-c", Dump, Path.Combine(folder, "scores.xlsx")]);
        Assert.True(dumpExit == 0, dumpError);
        var sheets = JsonDocument.Parse(dump).RootElement;

        Assert.Equal(["IRIS", "Communes", "EPCI", "Départements", "Régions", "Sources"], sheets.EnumerateObject().Select(p => p.Name));
        foreach (var (level, sheetName) in new[] { ("iris", "IRIS"), ("commune", "Communes"), ("epci", "EPCI"), ("departement", "Départements"), ("region", "Régions") })
        {
            var csv = PlainCsv.Read(Path.Combine(folder, $"scores-{level}.csv"), ',');
            var header = csv[0];
            var sheet = sheets.GetProperty(sheetName);
            var rows = sheet.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToArray()).ToArray();
            Assert.Equal(csv.Count, rows.Length);
            Assert.Equal("B2", sheet.GetProperty("freeze").GetString());

            // The sheet's order: code, name, the parents' codes, the reference, then the numbers in the CSV's order.
            var parents = header.Where(h => h.EndsWith("_code", StringComparison.Ordinal) && h != "reference_code").ToArray();
            var numbers = header.Skip(1).TakeWhile(h => h != "name").ToArray();
            string[] order = ["code", "name", .. parents, "reference_code", .. numbers];
            Assert.Equal(order.Length, rows[0].Length);
            Assert.Equal("Code", rows[0][0][0].GetString());
            Assert.Equal("Nom", rows[0][1][0].GetString());
            Assert.Contains(rows[0], c => c[0].GetString() == "Score global (rang, 1 = le plus fragile)");
            Assert.DoesNotContain(rows[0], c => c[0].GetString()!.EndsWith("_value", StringComparison.Ordinal));

            for (var r = 1; r < csv.Count; r++)
            {
                var fields = csv[r];
                for (var c = 0; c < order.Length; c++)
                {
                    var expected = fields[Array.IndexOf(header, order[c])];
                    var (value, type, format) = (rows[r][c][0], rows[r][c][1].GetString(), rows[r][c][2].GetString());
                    var where = $"{sheetName} row {r + 1} {order[c]}";
                    if (c < 2 + parents.Length + 1)
                    {
                        // Codes and names: text cells, formatted as text, leading zeros kept (the sample's codes start with 0).
                        Assert.True(type == "s" && format == "@", $"{where}: {type} {format}");
                        Assert.Equal(expected, value.GetString());
                    }
                    else if (expected.Length == 0)
                    {
                        Assert.True(value.ValueKind == JsonValueKind.Null, $"{where}: a missing value should be an empty cell, not {value}");
                    }
                    else
                    {
                        Assert.True(type == "n", $"{where}: {type}");
                        Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), double.Parse(value.GetString()!, CultureInfo.InvariantCulture));
                        var name = order[c];
                        var whole = name == "small_unit" || name.StartsWith("imputed_", StringComparison.Ordinal)
                            || new[] { "_rank", "_decile", "_rank_france", "_decile_france" }.Any(s => name.EndsWith(s, StringComparison.Ordinal));
                        var display = whole ? "0"
                            : name == "population" ? "#,##0" : name.EndsWith("_value", StringComparison.Ordinal) ? "0.00" : "0.0";
                        Assert.True(format == display, $"{where}: display format {format}, expected {display}");
                    }
                }
            }

            if (level is "iris" or "commune" or "departement") Assert.StartsWith("0", rows[1][0][0].GetString(), StringComparison.Ordinal);
        }

        // The sources sheet says what run.json credits for the IRIS, the sample's illustrative nature included.
        var credits = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "run.json"))).RootElement.GetProperty("credits").EnumerateArray().Select(c => c.GetString()).ToArray();
        var sources = sheets.GetProperty("Sources").GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c[0].GetString()).ToArray()).ToArray();
        Assert.Equal(credits, sources.Where(r => r[0] == "IRIS").Select(r => r[1]));
        Assert.NotEmpty(credits);
    }

    [SkippableFact]
    public void Workbook_ReadByGdal_HasTypedFieldsAndEveryRow()
    {
        // QGIS opens a workbook through GDAL's XLSX driver, which sees only unprefixed SpreadsheetML elements.
        var ogrinfo = FragilityProcess.Tool("ogrinfo");
        var folder = Path.Combine(_work, "g");
        Assert.Equal(0, FragilityProcess.InProcess("run", "--out", folder, "--quiet", "--format", "csv,xlsx").Exit);
        var (exit, info, error) = FragilityProcess.Run(ogrinfo, _work, ["-ro", "-al", "-so", Path.Combine(folder, "scores.xlsx")]);
        Assert.True(exit == 0, error);
        var counts = info.Split('\n').Where(l => l.StartsWith("Feature Count:", StringComparison.Ordinal)).Select(l => int.Parse(l["Feature Count:".Length..], CultureInfo.InvariantCulture)).ToArray();
        int[] expected = [.. new[] { "iris", "commune", "epci", "departement", "region" }.Select(l => File.ReadAllLines(Path.Combine(folder, $"scores-{l}.csv")).Length - 1)];
        Assert.Equal(expected, counts.Take(5));
        Assert.Contains("Code: String", info, StringComparison.Ordinal);
        Assert.Contains("Score global: Real", info, StringComparison.Ordinal);
        Assert.Contains("Score global (rang, 1 = le plus fragile): Integer", info, StringComparison.Ordinal);
    }

    [Fact]
    public void Workbook_IsByteIdenticalFromOneRunToTheNext()
    {
        Assert.Equal(0, FragilityProcess.InProcess("run", "--out", Path.Combine(_work, "a"), "--quiet", "--format", "xlsx").Exit);
        Assert.Equal(0, FragilityProcess.InProcess("run", "--out", Path.Combine(_work, "b"), "--quiet", "--format", "xlsx").Exit);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_work, "a", "scores.xlsx")), File.ReadAllBytes(Path.Combine(_work, "b", "scores.xlsx")));
    }
}
