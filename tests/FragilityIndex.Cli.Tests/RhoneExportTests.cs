using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DuckDB.NET.Data;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using SkiaSharp;

namespace FragilityIndex.Cli.Tests;

/// <summary>Runs the Rhône example once (all formats) and the Métropole de Lyon report once, for the checks below.</summary>
public sealed class RhoneOutputs : IDisposable
{
    public RhoneOutputs()
    {
        Work = Directory.CreateTempSubdirectory("fragility-rhone-").FullName;
        // A fixture cannot skip: without the real data it marks itself unavailable, and each test skips.
        if (!FragilityProcess.SharedDataPresent()) return;
        Run = FragilityProcess.Fragility(FragilityProcess.RepositoryRoot, "run", "--config", "data/examples/rhone-69.json", "--out", RunFolder, "--quiet");
        Report = FragilityProcess.Fragility(FragilityProcess.RepositoryRoot, "report", "--config", "data/examples/rhone-69.json",
            "--territory", "epci:200046977", "--out", ReportFolder, "--quiet");
        Available = true;
    }

    public string Work { get; }

    public bool Available { get; }

    public string RunFolder => Path.Combine(Work, "run");

    public string ReportFolder => Path.Combine(Work, "report");

    public (int Exit, string Output, string Error) Run { get; }

    public (int Exit, string Output, string Error) Report { get; }

    public void Dispose() => Directory.Delete(Work, recursive: true);
}

/// <summary>
/// The acceptance checks of the exports on the real Rhône data, each with a reader that is not ours: GDAL's ogrinfo for
/// GeoJSON and GeoPackage, DuckDB for GeoParquet, headless Chromium for the report, SkiaSharp's decoder for the PNGs.
/// </summary>
public sealed class RhoneExportTests(RhoneOutputs outputs) : IClassFixture<RhoneOutputs>
{
    // The Rhône and the Métropole de Lyon lie within 4.24–5.17°E and 45.45–46.31°N (IGN's contours of département 69).
    private const double West = 4.2, East = 5.2, South = 45.4, North = 46.35;

