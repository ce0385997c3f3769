using System.Text.Json;
using System.Text.Json.Nodes;

namespace FragilityIndex.Cli.Tests;

/// <summary>
/// The Rhône and the Côtes-d'Armor in one run, from their real files as an analyst would join them: the IGN contours
/// of both départements merged by ogr2ogr into one GeoPackage, the two Design4Green census files one after the other.
/// No territory of any level may have an empty code, and each takes its name from the COG.
/// </summary>
public sealed class MultiDepartementRunTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-69-22-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string Real(string path) => Path.GetFullPath(Path.Combine(FragilityProcess.RepositoryRoot, "..", "shared", "data", "real", path));

    [SkippableFact]
    public void IgnContours_AsOgr2ogrWritesThem_InGeoJsonAndGeoJsonSeq_GiveTheShapefilesScores()
    {
        Skip.IfNot(FragilityProcess.SharedDataPresent(), "../shared/data/real is not beside the repository");
        var ogr2ogr = FragilityProcess.Tool("ogr2ogr");
        var shapefile = Real("ign_iris_ge_dep69_rhone/IRIS_GE.SHP");
        // GeoJSON keeps IGN's Lambert-93 (its crs member says urn:ogc:def:crs:IGNF::LAMB93); GeoJSONSeq is always WGS84.
        var (geojson, sequence) = (Path.Combine(_work, "iris.geojson"), Path.Combine(_work, "iris.geojsons"));
        Assert.Equal(0, FragilityProcess.Run(ogr2ogr, _work, ["-f", "GeoJSON", geojson, shapefile]).Exit);
        Assert.Equal(0, FragilityProcess.Run(ogr2ogr, _work, ["-f", "GeoJSONSeq", sequence, shapefile]).Exit);
        Assert.Contains("IGNF::LAMB93", File.ReadAllText(geojson)[..400], StringComparison.Ordinal);

        string[][] Scores(string contours, string name)
        {
            var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(FragilityProcess.RepositoryRoot, "data", "examples", "rhone-69.json")))!.AsObject();
            foreach (var (_, source) in definition["sources"]!.AsObject())
            {
                foreach (var member in new[] { "path", "header" })
                    if (source![member] is JsonValue value) source[member] = Path.GetFullPath(Path.Combine(FragilityProcess.RepositoryRoot, value.GetValue<string>()));
            }

            definition["sources"]!["contours"]!["path"] = contours;
            var file = Path.Combine(_work, $"{name}.json");
            File.WriteAllText(file, definition.ToJsonString());
            var folder = Path.Combine(_work, name);
            var (exit, _, error) = FragilityProcess.InProcess("run", "--config", file, "--out", folder, "--quiet", "--format", "csv");
            Assert.True(exit == 0, error);
            return [.. FragilityIndex.Tests.PlainCsv.Read(Path.Combine(folder, "scores-iris.csv"), ',')];
        }

        var byShapefile = Scores(shapefile, "shp");
        // The same coordinates, in another file format: the same bytes of scores.
        Assert.Equal(byShapefile, Scores(geojson, "geojson"));
        // Through WGS84 at 7 decimals (1 cm) and back: the same IRIS, global scores within 0.1 %.
        var bySequence = Scores(sequence, "geojsons");
        var global = Array.IndexOf(byShapefile[0], "score_global");
        Assert.Equal(byShapefile.Select(r => r[0]), bySequence.Select(r => r[0]));
        for (var r = 1; r < byShapefile.Length; r++)
        {
            var (expected, actual) = (double.Parse(byShapefile[r][global], System.Globalization.CultureInfo.InvariantCulture), double.Parse(bySequence[r][global], System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(Math.Abs(actual - expected) <= 1e-3 * expected, $"{byShapefile[r][0]}: {actual} against {expected}");
        }
    }

    // The Rhône example, every path made absolute; with the contours and census of both départements when asked.
    private string Definition(string name, string? contours = null, string? census = null)
    {
        var definition = JsonNode.Parse(File.ReadAllText(Path.Combine(FragilityProcess.RepositoryRoot, "data", "examples", "rhone-69.json")))!.AsObject();
        definition["name"] = name;
        foreach (var (_, source) in definition["sources"]!.AsObject())
        {
            foreach (var member in new[] { "path", "header" })
                if (source![member] is JsonValue value) source[member] = Path.GetFullPath(Path.Combine(FragilityProcess.RepositoryRoot, value.GetValue<string>()));
        }

        if (contours is not null)
        {
            definition["sources"]!["contours"]!["path"] = contours;
            definition["sources"]!["contours"]!["sourceNote"] = "IGN, IRIS-GE (Rhône) et CONTOURS-IRIS (Côtes-d'Armor)";
        }

        if (census is not null) definition["sources"]!["census"]!["path"] = census;
        var file = Path.Combine(_work, $"{name}.json");
        File.WriteAllText(file, definition.ToJsonString());
        return file;
    }

    // The Rhône and the Côtes-d'Armor as an analyst joins them: the IGN contours merged by ogr2ogr into one GeoPackage,
    // the two Design4Green census files one after the other.
    private string BothDepartements()
    {
        var ogr2ogr = FragilityProcess.Tool("ogr2ogr");
        var contours = Path.Combine(_work, "iris-69-22.gpkg");
        var (exit, _, error) = FragilityProcess.Run(ogr2ogr, _work, ["-f", "GPKG", contours, Real("ign_iris_ge_dep69_rhone/IRIS_GE.SHP"), "-nln", "iris", "-t_srs", "EPSG:2154"]);
        Assert.True(exit == 0, error);
        (exit, _, error) = FragilityProcess.Run(ogr2ogr, _work, ["-append", "-update", contours, Real("ign_contours_iris_dep22_cotes_darmor/dep22.shp"), "-nln", "iris", "-t_srs", "EPSG:2154"]);
        Assert.True(exit == 0, error);
        var census = Path.Combine(_work, "census-69-22.csv");
        File.WriteAllBytes(census, [.. File.ReadAllBytes(Real("mednum_ifn_design4green2020_by_dept/69.csv")), .. File.ReadAllBytes(Real("mednum_ifn_design4green2020_by_dept/22.csv"))]);
        return Definition("rhone-cotes-darmor", contours, census);
    }

    [SkippableFact]
    public void RhoneAndCotesDArmor_TogetherGiveNoEmptyCode_AndTheCogNames()
    {
        Skip.IfNot(FragilityProcess.SharedDataPresent(), "../shared/data/real is not beside the repository");
        var file = BothDepartements();
        var folder = Path.Combine(_work, "out");
        var (exit, _, error) = FragilityProcess.InProcess("run", "--config", file, "--out", folder, "--quiet", "--format", "csv");
        Assert.True(exit == 0, error);

        foreach (var level in new[] { "iris", "commune", "epci", "departement", "region" })
        {
            var rows = FragilityIndex.Tests.PlainCsv.Read(Path.Combine(folder, $"scores-{level}.csv"), ',');
            var header = rows[0];
            foreach (var column in header.Where(h => h == "code" || h.EndsWith("_code", StringComparison.Ordinal)))
            {
                var index = Array.IndexOf(header, column);
                Assert.DoesNotContain(rows.Skip(1), r => r[index].Length == 0);
            }

            if (level == "iris") Assert.Equal(752 + 414, rows.Count - 1);
            if (level is "departement" or "region")
            {
                var names = rows.Skip(1).ToDictionary(r => r[0], r => r[Array.IndexOf(header, "name")]);
                Assert.Equal(level == "departement"
                    ? new Dictionary<string, string> { ["22"] = "Côtes-d'Armor", ["69"] = "Rhône" }
                    : new Dictionary<string, string> { ["53"] = "Bretagne", ["84"] = "Auvergne-Rhône-Alpes" }, names);
            }
        }

        // Every distance to a place measured in Lambert-93, the projected CRS of both départements.
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "run.json")));
        var measured = manifest.RootElement.GetProperty("placesMeasuredIn").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["EPSG:2154"] = 752 + 414 }, measured);
    }

    [SkippableFact]
    public void TheRhoneAlone_WithTheReferencesOfBoth_MeetsTheirFrance()
    {
        Skip.IfNot(FragilityProcess.SharedDataPresent(), "../shared/data/real is not beside the repository");
        var both = BothDepartements();
        var references = Path.Combine(_work, "references-69-22.json");
        var (exit, _, error) = FragilityProcess.InProcess("references", "build", "--config", both, "--out", references, "--quiet");
        Assert.True(exit == 0, error);
        var (together, alone, plain) = (Path.Combine(_work, "together"), Path.Combine(_work, "alone"), Path.Combine(_work, "plain"));
        Assert.Equal(0, FragilityProcess.InProcess("run", "--config", both, "--out", together, "--quiet", "--format", "csv").Exit);
        var rhone = Definition("rhone-69");
        (exit, _, error) = FragilityProcess.InProcess("run", "--config", rhone, "--references", references, "--out", alone, "--quiet", "--format", "csv");
        Assert.True(exit == 0, error);
        Assert.Equal(0, FragilityProcess.InProcess("run", "--config", rhone, "--out", plain, "--quiet", "--format", "csv").Exit);

        // The Rhône's département and région rows: 100 when it is scored alone, the two-département run's with the references.
        foreach (var (level, code) in new[] { ("departement", "69"), ("region", "84") })
        {
            Dictionary<string, string> Row(string folder)
            {
                var rows = FragilityIndex.Tests.PlainCsv.Read(Path.Combine(folder, $"scores-{level}.csv"), ',');
                return rows[0].Zip(rows.Single(r => r[0] == code)).ToDictionary(p => p.First, p => p.Second);
            }

            var (byBoth, byReferences, byItself) = (Row(together), Row(alone), Row(plain));
            Assert.Equal("100", byItself["score_global"]);
            Assert.NotEqual("100", byReferences["score_global"]);
            // Every score, value and contribution (to 1e-12: the units' sums run in another order over two départements);
            // not the ranks and deciles, which are among the input's territories.
            foreach (var (column, value) in byReferences.Where(c => !c.Key.Contains("_rank", StringComparison.Ordinal) && !c.Key.Contains("_decile", StringComparison.Ordinal)))
            {
                var expected = byBoth[column];
                if (double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var actual) && double.TryParse(expected, System.Globalization.CultureInfo.InvariantCulture, out var wanted))
                    Assert.True(Math.Abs(actual - wanted) <= 1e-12 * Math.Max(1, Math.Abs(wanted)), $"{level} {code} {column}: {value} alone with references, {expected} together");
                else
                    Assert.Equal(expected, value);
            }
        }

        // The report on the Métropole de Lyon alone, with the references: its département and région columns are the
        // two-département run's rows (written as the report writes them), its France the whole of both, at 100.
        var report = Path.Combine(_work, "report");
        (exit, _, error) = FragilityProcess.InProcess("report", "--config", rhone, "--references", references, "--territory", "epci:200046977", "--out", report, "--quiet");
        Assert.True(exit == 0, error);
        var html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(report, "report.html")));
        var table = html[html.IndexOf("<table class=\"compare\">", StringComparison.Ordinal)..];
        var headings = System.Text.RegularExpressions.Regex.Matches(table[..table.IndexOf("</thead>", StringComparison.Ordinal)], "<th class=\"n\">([^<]*)").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["Métropole de Lyon", "Rhône", "Auvergne-Rhône-Alpes", "Ensemble de référence (2 dép.)"], headings);
        var global = System.Text.RegularExpressions.Regex.Match(table, "<tr class=\"score\"><td>Score global</td>(.*?)</tr>").Groups[1].Value;
        var cells = System.Text.RegularExpressions.Regex.Matches(global, "<td class=\"n\">([^<]*)</td>").Select(m => m.Groups[1].Value).ToArray();
        string Global(string level, string code)
        {
            var rows = FragilityIndex.Tests.PlainCsv.Read(Path.Combine(together, $"scores-{level}.csv"), ',');
            var value = double.Parse(rows.Single(r => r[0] == code)[rows[0].ToList().IndexOf("score_global")], System.Globalization.CultureInfo.InvariantCulture);
            return FragilityIndex.Export.Report.HtmlReportWriter.Fr(value, 1);
        }

        Assert.Equal([Global("epci", "200046977"), Global("departement", "69"), Global("region", "84"), "100,0"], cells);
        Assert.NotEqual("100,0", cells[1]);
        Assert.Contains("viennent du fichier de références references-69-22.json", html, StringComparison.Ordinal);
    }
}
