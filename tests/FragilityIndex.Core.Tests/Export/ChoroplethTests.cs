using System.Xml.Linq;
using FragilityIndex.Definition;
using FragilityIndex.Export;
using FragilityIndex.Export.Maps;
using FragilityIndex.Export.Report;
using FragilityIndex.Geography;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace FragilityIndex.Tests.Export;

/// <summary>The choropleth (legend, SVG, PNG) and the territorial report, on a grid of squares and on the embedded sample.</summary>
public sealed class ChoroplethTests
{
    private static readonly GeometryFactory Factory = new();

    // Ten 1 km squares in a row, valued 1 to 10, the last one missing.
    private static ChoroplethRequest Row(ClassMethod method = ClassMethod.Quantiles) => new()
    {
        Geometries = Enumerable.Range(0, 10).Select(i => (Geometry)Factory.CreatePolygon(
            [new(840_000 + 1000 * i, 6_520_000), new(841_000 + 1000 * i, 6_520_000), new(841_000 + 1000 * i, 6_521_000), new(840_000 + 1000 * i, 6_521_000), new(840_000 + 1000 * i, 6_520_000)])).ToArray(),
        Crs = CrsCatalog.Lambert93,
        Values = [1, 2, 3, 4, 5, 6, 7, 8, 9, double.NaN],
        Labels = Enumerable.Range(0, 10).Select(i => $"u{i}").ToArray(),
        Title = "Test",
        Sources = "INSEE",
        UnitName = "IRIS",
        Method = method,
        Classes = 3,
    };

    [Fact]
    public void SetApart_IsHatched_OutsideEveryClass_AndShapesNoBound()
    {
        // The 9th square (value 9) is a small unit with an extreme score: without it the top tercile ends at 8.
        var setApart = new bool[10];
        setApart[8] = true;
        var request = Row() with { Values = [1, 2, 3, 4, 5, 6, 7, 8, 900, double.NaN], SetApart = setApart, SetApartLabel = "petits IRIS, non classés", Note = "Hachurés : petits IRIS." };
        var map = ChoroplethMap.Build(request);
        // Terciles of 1..8: h = 7/3 → 3.333, 14/3 → 5.667.
        Assert.Equal(["1,0 – 3,3", "3,3 – 5,7", "5,7 – 8,0", "donnée manquante", "petits IRIS, non classés"], map.Legend.Select(e => e.Label).ToArray());
        Assert.Equal([3, 2, 3, 1, 1], map.Legend.Select(e => e.Count).ToArray());
        Assert.True(map.Legend[^1].Hatched);
        Assert.True(map.Features[8].Hatched);
        Assert.Equal(ChoroplethMap.SetApartColour, map.Features[8].Colour);
        Assert.DoesNotContain(map.Features.Where((_, i) => i != 8), f => f.Hatched);
        Assert.Equal("Hachurés : petits IRIS.", map.SourceLines[0]);

        // The SVG fills it twice, with its class-less grey and with the hatching pattern; the PNG draws the lines.
        var svg = Svg(map);
        Assert.Single(svg.Descendants(), e => e.Name.LocalName == "pattern");
        Assert.Single(svg.Descendants(), e => e.Name.LocalName == "path" && e.Attribute("fill")?.Value == "url(#fragility-hatch)");
        using var png = new MemoryStream();
        PngMapWriter.Write(map, png);
        using var bitmap = SKBitmap.Decode(png.ToArray());
        var square = map.Features[8].Rings[0];
        var (cx, cy) = ((square.Min(p => p.X) + square.Max(p => p.X)) / 2, (square.Min(p => p.Y) + square.Max(p => p.Y)) / 2);
        var colours = new HashSet<uint>();
        for (var dx = -4; dx <= 4; dx++) colours.Add((uint)bitmap.GetPixel((int)(cx * PngMapWriter.Scale) + dx, (int)(cy * PngMapWriter.Scale)));
        Assert.Contains(colours, c => (c & 0xffffff) == 0xf0f0f0);
        Assert.Contains(colours, c => ((c >> 16) & 0xff) < 0xc0);
    }

