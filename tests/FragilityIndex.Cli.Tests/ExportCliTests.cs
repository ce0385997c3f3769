using System.Text;

namespace FragilityIndex.Cli.Tests;

/// <summary>The export options of <c>fragility run</c>, and the <c>map</c> and <c>report</c> commands, on the embedded sample.</summary>
public sealed class ExportCliTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-export-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static (int Exit, string Output, string Error) Run(params string[] args) => FragilityProcess.InProcess(args);

    // Counted in the sample's IRIS table, as a user would.
    private static int IrisOfCommune(string commune) =>
        File.ReadLines(Path.Combine(FragilityProcess.RepositoryRoot, "data", "sample", "iris_table.csv")).Count(l => l.Split(',')[3] == commune);

    // The files a command wrote, but the marker every output folder holds (Output/OutputFolderTests checks it).
    private string[] FilesOf(string folder) => Directory.GetFiles(Path.Combine(_work, folder)).Select(Path.GetFileName)
        .Where(f => f != FragilityIndex.Cli.Output.OutputFolder.MarkerName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void Format_WritesOnlyWhatIsAsked()
    {
        var (exit, _, error) = Run("run", "--out", Path.Combine(_work, "o"), "--quiet", "--format", "csv,gpkg", "--format", "png");
        Assert.True(exit == 0, error);
        string[] expected = ["choropleth-commune.png", "choropleth-departement.png", "choropleth-epci.png", "choropleth-iris.png", "choropleth-region.png",
            "map.gpkg", "run.json", "scores-commune.csv", "scores-departement.csv", "scores-epci.csv", "scores-iris.csv", "scores-region.csv"];
        Assert.Equal(expected, FilesOf("o"));
    }

    [Fact]
    public void Format_Unknown_IsUsageErrorNamingIt()
    {
        var (exit, _, error) = Run("run", "--out", Path.Combine(_work, "o"), "--format", "csv,shapefile");
        Assert.Equal(2, exit);
        Assert.Equal("fragility: --format 'shapefile': expected csv, xlsx, geojson, parquet, gpkg, svg, png or all", error.Trim());
        Assert.False(Directory.Exists(Path.Combine(_work, "o")));
    }

    [Fact]
    public void Format_GeographicWithoutContours_IsUsageError()
    {
        // The territory from the IRIS table alone: no contours to draw.
        var definition = Path.Combine(_work, "table.json");
        File.WriteAllText(definition, """
            { "extends": "default", "territory": { "source": "iris_table", "codes": { "iris": "CODE_IRIS", "commune": "CODE_INSEE" }, "names": { "iris": "CODE_IRIS", "commune": "LIBCOM" } },
              "indicators": [ { "id": "distance_lieux", "enabled": false }, { "id": "lieux_pour_10000", "enabled": false } ] }
            """);
        var (exit, _, error) = Run("run", "--config", definition, "--out", Path.Combine(_work, "o"), "--quiet", "--format", "geojson");
        Assert.Equal(2, exit);
        Assert.StartsWith("fragility: --format geojson: the territory has no contours", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void CsvDialect_French_IsSemicolonDecimalCommaWithBom()
    {
        Assert.Equal(0, Run("run", "--out", Path.Combine(_work, "i"), "--quiet", "--format", "csv").Exit);
        Assert.Equal(0, Run("run", "--out", Path.Combine(_work, "f"), "--quiet", "--format", "csv", "--csv-dialect", "french").Exit);
        var international = File.ReadAllLines(Path.Combine(_work, "i", "scores-iris.csv"));
        var bytes = File.ReadAllBytes(Path.Combine(_work, "f", "scores-iris.csv"));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var french = Encoding.UTF8.GetString(bytes[3..]).TrimEnd('\n').Split('\n');
        Assert.Equal(international.Length, french.Length);
        Assert.Equal(international[0].Replace(',', ';'), french[0]);
        // Row by row, the same fields: separators become semicolons and decimal points commas (no field holds a comma).
        for (var i = 1; i < international.Length; i++)
        {
            var expected = string.Join(';', international[i].Split(',').Select(f => f.Replace('.', ',')));
            Assert.Equal(expected, french[i]);
        }
    }

    [Fact]
    public void Labels_French_HeadsTheColumnsWithTheDefinitionsLabelsAndKeepsEveryValue()
    {
        Assert.Equal(0, Run("run", "--out", Path.Combine(_work, "i"), "--quiet", "--format", "csv").Exit);
        Assert.Equal(0, Run("run", "--out", Path.Combine(_work, "l"), "--quiet", "--format", "csv", "--labels", "fr").Exit);
        var ids = File.ReadAllLines(Path.Combine(_work, "i", "scores-iris.csv"));
        var labelled = File.ReadAllLines(Path.Combine(_work, "l", "scores-iris.csv"));
        var idHeader = ids[0].Split(',');
        var header = Malformed.CensusText.SplitOutsideQuotes(labelled[0], ',').Select(h => h.Trim('"')).ToArray();
        Assert.Equal(idHeader.Length, header.Length);
        Assert.Equal(header.Length, header.Distinct(StringComparer.Ordinal).Count());
        // The default preset's label of menages_seuls (data/presets/default.json).
        Assert.Equal("Part des ménages d'une personne (valeur)", header[Array.IndexOf(idHeader, "menages_seuls_value")]);
        Assert.Equal("Score global (rang, 1 = le plus fragile)", header[Array.IndexOf(idHeader, "score_global_rank")]);
        Assert.Equal("Code EPCI", header[Array.IndexOf(idHeader, "epci_code")]);
        Assert.Equal(ids.Skip(1), labelled.Skip(1)); // full precision: the rows are the same bytes
        Assert.Equal(2, Run("run", "--out", Path.Combine(_work, "x"), "--quiet", "--labels", "en").Exit);
    }

    [Fact]
    public void Map_OneScoreInsideOneTerritory_DrawsOnlyItsIris()
    {
        var (exit, output, error) = Run("map", "--score", "acces_information", "--classes", "jenks", "--class-count", "4",
            "--territory", "commune:07900", "--out", Path.Combine(_work, "m"), "--quiet");
        Assert.True(exit == 0, error);
        Assert.Equal(["choropleth-iris.png", "choropleth-iris.svg"], FilesOf("m"));
        var svg = System.Xml.Linq.XDocument.Load(Path.Combine(_work, "m", "choropleth-iris.svg"));
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        var paths = svg.Descendants(ns + "path").ToArray();
        // Commune 07900 of the sample holds the IRIS 0790000xx.
        Assert.All(paths, p => Assert.StartsWith("0790000", p.Element(ns + "title")!.Value, StringComparison.Ordinal));
        Assert.Equal(IrisOfCommune("07900"), paths.Length);
        Assert.Contains("Seuils naturels (foncé = plus fragile)", svg.ToString(), StringComparison.Ordinal);
        Assert.Contains("drew choropleth-iris.svg and choropleth-iris.png", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--territory", "canton:12", "expected KIND:CODE")]
    [InlineData("--classes", "equal", "--classes 'equal': expected quantiles or jenks")]
    [InlineData("--class-count", "12", "--class-count 12: expected 2 to 9")]
    [InlineData("--score", "nope", "--score 'nope': no such score")]
    [InlineData("--territory", "commune:99999", "--territory commune:99999: no IRIS of the run lie in it")]
    public void Map_BadOptions_AreUsageErrors(string option, string value, string message)
    {
        var (exit, _, error) = Run("map", option, value, "--out", Path.Combine(_work, "m"), "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "m")));
    }

    [Fact]
    public void RunWithoutFilosofi_CreditsNoFilosofi_InAnyOutput()
    {
        // The two Filosofi indicators turned off: the source gives nothing, so no map, report, workbook or run.json names it.
        var definition = Path.Combine(_work, "sans-filosofi.json");
        File.WriteAllText(definition, """
            { "extends": "default", "indicators": [ { "id": "taux_pauvrete", "enabled": false }, { "id": "revenu_median", "enabled": false } ] }
            """);
        var (exit, _, error) = Run("run", "--config", definition, "--out", Path.Combine(_work, "o"), "--quiet", "--format", "svg,xlsx,gpkg");
        Assert.True(exit == 0, error);
        (exit, _, error) = Run("report", "--config", definition, "--territory", "commune:07900", "--out", Path.Combine(_work, "r"), "--quiet");
        Assert.True(exit == 0, error);
        using (var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_work, "o", "run.json"))))
        {
            var credits = manifest.RootElement.GetProperty("credits").EnumerateArray().Select(c => c.GetString()!).ToArray();
            Assert.Contains(credits, c => c.Contains("INSEE RP2016", StringComparison.Ordinal));
            Assert.DoesNotContain(credits, c => c.Contains("Filosofi", StringComparison.Ordinal));
        }

        Assert.DoesNotContain("Filosofi", File.ReadAllText(Path.Combine(_work, "o", "choropleth-iris.svg")), StringComparison.Ordinal);
        Assert.DoesNotContain("Filosofi", File.ReadAllText(Path.Combine(_work, "r", "report.html")), StringComparison.Ordinal);
        using var workbook = System.IO.Compression.ZipFile.OpenRead(Path.Combine(_work, "o", "scores.xlsx"));
        foreach (var entry in workbook.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            Assert.DoesNotContain("Filosofi", reader.ReadToEnd(), StringComparison.Ordinal);
        }

        Assert.True(File.ReadAllBytes(Path.Combine(_work, "o", "map.gpkg")).AsSpan().IndexOf("Filosofi"u8) < 0, "map.gpkg names Filosofi");
    }

    [Fact]
    public void Report_OnACommuneOfOneIris_SaysSoInsteadOfAOneColourMap()
    {
        // 07902 is a sample commune of a single IRIS: its map would have one class.
        Assert.Equal(1, IrisOfCommune("07902"));
        var (exit, _, error) = Run("report", "--territory", "commune:07902", "--out", Path.Combine(_work, "r"), "--quiet");
        Assert.True(exit == 0, error);
        var html = File.ReadAllText(Path.Combine(_work, "r", "report.html"));
        Assert.Contains("<p>Pas de carte : tous les IRIS classés du territoire ont le même score (", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OnASampleCommune_IsOnePageWithItsIris()
    {
        var (exit, output, error) = Run("report", "--territory", "commune:07900", "--out", Path.Combine(_work, "r"), "--quiet");
        Assert.True(exit == 0, error);
        // The page and the run.json its footer points to.
        Assert.Equal(["report.html", "run.json"], FilesOf("r"));
        var html = File.ReadAllText(Path.Combine(_work, "r", "report.html"));
        Assert.Contains("run.json écrit à côté de ce rapport", html, StringComparison.Ordinal);
        using (var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_work, "r", "run.json"))))
            Assert.Equal("report.html", manifest.RootElement.GetProperty("outputs")[0].GetString());
        Assert.Equal(IrisOfCommune("07900"), System.Text.RegularExpressions.Regex.Count(html, "<tr><td>0790000"));
        Assert.Contains("Pourquoi ce score ?", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html, StringComparison.Ordinal);
        Assert.Contains("report.html", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_UnknownTerritory_IsUsageErrorAndWritesNothing()
    {
        var (exit, _, error) = Run("report", "--territory", "epci:123456789", "--out", Path.Combine(_work, "r"), "--quiet");
        Assert.Equal(2, exit);
        Assert.StartsWith("fragility: --territory epci:123456789: no EPCI 123456789 in the run's territory", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "r")));
    }

    [Fact]
    public void Report_WithoutTerritory_IsUsageError()
    {
        var (exit, _, error) = Run("report", "--out", Path.Combine(_work, "r"));
        Assert.Equal(2, exit);
        Assert.Contains("--territory", error, StringComparison.Ordinal);
    }
}