    // The IRIS of the Métropole de Lyon: the contours' IRIS whose commune INSEE's IRIS table puts in EPCI 200046977
    // (counted with ogrinfo and Python's csv module; the table itself, a later vintage, lists 518).
    private const int LyonIris = 512;

    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };

    [SkippableTheory]
    [InlineData("map-iris.geojson")]
    [InlineData("map-commune.geojson")]
    [InlineData("map-epci.geojson")]
    public void GisLayer_EveryPolygonIsValidAfterRounding(string file)
    {
        Skip.IfNot(outputs.Available, "../shared/data/real is not beside the repository");
        Assert.True(outputs.Run.Exit == 0, outputs.Run.Error);
        var collection = JsonSerializer.Deserialize<NetTopologySuite.Features.FeatureCollection>(File.ReadAllBytes(Path.Combine(outputs.RunFolder, file)), GeoJsonOptions)!;
        Assert.NotEmpty(collection);
        var invalid = collection.Where(f => !new NetTopologySuite.Operation.Valid.IsValidOp(f.Geometry).IsValid).Select(f => f.Attributes["code"]).ToArray();
        Assert.True(invalid.Length == 0, $"invalid polygons in {file}: {string.Join(", ", invalid)}");
    }

    [SkippableTheory]
    [InlineData("map-iris.geojson", "map-iris")]
    [InlineData("map.gpkg", "iris")]
    public void IrisLayer_IsReadByOgrinfo_WithItsCountCrsAndExtent(string file, string layer)
    {
        Skip.IfNot(outputs.Available, "../shared/data/real is not beside the repository");
        var ogrinfo = FragilityProcess.Tool("ogrinfo");
        Assert.True(outputs.Run.Exit == 0, outputs.Run.Error);
        var (exit, text, error) = FragilityProcess.Run(ogrinfo, outputs.RunFolder, ["-ro", "-so", file, layer]);
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("Warning", error, StringComparison.Ordinal);
        Assert.Equal(752, int.Parse(Regex.Match(text, @"Feature Count: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Contains("ID[\"EPSG\",4326]", text, StringComparison.Ordinal);
        var extent = Regex.Match(text, @"Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)");
        var (minX, minY, maxX, maxY) = (Number(extent.Groups[1]), Number(extent.Groups[2]), Number(extent.Groups[3]), Number(extent.Groups[4]));
        Assert.InRange(minX, West, 4.3);
        Assert.InRange(maxX, 5.1, East);
        Assert.InRange(minY, South, 45.5);
        Assert.InRange(maxY, 46.25, North);
    }

    [SkippableFact]
    public void GeoPackage_HoldsOneLayerPerLevel()
    {
        Skip.IfNot(outputs.Available, "../shared/data/real is not beside the repository");
        var ogrinfo = FragilityProcess.Tool("ogrinfo");
        var (exit, text, error) = FragilityProcess.Run(ogrinfo, outputs.RunFolder, ["-ro", "-q", "map.gpkg"]);
        Assert.True(exit == 0, error);
        var layers = Regex.Matches(text, @"^\d+: (\w+) \(Multi Polygon\)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["iris", "commune", "epci", "departement", "region"], layers);
    }

    [SkippableFact]
    public void GeoPackage_IsDescribedInFrench_AndStyledForQgisWithTheClassesAndColoursOfThePng()
    {
        Skip.IfNot(outputs.Available, "../shared/data/real is not beside the repository");
        Assert.True(outputs.Run.Exit == 0, outputs.Run.Error);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(outputs.RunFolder, "map.gpkg")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        string Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture)!;
        }

        Assert.StartsWith("Indice de fragilité numérique (rhone-69) par IRIS : 752 IRIS, indice base 100 = moyenne du département. Sources : IGN",
            Scalar("SELECT description FROM gpkg_contents WHERE table_name = 'iris'"), StringComparison.Ordinal);
        Assert.Equal("Taux de pauvreté (seuil à 60 %) (valeur)", Scalar("SELECT title FROM gpkg_data_columns WHERE table_name = 'iris' AND column_name = 'taux_pauvrete_value'"));
        Assert.Equal("attributes", Scalar("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'"));
        Assert.Equal("5", Scalar("SELECT count(*) FROM layer_styles WHERE useAsDefault = 1 AND f_geometry_column = 'geom'"));

        var qml = XDocument.Parse(Scalar("SELECT styleQML FROM layer_styles WHERE f_table_name = 'iris'"));
        var rules = qml.Descendants("rule").ToArray();
        Assert.Equal(["58,9 – 83,2", "83,2 – 93,2", "93,2 – 103,9", "103,9 – 122,6", "122,6 – 219,1", "donnée manquante", "petits IRIS, non classés"],
            rules.Select(r => r.Attribute("label")!.Value));

        // The class bounds, worked out here from the CSV: quintiles (R's type 7) of the global score of the IRIS that
        // are not small units, as the legend of the PNG shows them.
        var csv = FragilityIndex.Tests.PlainCsv.Read(Path.Combine(outputs.RunFolder, "scores-iris.csv"), ',');
        var (scoreColumn, smallColumn) = (Array.IndexOf(csv[0], "score_global"), Array.IndexOf(csv[0], "small_unit"));
        var classed = csv.Skip(1).Where(r => r[smallColumn] == "0" && r[scoreColumn].Length > 0).Select(r => double.Parse(r[scoreColumn], CultureInfo.InvariantCulture)).Order().ToArray();
        double Quantile(double p)
        {
            var h = (classed.Length - 1) * p;
            var low = (int)Math.Floor(h);
            return low + 1 < classed.Length ? classed[low] + ((h - low) * (classed[low + 1] - classed[low])) : classed[low];
        }

        var bounds = rules.Take(5).Select(r => Regex.Matches(r.Attribute("filter")!.Value, @"[<>]=? (-?[\d.E+-]+)").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(classed[0], bounds[0][0]);
        for (var c = 1; c < 5; c++)
        {
            Assert.Equal(Quantile(c / 5.0), bounds[c - 1][^1], 9);
            Assert.Equal(Quantile(c / 5.0), bounds[c][0], 9);
        }

        Assert.Contains("coalesce(\"small_unit\", 0) = 0", rules[0].Attribute("filter")!.Value, StringComparison.Ordinal);
        Assert.Equal("\"small_unit\" = 1", rules[6].Attribute("filter")!.Value);
        // The colours of the PNG's classes (ColorBrewer YlOrRd, 5 classes), then the grey of missing values.
        var colours = qml.Descendants("symbol").Select(s => s.Descendants("Option").First(o => o.Attribute("name")?.Value == "color").Attribute("value")!.Value).ToArray();
        Assert.Equal(["255,255,178,255", "254,204,92,255", "253,141,60,255", "240,59,32,255", "189,0,38,255", "204,204,204,255", "240,240,240,255"], colours);
        Assert.Contains(qml.Descendants("symbol").Last().Descendants("Option"), o => o.Attribute("name")?.Value == "style" && o.Attribute("value")?.Value == "b_diagonal");
        Assert.Contains(qml.Descendants("alias"), a => a.Attribute("field")?.Value == "score_global" && a.Attribute("name")?.Value == "Score global");
    }

    [SkippableTheory]
    [InlineData("map.gpkg", "iris", "GeomFromGPB(geom)", 752)]
    [InlineData("map.gpkg", "commune", "GeomFromGPB(geom)", 275)]
    [InlineData("map.gpkg", "epci", "GeomFromGPB(geom)", 13)]
    [InlineData("map-iris.geojson", "map-iris", "geometry", 752)]
    [InlineData("map-commune.geojson", "map-commune", "geometry", 275)]
    [InlineData("map-epci.geojson", "map-epci", "geometry", 13)]
    public void GisOutput_EveryPolygonIsValidForGdal(string file, string layer, string geometry, int features)
    {
        // GDAL's SQLite dialect with SpatiaLite (GEOS) checks each polygon, reading the file as GDAL does.
        Skip.IfNot(outputs.Available, "../shared/data/real is not beside the repository");
        var ogrinfo = FragilityProcess.Tool("ogrinfo");
        Assert.True(outputs.Run.Exit == 0, outputs.Run.Error);
        var (exit, text, error) = FragilityProcess.Run(ogrinfo, outputs.RunFolder,
            ["-ro", file, "-dialect", "sqlite", "-sql", $"SELECT count(*) AS n, sum(ST_IsValid({geometry})) AS valid FROM \"{layer}\""]);
        Assert.True(exit == 0, error);
        Assert.Contains($"n (Integer) = {features}", text, StringComparison.Ordinal);
        Assert.Contains($"valid (Integer) = {features}", text, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("iris", 752)]
    [InlineData("commune", 275)]
    public void GeoPackage_EveryLayerHasItsRtreeIndex_AndASpatialFilterUsesIt(string layer, int features)
    {
        Skip.IfNot(outputs.Available, "../shared/data/real is not beside the repository");
        var ogrinfo = FragilityProcess.Tool("ogrinfo");
        var (exit, text, error) = FragilityProcess.Run(ogrinfo, outputs.RunFolder, ["-ro", "map.gpkg", "-sql", $"SELECT HasSpatialIndex('{layer}', 'geom')"]);
        Assert.True(exit == 0, error);
        Assert.Contains("HasSpatialIndex (Integer) = 1", text, StringComparison.Ordinal);

        // A spatial filter on the whole Rhône selects every feature, one in the sea none.
        (exit, text, error) = FragilityProcess.Run(ogrinfo, outputs.RunFolder, ["-ro", "-so", "-spat", $"{West}", $"{South}", $"{East}", $"{North}", "map.gpkg", layer]);
        Assert.True(exit == 0, error);
        Assert.Contains($"Feature Count: {features}", text, StringComparison.Ordinal);
        (_, text, _) = FragilityProcess.Run(ogrinfo, outputs.RunFolder, ["-ro", "-so", "-spat", "-5", "40", "-4.9", "40.1", "map.gpkg", layer]);
        Assert.Contains("Feature Count: 0", text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void GeoParquet_IsReadByDuckDb_WithTypedColumnsGeoMetadataAndWkbInsideTheRhone()
    {
        Skip.IfNot(outputs.Available, "../shared/data/real is not beside the repository");
        Assert.True(outputs.Run.Exit == 0, outputs.Run.Error);
        var file = Path.Combine(outputs.RunFolder, "map-iris.parquet").Replace("'", "''", StringComparison.Ordinal);
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();

        command.CommandText = $"SELECT count(*) FROM read_parquet('{file}')";
        Assert.Equal(752L, Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));

        command.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{file}'))";
        var types = new Dictionary<string, string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) types[reader.GetString(0)] = reader.GetString(1);
        Assert.Equal("VARCHAR", types["code"]);
        Assert.Equal("VARCHAR", types["epci_code"]);
        Assert.Equal("DOUBLE", types["score_global"]);
        Assert.Equal("DOUBLE", types["population"]);
        Assert.Equal("INTEGER", types["score_global_rank"]);
        Assert.Equal("INTEGER", types["score_global_decile"]);
        Assert.Equal("INTEGER", types["imputed_seniors_65"]);
        // DuckDB reads the geo metadata itself: the WKB column comes out as a geometry in longitude/latitude.
        Assert.Equal("GEOMETRY('OGC:CRS84')", types["geometry"]);

        command.CommandText = $"SELECT value FROM parquet_kv_metadata('{file}') WHERE decode(key) = 'geo'";
        var geo = JsonDocument.Parse(Text(command.ExecuteScalar())).RootElement;
        Assert.Equal("1.1.0", geo.GetProperty("version").GetString());
        Assert.Equal("geometry", geo.GetProperty("primary_column").GetString());
        var column = geo.GetProperty("columns").GetProperty("geometry");
        Assert.Equal("WKB", column.GetProperty("encoding").GetString());
        Assert.Equal("counterclockwise", column.GetProperty("orientation").GetString());
        var bbox = column.GetProperty("bbox").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        Assert.True(bbox[0] >= West && bbox[2] <= East && bbox[1] >= South && bbox[3] <= North, string.Join(", ", bbox));

        // DuckDB parses every WKB into its geometry type...
        command.CommandText = $"SELECT count(geometry) FROM read_parquet('{file}')";
        Assert.Equal(752L, Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture));

        // ...and, read as the raw column, the WKB is valid polygons inside the Rhône.
        command.CommandText = "SET enable_geoparquet_conversion = false";
        command.ExecuteNonQuery();
        command.CommandText = $"SELECT code, geometry FROM read_parquet('{file}') ORDER BY code";
        var wkb = new WKBReader();
        var extent = new Envelope();
        var polygons = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var geometry = wkb.Read(Bytes(reader.GetValue(1)));
                Assert.True(geometry is Polygon or MultiPolygon, reader.GetString(0));
                Assert.True(geometry.Area > 0, reader.GetString(0));
                // Valid after the export's rounding, as GDAL finds the GeoJSON and GeoPackage polygons (GDAL here has no Parquet driver).
                Assert.True(geometry.IsValid, $"{reader.GetString(0)}: {new NetTopologySuite.Operation.Valid.IsValidOp(geometry).ValidationError}");
                extent.ExpandToInclude(geometry.EnvelopeInternal);
                polygons++;
            }
        }

        Assert.Equal(752, polygons);
        Assert.Equal(bbox, new[] { extent.MinX, extent.MinY, extent.MaxX, extent.MaxY });
    }

    [SkippableFact]
    public void Report_OnTheMetropoleDeLyon_RendersInChromium_AndReferencesNothingOnTheNetwork()
    {
        Skip.IfNot(outputs.Available, "../shared/data/real is not beside the repository");
        Assert.True(outputs.Report.Exit == 0, outputs.Report.Error);
        var page = Path.Combine(outputs.ReportFolder, "report.html");
        var html = File.ReadAllText(page);

        // Nothing to fetch: no URL at all, no external style, script, image, frame or font.
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("//", Regex.Replace(html, "<script>.*?</script>", "", RegexOptions.Singleline), StringComparison.Ordinal);
        // (url(#…) names a pattern of the page itself, the hatching.)
        Assert.DoesNotMatch(@"<(link|img|iframe|object|embed)\b|\bsrc=|@import|url\((?!#)", html);
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        // The examples name the EPCI from the census file's Libepci column (namesFrom).
        Assert.Contains("<h1>M&#233;tropole de Lyon (EPCI 200046977)</h1>", html, StringComparison.Ordinal);
        Assert.Equal(LyonIris, Regex.Count(html, @"<tr( class=""apart"")?><td>69\d{7}</td>"));

        var screenshot = Path.Combine(outputs.Work, "report.png");
        var (exit, _, error) = FragilityProcess.Chromium(outputs.Work, "chromium", ["--window-size=1100,2400", $"--screenshot={screenshot}", new Uri(page).AbsoluteUri]);
        Assert.True(exit == 0 && File.Exists(screenshot), error);
        var pixels = Pixels(screenshot);
        Assert.True(pixels.NonWhite > 0.05, $"the screenshot is {pixels.NonWhite:P1} non-white");
        // The darkest class of the map (#bd0026) shows: the inline SVG map was drawn.
        Assert.True(pixels.Colours.GetValueOrDefault(0xbd0026) > 100, "no pixel of the map's darkest class");
    }

    // Runs in the page once it is laid out at 1,280 px, and leaves its findings in a <pre> that --dump-dom prints.
    private const string Audit = """
        <script>
        (function(){
          document.querySelectorAll("details").forEach(function(d){d.open=true});
          var out={width:document.documentElement.scrollWidth,view:window.innerWidth,text:document.body.innerText,values:[],headers:[]};
          document.querySelectorAll("table.compare tbody tr").forEach(function(tr){
            if(tr.classList.contains("score")||tr.cells.length<2)return;
            for(var i=1;i<tr.cells.length;i++)out.values.push(tr.cells[0].textContent+" = "+tr.cells[i].textContent);});
          document.querySelectorAll("table:not(.compare) tbody tr").forEach(function(tr){
            if(tr.cells.length>1&&tr.closest("table").tHead.textContent.indexOf("Points apport")>=0&&tr.cells[0].textContent!=="Total")
              out.values.push(tr.cells[0].textContent+" = "+tr.cells[1].textContent);});
          document.querySelectorAll("table.sortable thead th").forEach(function(th){out.headers.push(th.textContent)});
          var pre=document.createElement("pre");pre.id="audit";pre.textContent=JSON.stringify(out);document.body.appendChild(pre);
        })();
        </script>
        """;

    // Words of English a French reader should never meet on the page (whole words, case-insensitive).
    private static readonly string[] EnglishWords =
        ["the", "and", "with", "without", "rows", "row", "turned", "aside", "matched", "units", "have", "has", "from", "which", "these",
         "missing", "value", "values", "level", "file", "files", "warning", "warnings", "given", "set", "found", "read", "none"];

    [SkippableFact]
    public void Report_InChromium_IsAllFrench_FitsA1280PxPage_AndEveryValueHasItsUnit()
    {
        Skip.IfNot(outputs.Available, "../shared/data/real is not beside the repository");
        Assert.True(outputs.Report.Exit == 0, outputs.Report.Error);
        var page = Path.Combine(outputs.Work, "audit.html");
        File.WriteAllText(page, File.ReadAllText(Path.Combine(outputs.ReportFolder, "report.html")).Replace("</body>", Audit + "</body>", StringComparison.Ordinal));
        var (exit, dom, error) = FragilityProcess.Chromium(outputs.Work, "chromium-audit", ["--window-size=1280,2000", "--dump-dom", new Uri(page).AbsoluteUri]);
        Assert.True(exit == 0, error);
        var json = System.Net.WebUtility.HtmlDecode(Regex.Match(dom, "<pre id=\"audit\">(.*?)</pre>", RegexOptions.Singleline).Groups[1].Value);
        var audit = JsonDocument.Parse(json).RootElement;

        // The page fits: nothing wider than the 1,280 px window (wide tables scroll inside themselves).
        Assert.True(audit.GetProperty("width").GetInt32() <= audit.GetProperty("view").GetInt32(), $"the page is {audit.GetProperty("width")} px wide in a {audit.GetProperty("view")} px window");

        var text = audit.GetProperty("text").GetString()!;
        var english = EnglishWords.Where(w => Regex.IsMatch(text, $@"(?<![\p{{L}}'’-]){w}(?![\p{{L}}'’-])", RegexOptions.IgnoreCase)).ToArray();
        Assert.True(english.Length == 0, $"English on the page: {string.Join(", ", english)}");
        Assert.DoesNotMatch(@"\b1 (départements|communes|IRIS renseignés)\b", text);

        // Every indicator value is written with its unit: %, €, km, "pour 10 000 habitants", or the definition's own
        // ("pour 100 ménages": the example's RSA households per 100 households, not a percentage of anyone).
        var values = audit.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToArray();
        Assert.True(values.Length > 20, $"{values.Length} values found");
        var bare = values.Where(v => !Regex.IsMatch(v, @"= (–|[\d\u202F]+(,\d+)?\u00A0(%|€|km|pour 100 ménages)|[\d\u202F]+(,\d+)? pour [\d\u202F]+\u00A0habitants)$")).ToArray();
        Assert.True(bare.Length == 0, $"values without their unit: {string.Join(" | ", bare.Take(5))}");
        Assert.Contains(values, v => v.EndsWith("\u00A0€", StringComparison.Ordinal));
        Assert.Contains(values, v => v.EndsWith("\u00A0km", StringComparison.Ordinal));
        Assert.Contains(values, v => v.EndsWith("pour 10\u202F000\u00A0habitants", StringComparison.Ordinal));
        var rsa = values.Where(v => v.StartsWith("Foyers allocataires du RSA", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(rsa);
        Assert.All(rsa, v => Assert.EndsWith("\u00A0pour 100 ménages", v, StringComparison.Ordinal));
        var headers = audit.GetProperty("headers").EnumerateArray().Select(h => h.GetString()!).ToArray();
        Assert.Contains(headers, h => h.StartsWith("Population (habitants)", StringComparison.Ordinal));
        Assert.Contains(headers, h => h.StartsWith("Score global (base 100)", StringComparison.Ordinal));

        // The small IRIS of the Métropole are set apart, below the ranked ones: the map's hatching and the table agree.
        Assert.Contains("Petits IRIS, à part (non classés)", text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void PngMap_IsNotBlank_AndShowsEveryClassColour()
    {
        Skip.IfNot(outputs.Available, "../shared/data/real is not beside the repository");
        Assert.True(outputs.Run.Exit == 0, outputs.Run.Error);
        var pixels = Pixels(Path.Combine(outputs.RunFolder, "choropleth-iris.png"));
        Assert.True(pixels.NonWhite > 0.2, $"the map is {pixels.NonWhite:P1} non-white");
        foreach (var colour in new[] { 0xffffb2, 0xfecc5c, 0xfd8d3c, 0xf03b20, 0xbd0026 })
            Assert.True(pixels.Colours.GetValueOrDefault(colour) > 100, $"colour {colour:x6} is missing");
    }

    private static (double NonWhite, Dictionary<int, int> Colours) Pixels(string png)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        var colours = new Dictionary<int, int>();
        var nonWhite = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                var rgb = (pixel.Red << 16) | (pixel.Green << 8) | pixel.Blue;
                if (rgb != 0xffffff) nonWhite++;
                colours[rgb] = colours.GetValueOrDefault(rgb) + 1;
            }
        }

        return ((double)nonWhite / (bitmap.Width * bitmap.Height), colours);
    }

    private static double Number(Group group) => double.Parse(group.Value, CultureInfo.InvariantCulture);

    private static byte[] Bytes(object value)
    {
        if (value is byte[] bytes) return bytes;
        using var copy = new MemoryStream();
        ((Stream)value).CopyTo(copy);
        return copy.ToArray();
    }

    private static string Text(object? value) => value switch
    {
        string text => text,
        null => throw new InvalidOperationException("no 'geo' key in the Parquet metadata"),
        _ => System.Text.Encoding.UTF8.GetString(Bytes(value)),
    };
}