    [Fact]
    public void LongSubtitle_IsWrappedToTheWidth_AndTheMapMovesDownByItsLines()
    {
        // The report's map of an EPCI with a long name (900 px wide): in one line it ran past the picture's edge.
        const string subtitle = "Par IRIS — CC des Vallons du Lyonnais (CCVL) (EPCI 246900724) (indice base 100 = moyenne du département) — rhone-69";
        var oneLine = ChoroplethMap.Build(Row() with { Width = 900, Subtitle = "Par IRIS — Lyon" });
        var wrapped = ChoroplethMap.Build(Row() with { Width = 900, Subtitle = subtitle });

        Assert.Equal(["Par IRIS — Lyon"], oneLine.SubtitleLines);
        // 860 px at 8 px a character: 107 characters a line, broken at the last space before.
        Assert.Equal(["Par IRIS — CC des Vallons du Lyonnais (CCVL) (EPCI 246900724) (indice base 100 = moyenne du département) —", "rhone-69"], wrapped.SubtitleLines);
        Assert.Equal(oneLine.MapTop + ChoroplethMap.SubtitleLineHeight, wrapped.MapTop);
        Assert.Equal(oneLine.Features[0].Rings[0].Min(p => p.Y) + ChoroplethMap.SubtitleLineHeight, wrapped.Features[0].Rings[0].Min(p => p.Y), 3);
        Assert.Equal(oneLine.SourcesTop + ChoroplethMap.SubtitleLineHeight, wrapped.SourcesTop, 3);

        // Both lines are drawn, one below the other; measured in the font the PNG embeds, each fits between the margins.
        var texts = Svg(wrapped).Descendants().Where(e => e.Name.LocalName == "text").ToArray();
        var first = Assert.Single(texts, t => t.Value == wrapped.SubtitleLines[0]);
        var second = Assert.Single(texts, t => t.Value == "rhone-69");
        Assert.Equal(ChoroplethMap.SubtitleLineHeight, float.Parse(second.Attribute("y")!.Value, System.Globalization.CultureInfo.InvariantCulture) - float.Parse(first.Attribute("y")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        using var font = new SKFont(PngMapWriter.Regular.Value, 14);
        Assert.All(wrapped.SubtitleLines, line => Assert.True(ChoroplethMap.Margin + font.MeasureText(line) <= 900 - ChoroplethMap.Margin, $"{font.MeasureText(line)} px: {line}"));
        Assert.True(ChoroplethMap.Margin + font.MeasureText(subtitle) > 900 - ChoroplethMap.Margin, "the subtitle would have fitted on one line");
    }

    [Fact]
    public void OverseasUnits_AreDrawnInInsets_BelowTheMetropolitanMap()
    {
        // Two metropolitan squares and one of La Réunion, in longitude/latitude.
        Geometry Square(double x, double y, double side) => Factory.CreatePolygon([new(x, y), new(x + side, y), new(x + side, y + side), new(x, y + side), new(x, y)]);
        var request = new ChoroplethRequest
        {
            Geometries = [Square(2.0, 46.0, 0.5), Square(2.5, 46.0, 0.5), Square(55.3, -21.3, 0.1)],
            Crs = CrsCatalog.Wgs84,
            Values = [1, 2, 3],
            Labels = ["a", "b", "c"],
            Title = "Test",
            Sources = "INSEE",
            Zones = ["", "", "974"],
        };
        var map = ChoroplethMap.Build(request);
        var inset = Assert.Single(map.Insets);
        Assert.Equal("La Réunion", inset.Name);
        // The metropolitan squares fill the main frame above; the Réunion square fills its own box, at its own scale.
        var metropolitan = map.Features.Take(2).SelectMany(f => f.Rings[0]).ToArray();
        Assert.True(metropolitan.Max(p => p.Y) < inset.Y, "the metropolitan map overlaps the inset");
        var reunion = map.Features[2].Rings[0];
        Assert.True(reunion.All(p => p.X >= inset.X - 0.01 && p.X <= inset.X + inset.Size + 0.01 && p.Y >= inset.Y - 0.01 && p.Y <= inset.Y + inset.Size + 0.01));
        // 0.1° of latitude against 0.1° × cos(21.25°) of longitude: the square is taller than wide, and fills the box's height.
        Assert.Equal(inset.Size, reunion.Max(p => p.Y) - reunion.Min(p => p.Y), 1);
        Assert.Equal(inset.Size * Math.Cos(21.25 * Math.PI / 180), reunion.Max(p => p.X) - reunion.Min(p => p.X), 0);
        Assert.True(map.SourcesTop > inset.Y + inset.Size);
        Assert.Contains(Svg(map).Descendants().Where(e => e.Name.LocalName == "text"), t => t.Value == "La Réunion");

        // A map of one zone has no inset.
        Assert.Empty(ChoroplethMap.Build(request with { Zones = ["", "", ""] }).Insets);
        Assert.Empty(ChoroplethMap.Build(request with { Geometries = request.Geometries[2..], Values = [3], Labels = ["c"], Zones = ["974"] }).Insets);
    }

    [Theory]
    [InlineData("[\"A\", \"D\"]", 250, "Hachurés : IRIS d'activité ou divers, ou de moins de 250 habitants.")]
    [InlineData("[\"Iris d'activité\"]", 0, "Hachurés : IRIS « Iris d'activité ».")]
    [InlineData("[]", 200, "Hachurés : IRIS de moins de 200 habitants.")]
    public void SmallUnitsNote_SaysWhichUnitsAreSetApart(string types, int minPopulation, string start)
    {
        var definition = DefinitionLoader.Load(System.Text.Encoding.UTF8.GetBytes($$"""
            { "extends": "default", "territory": { "smallUnits": { "typeColumn": "TYP_IRIS", "types": {{types}}, "minPopulation": {{minPopulation}} } } }
            """), "small.json");
        Assert.StartsWith(start, MapComposer.SmallUnitsNote(definition, TerritoryLevel.Iris), StringComparison.Ordinal);
    }

    [Fact]
    public void EqualValues_MakeOneClass_SaidInTheLegend()
    {
        var map = ChoroplethMap.Build(Row() with { Values = [5, 5, 5, 5, 5, 5, 5, 5, 5, double.NaN] });
        Assert.Equal(1, map.ClassCount);
        Assert.Equal(["5,0 (toutes les valeurs)", "donnée manquante"], map.Legend.Select(e => e.Label).ToArray());
        Assert.Equal(3, ChoroplethMap.Build(Row()).ClassCount);
    }

    [Fact]
    public void Legend_CountsEachClass_AndTheMissing()
    {
        var map = ChoroplethMap.Build(Row());
        // Terciles of 1..9: h = 8/3 → 3.667, 16/3 → 6.333: classes {1,2,3}, {4,5,6}, {7,8,9}.
        Assert.Equal(["1,0 – 3,7", "3,7 – 6,3", "6,3 – 9,0", "donnée manquante"], map.Legend.Select(e => e.Label).ToArray());
        Assert.Equal([3, 3, 3, 1], map.Legend.Select(e => e.Count).ToArray());
        Assert.Equal([.. Palette.Sequential(3), Palette.Missing], map.Legend.Select(e => e.Colour).ToArray());
        Assert.Equal(Palette.Missing, map.Features[9].Colour);
        Assert.Equal(Palette.Sequential(3)[2], map.Features[8].Colour);
    }

    [Fact]
    public void Projection_KeepsTheShapeOfTheTerritory()
    {
        var map = ChoroplethMap.Build(Row());
        // Ten squares side by side: the row is ten times wider than tall, and fills the frame's width.
        var xs = map.Features.SelectMany(f => f.Rings.SelectMany(r => r.Select(p => p.X))).ToArray();
        var ys = map.Features.SelectMany(f => f.Rings.SelectMany(r => r.Select(p => p.Y))).ToArray();
        Assert.Equal(map.MapSize, xs.Max() - xs.Min(), 2);
        Assert.Equal((xs.Max() - xs.Min()) / 10, ys.Max() - ys.Min(), 2);
    }

    private static XDocument Svg(ChoroplethMap map)
    {
        using var stream = new MemoryStream();
        SvgMapWriter.Write(map, stream);
        stream.Position = 0;
        return XDocument.Load(stream);
    }

    [Fact]
    public void Svg_HasOnePathPerTerritoryWithItsTooltip()
    {
        using var stream = new MemoryStream();
        SvgMapWriter.Write(ChoroplethMap.Build(Row()), stream);
        stream.Position = 0;
        XNamespace svg = "http://www.w3.org/2000/svg";
        var document = XDocument.Load(stream);
        var paths = document.Descendants(svg + "path").ToArray();
        Assert.Equal(10, paths.Length);
        Assert.Equal("u0 : 1,0", paths[0].Element(svg + "title")!.Value);
        Assert.Equal("u9 : donnée manquante", paths[9].Element(svg + "title")!.Value);
        Assert.Contains(document.Descendants(svg + "text"), t => t.Value == "Sources : INSEE");
    }

    [Fact]
    public void Png_IsThePictureAtTwiceTheSize_AndTheSameTwice()
    {
        var map = ChoroplethMap.Build(Row());
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        PngMapWriter.Write(map, first);
        PngMapWriter.Write(map, second);
        Assert.Equal(first.ToArray(), second.ToArray());
        using var bitmap = SKBitmap.Decode(first.ToArray());
        Assert.Equal(2 * map.Width, bitmap.Width);
        Assert.Equal(2 * map.Height, bitmap.Height);
        // The middle of the first square carries the first class's colour.
        var ring = map.Features[0].Rings[0];
        var (x, y) = ((ring.Min(p => p.X) + ring.Max(p => p.X)) / 2, (ring.Min(p => p.Y) + ring.Max(p => p.Y)) / 2);
        var pixel = bitmap.GetPixel((int)(2 * x), (int)(2 * y));
        Assert.Equal(Palette.Sequential(3)[0], $"#{pixel.Red:x2}{pixel.Green:x2}{pixel.Blue:x2}");
        // Text was drawn: dark pixels in the title band.
        var dark = 0;
        for (var px = 0; px < bitmap.Width; px++) for (var py = 0; py < 80; py++) if (bitmap.GetPixel(px, py).Red < 100) dark++;
        Assert.True(dark > 100, $"{dark} dark pixels in the title");
    }

    [Fact]
    public void Report_ContributionsAddUpToTheGlobalScore_AndThePageFetchesNothing()
    {
        var definition = DefinitionLoader.LoadPreset("default");
        var outcome = IndexRun.Execute(definition, (_, path) => SourceFile.OnDisk(Path.Combine(SharedData.RepositoryRoot, path), path),
            new ScoringOptions { IncludeWhole = true });
        var selection = TerritorySelection.Parse("commune:07900");
        var report = TerritoryReport.Build(outcome, selection, scores => LevelGeometries.Of(outcome.Inputs.Territory, scores.Level));

        var commune = outcome.Result[TerritoryLevel.Commune];
        var row = commune.PositionOf("07900");
        Assert.Equal(commune["score_global"][row], report.Contributions.Sum(c => c.Points), 9);
        Assert.Equal(["Commune synthétique 07900", "Ensemble étudié du département (0 commune sur 335)", "Ensemble étudié de la région (2 départements sur 12)"], report.Compared.Select(c => c.Heading).ToArray());
        // The whole run, scored as one, is its own reference: 100 on every score.
        Assert.All(report.Lines.Where(l => l.IsScore), l => Assert.Equal(100, l.Values[^1], 9));
        Assert.Equal(outcome.Result[TerritoryLevel.Iris].Codes.Count(c => c.StartsWith("07900", StringComparison.Ordinal)), report.IrisRows.Count);

        using var stream = new MemoryStream();
        HtmlReportWriter.Write(report, stream);
        var html = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.DoesNotContain("http", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Equal(report.IrisRows.Count, System.Text.RegularExpressions.Regex.Count(html, "<tr><td>07900"));
    }

    [Fact]
    public void SourceNotes_CreditOnlySourcesThatFilledWhatIsShown_WithTheirCount()
    {
        var outcome = IndexRun.Execute(DefinitionLoader.LoadPreset("default"), (_, path) => SourceFile.OnDisk(Path.Combine(SharedData.RepositoryRoot, path), path),
            new ScoringOptions());
        var iris = outcome.Result[TerritoryLevel.Iris];

        // Over the whole sample, Filosofi filled the IRIS whose row gives a poverty rate (counted here in the file itself:
        // 35 rows match, 5 of them have their figures masked); the other IRIS are imputed from their parents.
        var published = PlainCsv.Read(Path.Combine(SharedData.RepositoryRoot, "data/sample/filosofi.csv"), ';').Skip(1).Count(r => r.Length > 1 && double.TryParse(r[1], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(30, published);
        var all = SourceCredits.SourceNotes(outcome, iris);
        // The sample is synthetic (data/sample holds fragility synth's marker): no figure is credited to INSEE.
        Assert.Contains($"données synthétiques aux formats de : INSEE Filosofi 2018 ({published} IRIS renseignés)", all);
        Assert.All(all, n => Assert.StartsWith("données synthétiques aux formats de : ", n, StringComparison.Ordinal));
        // On a map's one line, said once.
        var line = SourceCredits.SourcesLine(outcome, iris, null);
        Assert.StartsWith("données synthétiques aux formats de : ", line, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(line, "données synthétiques"));
        Assert.DoesNotContain(all, n => n.Contains("Crédoc, Baromètre", StringComparison.Ordinal));
        Assert.Contains(all, n => n.Contains(": Taux illustratifs", StringComparison.Ordinal));
        Assert.Equal(["census", "contours", "filosofi"], outcome.Inputs.SyntheticSources.Where(s => s is "census" or "contours" or "filosofi").Order());
        Assert.DoesNotContain("credoc", outcome.Inputs.SyntheticSources);

        // The same files without the marker beside them are credited to the publishers the definition names.
        var unmarked = IndexRun.Execute(DefinitionLoader.LoadPreset("default"), (_, path) =>
        {
            var file = SourceFile.OnDisk(Path.Combine(SharedData.RepositoryRoot, path), path);
            return new SourceFile(file.DisplayName, extension => extension is null ? file.Open() : file.OpenSibling(extension), file.FullPath);
        }, new ScoringOptions());
        Assert.Empty(unmarked.Inputs.SyntheticSources);
        Assert.Contains($"INSEE Filosofi 2018 ({published} IRIS renseignés)", SourceCredits.SourceNotes(unmarked, unmarked.Result[TerritoryLevel.Iris]));

        // Over IRIS that Filosofi did not fill (their values missing or imputed), it is not credited at all.
        var values = iris["taux_pauvrete_value"];
        var imputed = iris["imputed_taux_pauvrete"];
        var unfilled = Enumerable.Range(0, iris.Count).Where(r => double.IsNaN(values[r]) || imputed[r] > 0).ToArray();
        Assert.Equal(iris.Count - published, unfilled.Length);
        Assert.DoesNotContain(SourceCredits.SourceNotes(outcome, iris, unfilled), n => n.Contains("Filosofi", StringComparison.Ordinal));
    }
    [Fact]
    public void AnIndicatorWithoutANote_IsCreditedWithItsSourcesNote_OrItsFilesName()
    {
        // The filosofi indicators of the default preset lose their own notes: their source's note stands for them;
        // without one either, the file's name. Filled IRIS counted in the file, as above: 30.
        IReadOnlyList<string> Notes(Action<IndexDefinition> change)
        {
            var definition = DefinitionLoader.LoadPreset("default");
            foreach (var indicator in definition.Indicators.Where(i => i.Source == "filosofi")) indicator.SourceNote = null;
            change(definition);
            var outcome = IndexRun.Execute(definition, (_, path) => SourceFile.OnDisk(Path.Combine(SharedData.RepositoryRoot, path), path), new ScoringOptions());
            return SourceCredits.SourceNotes(outcome, outcome.Result[TerritoryLevel.Iris]);
        }

        var withSourceNote = Notes(d => d.Sources["filosofi"].SourceNote = "INSEE, revenus localisés");
        Assert.Contains("données synthétiques aux formats de : INSEE, revenus localisés (30 IRIS renseignés)", withSourceNote);
        Assert.DoesNotContain(withSourceNote, n => n.Contains("Filosofi 2018", StringComparison.Ordinal));
        var withNone = Notes(d => d.Sources["filosofi"].SourceNote = null);
        Assert.Contains("données synthétiques aux formats de : fichier filosofi.csv (30 IRIS renseignés)", withNone);
    }
}
