using System.Text;
using System.Text.Json.Nodes;
using static FragilityIndex.Cli.Tests.Malformed.Expectation;

namespace FragilityIndex.Cli.Tests.Malformed;

/// <summary>
/// The malformed variants of the real files, in four families: CSV (the Design4Green census of the Côtes-d'Armor, its
/// header file, France services), geometry (IGN's CONTOURS-IRIS shapefile of the Côtes-d'Armor), definition and command
/// line. Every variant is made deterministically from the unmodified files; each says what it must end in.
/// </summary>
internal static class MalformedCases
{
    private static readonly double[] CutPoints = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.97];

    public static IReadOnlyList<MalformedCase> All()
    {
        var cases = new List<MalformedCase>();
        void Add(string family, string name, Action<CaseFolder> prepare, Expectation expected) => cases.Add(new(family, name, prepare, expected));

        // CSV: the census (22.csv, no header row, CRLF), its header file, France services (fs.csv, quoted, commas).
        foreach (var cut in CutPoints)
            Add("csv", $"census cut at {cut:P0}", c => c.Break("census", "path", "22.csv", b => b[..(int)(b.Length * cut)]), new Refused(1, "22.csv"));
        Add("csv", "census cut inside its last value", c => c.Break("census", "path", "22.csv", b => b[..^5]), new Refused(1, "22.csv"));
        Add("csv", "census cut inside a quoted field", c => c.Break("census", "path", "22.csv", b =>
        {
            var text = Encoding.UTF8.GetString(b);
            var quote = text.IndexOf("\"{", text.Length / 2, StringComparison.Ordinal);
            return Encoding.UTF8.GetBytes(text[..(quote + 40)] + "\r\n");
        }), new Refused(1, "22.csv"));
        Add("csv", "census record short of fields", c => c.Break("census", "path", "22.csv", b => CensusText.EditLines(b, lines =>
            lines[49] = string.Join(';', CensusText.SplitOutsideQuotes(lines[49]).Take(130)))), new Refused(1, "22.csv"));
        foreach (var (name, text) in new[] { ("text", "douze"), ("decimal comma", "115,9"), ("Infinity", "Infinity"), ("NaN", "NaN"), ("overflow", "1e999"), ("two signs", "--3"), ("thousands separator", "1 159") })
            Add("csv", $"census number: {name}", c => c.Break("census", "path", "22.csv", b => CensusText.EditField(b, 9, CensusText.Seniors, _ => text)), new Refused(1, "22.csv"));
        Add("csv", "census negative count", c => c.Break("census", "path", "22.csv", b => CensusText.EditField(b, 9, CensusText.Seniors, _ => "-5")), new Refused(1, "22.csv"));
        Add("csv", "census part larger than its whole", c => c.Break("census", "path", "22.csv", b => CensusText.EditField(b, 9, CensusText.Seniors, _ => "99999")), new Refused(1, "22.csv"));
        Add("csv", "census NUL inside a number", c => c.Break("census", "path", "22.csv", b => CensusText.EditField(b, 19, CensusText.Seniors, v => v[..2] + "\0" + v[2..])), new Refused(1, "22.csv"));
        Add("csv", "census declared UTF-8 with an invalid byte", c =>
        {
            c.Break("census", "path", "22.csv", b =>
            {
                var copy = (byte[])b.Clone();
                var line5 = Nth(copy, (byte)'\n', 3) + 1; // after the fourth line break: line 5
                copy[line5 + 2] = 0xFF;
                return copy;
            });
            c.Definition["sources"]!["census"]!["encoding"] = "utf-8";
        }, new Refused(1, "22.csv:5"));
        Add("csv", "census empty", c => c.Break("census", "path", "22.csv", _ => []), new Refused(1, "22.csv"));
        Add("csv", "census binary garbage", c => c.Break("census", "path", "22.csv", _ => Garbage(4096, 1)), new Refused(1, "22.csv"));
        Add("csv", "census wrong separator declared", c => c.Definition["sources"]!["census"]!["separator"] = ",", new Refused(1, "csv"));
        Add("csv", "census codes of communes in the IRIS column", c => c.Break("census", "path", "22.csv", b => CensusText.EditAllFields(b, CensusText.CodeIris, v => v[..5])), new Refused(1, "22.csv"));
        Add("csv", "census keyed by commune codes, one row per commune", c => c.Break("census", "path", "22.csv", b => CensusText.EditLines(b, lines =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var kept = new List<string>();
            foreach (var line in lines)
            {
                var fields = CensusText.SplitOutsideQuotes(line);
                fields[CensusText.CodeIris] = fields[CensusText.CodeIris][..5];
                if (seen.Add(fields[CensusText.CodeIris])) kept.Add(string.Join(';', fields));
            }

            lines.Clear();
            lines.AddRange(kept);
        })), new Refused(1, "they look like commune codes; set \"keyLevel\": \"commune\""));
        Add("csv", "census of another département", c => c.Break("census", "path", "22.csv", _ => File.ReadAllBytes(Path.Combine(SharedReal, "mednum_ifn_design4green2020_by_dept", "69.csv"))),
            new Refused(1, "these codes are of département 69, the territory covers 22: is it the file of another département?"));
        Add("csv", "header file without the key column", c => c.Break("census", "header", "headers.csv", b => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("Code Iris", "Code_IRIS_2", StringComparison.Ordinal))), new Refused(1, "22.csv"));
        Add("csv", "header file empty", c => c.Break("census", "header", "headers.csv", _ => []), new Refused(1, "headers.csv"));
        Add("csv", "places latitude and longitude swapped", c => c.Break("places", "path", "fs.csv", b => PlacesEdit(b, (string lat, string lon) => (lon, lat))), new Refused(1, "fs.csv"));
        Add("csv", "places latitude out of range", c => c.Break("places", "path", "fs.csv", b => PlacesEdit(b, (double lat, double lon) => (lat + 100, lon), onlyLine: 7)), new Refused(1, "fs.csv:8"));
        Add("csv", "places latitude as text", c => c.Break("places", "path", "fs.csv", b => PlacesEdit(b, (string _, string lon) => ("nord", lon), onlyLine: 3)), new Refused(1, "fs.csv:4"));
        Add("csv", "places cut at half", c => c.Break("places", "path", "fs.csv", b => b[..(b.Length / 2)]), new Refused(1, "fs.csv"));

        Add("csv", "census LF line ends", c => c.Break("census", "path", "22.csv", b => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\r\n", "\n", StringComparison.Ordinal))), new SameScores());
        Add("csv", "census with a byte order mark", c => c.Break("census", "path", "22.csv", b => [0xEF, 0xBB, 0xBF, .. b]), new SameScores());
        Add("csv", "census blank lines at the end", c => c.Break("census", "path", "22.csv", b => [.. b, .. "\r\n\r\n"u8]), new SameScores());
        Add("csv", "census codes with a .0 suffix", c => c.Break("census", "path", "22.csv", b => CensusText.EditAllFields(b, CensusText.CodeIris, v => v + ".0")), new SameScores("repaired"));
        Add("csv", "census codes padded with spaces", c => c.Break("census", "path", "22.csv", b => CensusText.EditAllFields(b, CensusText.CodeIris, v => $" {v} ")), new SameScores());
        Add("csv", "census codes in lossless scientific notation", c => c.Break("census", "path", "22.csv", b => CensusText.EditAllFields(b, CensusText.CodeIris, v => v.All(char.IsAsciiDigit) ? $"{v[0]}.{v[1..]}E+08" : v)), new SameScores("repaired"));
        Add("csv", "census rows shuffled", c => c.Break("census", "path", "22.csv", b => CensusText.EditLines(b, lines =>
        {
            var random = new Random(7);
            var shuffled = lines.OrderBy(_ => random.Next()).ToList();
            lines.Clear();
            lines.AddRange(shuffled);
        })), new SameScores());
        Add("csv", "census with a field more on every row", c => c.Break("census", "path", "22.csv", b => CensusText.EditLines(b, lines =>
        {
            for (var i = 0; i < lines.Count; i++) lines[i] += ";en plus";
        })), new SameScores());
        Add("csv", "census numbers quoted", c => c.Break("census", "path", "22.csv", b => CensusText.EditAllFields(b, CensusText.Seniors, v => $"\"{v}\"")), new SameScores());
        Add("csv", "census in Windows-1252", c => c.Break("census", "path", "22.csv", b => Encoding.GetEncoding(1252).GetBytes(Encoding.UTF8.GetString(b))), new SameScores());
        Add("csv", "places rows without coordinates added", c => c.Break("places", "path", "fs.csv", b => [.. b, .. "\"9001\",\"22\",\"Nouvelle\",\"\",,\"22001\",\"22100\",\"Lanloup\",,,\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"\n"u8]),
            new SameScores("without coordinates"));

        // Geometry: the shapefile of the Côtes-d'Armor and its siblings.
        foreach (var cut in CutPoints)
            Add("geometry", $"shp cut at {cut:P0}", c => c.BreakShapefile(".shp", b => b[..(int)(b.Length * cut)]), new Refused(1, "dep22"));
        foreach (var cut in new[] { 0.3, 0.9 })
            Add("geometry", $"dbf cut at {cut:P0}", c => c.BreakShapefile(".dbf", b => b[..(int)(b.Length * cut)]), new Refused(1, "dep22"));
        Add("geometry", "shx cut", c => c.BreakShapefile(".shx", b => b[..(b.Length - 80)]), new Refused(1, "dep22.shp"));
        Add("geometry", "dbf announcing one record fewer", c => c.BreakShapefile(".dbf", b =>
        {
            var copy = (byte[])b.Clone();
            BitConverter.GetBytes(BitConverter.ToInt32(copy, 4) - 1).CopyTo(copy, 4);
            return copy;
        }), new Refused(1, "dep22.shp"));
        Add("geometry", "dbf of the Rhône beside the Côtes-d'Armor shp", c =>
        {
            c.BreakShapefile(".dbf", _ => File.ReadAllBytes(Path.Combine(SharedReal, "ign_iris_ge_dep69_rhone", "IRIS_GE.DBF")));
            c.Definition["territory"]!["codes"]!["iris"] = "DCOMIRIS";
        }, new Refused(1, "dep22"));
        Add("geometry", "dbf missing", c => c.BreakShapefile(".dbf", _ => null), new Refused(1, "dep22.dbf"));
        Add("geometry", "prj missing", c => c.BreakShapefile(".prj", _ => null), new Refused(1, "dep22.prj"));
        Add("geometry", "prj saying WGS84 for Lambert-93 coordinates", c => c.BreakShapefile(".prj", _ => "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]"u8.ToArray()),
            new Refused(1, "dep22.shp"));
        Add("geometry", "prj garbage", c => c.BreakShapefile(".prj", _ => Garbage(300, 2)), new Refused(1, "dep22.prj"));
        Add("geometry", "cpg naming an unknown encoding", c => c.BreakShapefile(".cpg", _ => "KOI8-R"u8.ToArray()), new Refused(1, "dep22.cpg"));
        Add("geometry", "shp binary garbage", c => c.BreakShapefile(".shp", _ => Garbage(100_000, 3)), new Refused(1, "dep22.shp"));
        Add("geometry", "shp empty", c => c.BreakShapefile(".shp", _ => []), new Refused(1, "dep22.shp"));
        Add("geometry", "shp header saying points", c => c.BreakShapefile(".shp", b =>
        {
            var copy = (byte[])b.Clone();
            BitConverter.GetBytes(1).CopyTo(copy, 32);
            return copy;
        }), new Refused(1, "dep22"));
        Add("geometry", "declared CRS contradicting the coordinates", c => c.Definition["sources"]!["contours"]!["crs"] = "EPSG:4326", new Refused(1, "dep22.shp"));
        Add("geometry", "shx missing", c => c.BreakShapefile(".shx", _ => null), new SameScores());
        Add("geometry", "cpg missing (the dbf is valid UTF-8)", c => c.BreakShapefile(".cpg", _ => null), new SameScores("no .cpg"));
        Add("geometry", "CRS declared as IGNF:LAMB93", c => c.Definition["sources"]!["contours"]!["crs"] = "IGNF:LAMB93", new SameScores());

        // GeoJSON: the same contours as ogr2ogr writes IGN's files (crs IGNF:LAMB93).
        Add("geojson", "in IGNF:LAMB93, as ogr2ogr writes it", c => c.UseGeoJson(), new SameScores());
        Add("geojson", "in Lambert-93 without its crs", c => c.UseGeoJson(t =>
        {
            var json = JsonNode.Parse(t)!.AsObject();
            json.Remove("crs");
            return json.ToJsonString();
        }), new Refused(1, "iris.geojson"));
        Add("geojson", "with an unknown crs", c => c.UseGeoJson(t => t.Replace("IGNF::LAMB93", "EPSG::27572", StringComparison.Ordinal)), new Refused(1, "iris.geojson"));
        foreach (var cut in new[] { 0.1, 0.5, 0.99 })
            Add("geojson", $"cut at {cut:P0}", c => c.UseGeoJson(t => t[..(int)(t.Length * cut)]), new Refused(1, "iris.geojson"));
        Add("geojson", "ring of three positions", c => c.UseGeoJsonFeature(5, f => f["geometry"] = Polygon("[[[230000, 6800000], [231000, 6800000], [230000, 6800000]]]")), new Refused(1, "iris.geojson"));
        Add("geojson", "ring not closed", c => c.UseGeoJsonFeature(5, f => f["geometry"] = Polygon("[[[230000, 6800000], [231000, 6800000], [231000, 6801000], [230000, 6801000]]]")), new Refused(1, "iris.geojson"));
        Add("geojson", "coordinates as strings", c => c.UseGeoJsonFeature(5, f => f["geometry"] = Polygon("[[[\"230000\", \"6800000\"], [\"231000\", \"6800000\"], [\"231000\", \"6801000\"], [\"230000\", \"6800000\"]]]")), new Refused(1, "iris.geojson"));
        Add("geojson", "feature that is a point", c => c.UseGeoJsonFeature(5, f => f["geometry"] = JsonNode.Parse("{\"type\": \"Point\", \"coordinates\": [230000, 6800000]}")), new Refused(1, "iris.geojson"));
        Add("geojson", "feature that is a line", c => c.UseGeoJsonFeature(5, f => f["geometry"] = JsonNode.Parse("{\"type\": \"LineString\", \"coordinates\": [[230000, 6800000], [231000, 6800000]]}")), new Refused(1, "iris.geojson"));
        Add("geojson", "feature without geometry", c => c.UseGeoJsonFeature(5, f => f["geometry"] = null), new Refused(1, "iris.geojson"));
        Add("geojson", "feature in the sea (Lambert-93 far out)", c => c.UseGeoJsonFeature(5, f => f["geometry"] = Polygon("[[[9000000, 6800000], [9001000, 6800000], [9001000, 6801000], [9000000, 6800000]]]")), new Refused(1, "iris.geojson"));
        Add("geojson", "IRIS code given twice", c => c.UseGeoJsonFeature(5, f => f["properties"]!["CODE_IRIS"] = "220010000"), new Refused(1, "iris.geojson"));
        Add("geojson", "IRIS code malformed", c => c.UseGeoJsonFeature(5, f => f["properties"]!["CODE_IRIS"] = "22-0050000"), new Refused(1, "iris.geojson"));


        // Definition: the definition file itself.
        static Action<CaseFolder> Raw(string text) => c => c.RawDefinition = Encoding.UTF8.GetBytes(text);
        static Action<CaseFolder> Edit(Action<JsonObject> change) => c => change(c.Definition);
        Add("definition", "not JSON", Raw("hello"), new Refused(1, "def.json"));
        Add("definition", "empty", Raw(""), new Refused(1, "def.json"));
        Add("definition", "a JSON array", Raw("[]"), new Refused(1, "def.json"));
        Add("definition", "binary garbage", c => c.RawDefinition = Garbage(2000, 4), new Refused(1, "def.json"));
        foreach (var cut in new[] { 0.2, 0.5, 0.8 })
            Add("definition", $"cut at {cut:P0}", c =>
            {
                var text = c.Definition.ToJsonString();
                c.RawDefinition = Encoding.UTF8.GetBytes(text[..(int)(text.Length * cut)]);
            }, new Refused(1, "def.json"));
        Add("definition", "larger than 4 MiB", c => c.RawDefinition = Encoding.UTF8.GetBytes("{\"description\": \"" + new string('x', 5 << 20) + "\"}"), new Refused(1, "def.json"));
        Add("definition", "misspelt member", Edit(d => d["indicators"]![0]!["polarty"] = "lower-is-more-fragile"), new Refused(1, "def.json"));
        Add("definition", "unknown method", Edit(d => d["normalization"]!["method"] = "median"), new Refused(1, "def.json"));
        Add("definition", "unknown polarity", Edit(d => d["indicators"]![0]!["polarity"] = "up"), new Refused(1, "def.json"));
        Add("definition", "unknown missing policy", Edit(d => d["indicators"]![0]!["missing"] = "guess"), new Refused(1, "def.json"));
        Add("definition", "unknown aggregation", Edit(d => d["nodes"]![0]!["aggregation"] = "harmonic"), new Refused(1, "def.json"));
        Add("definition", "unknown key level", Edit(d => d["sources"]!["census"]!["keyLevel"] = "canton"), new Refused(1, "def.json"));
        Add("definition", "unknown measure", Edit(d => d["indicators"]![2]!["measure"] = "time"), new Refused(1, "def.json"));
        Add("definition", "id given as a number", Edit(d => d["indicators"]![0]!["id"] = 5), new Refused(1, "def.json"));
        Add("definition", "source given as null", Edit(d => d["indicators"]![0]!["source"] = null), new Refused(1, "def.json"));
        Add("definition", "sources given as a number", Edit(d => d["sources"] = 5), new Refused(1, "def.json"));
        Add("definition", "territory null", Edit(d => d["territory"] = null), new Refused(1, "def.json"));
        Add("definition", "children null", Edit(d => d["nodes"]![0]!["children"] = null), new Refused(1, "def.json"));
        Add("definition", "a member given twice", c => c.RawDefinition = Encoding.UTF8.GetBytes(c.Definition.ToJsonString().Replace("\"name\":", "\"levels\": [\"iris\"], \"levels\": [\"commune\"], \"name\":", StringComparison.Ordinal)),
            new Refused(1, "def.json"));
        Add("definition", "duplicate indicator id", Edit(d => d["indicators"]!.AsArray().Add(d["indicators"]![0]!.DeepClone())), new Refused(1, "def.json"));
        Add("definition", "child listed twice", Edit(d => d["nodes"]![0]!["children"]!.AsArray().Add("seniors")), new Refused(1, "def.json"));
        Add("definition", "weight 0", Edit(d => d["nodes"]![0]!["weights"] = new JsonObject { ["seniors"] = 0 }), new Refused(1, "def.json"));
        Add("definition", "weight negative", Edit(d => d["nodes"]![0]!["weights"] = new JsonObject { ["seniors"] = -1 }), new Refused(1, "def.json"));
        Add("definition", "weight as a string", Edit(d => d["nodes"]![0]!["weights"] = new JsonObject { ["seniors"] = "2" }), new Refused(1, "def.json"));
        Add("definition", "weights whose sum overflows", Edit(d => d["nodes"]![0]!["weights"] = new JsonObject { ["seniors"] = 1e308, ["seuls"] = 1e308 }), new Refused(1, "def.json"));
        Add("definition", "scale that overflows", Edit(d => d["indicators"]![0]!["scale"] = 1e300), new Refused(1, "def.json"));
        Add("definition", "unknown child", Edit(d => d["nodes"]![0]!["children"]!.AsArray().Add("nope")), new Refused(1, "def.json"));
        Add("definition", "unknown source", Edit(d => d["indicators"]![0]!["source"] = "recensement"), new Refused(1, "def.json"));
        Add("definition", "unknown global", Edit(d => d["global"] = "nope"), new Refused(1, "def.json"));
        Add("definition", "extends an unknown preset", Edit(d => d["extends"] = "defaut"), new Refused(1, "def.json"));
        Add("definition", "extends given as a number", Edit(d => d["extends"] = 3), new Refused(1, "def.json"));
        Add("definition", "a cycle", Edit(d =>
        {
            d["nodes"]!.AsArray().Add(new JsonObject { ["id"] = "a", ["children"] = new JsonArray("b") });
            d["nodes"]!.AsArray().Add(new JsonObject { ["id"] = "b", ["children"] = new JsonArray("a", "seuls") });
            d["global"] = "score_global";
        }), new Refused(1, "def.json"));
        Add("definition", "a tree 200 levels deep", Edit(d =>
        {
            var nodes = d["nodes"]!.AsArray();
            nodes[0]!["children"] = new JsonArray("d0");
            for (var i = 0; i < 200; i++)
                nodes.Add(new JsonObject { ["id"] = $"d{i}", ["children"] = i == 199 ? new JsonArray("seniors", "seuls", "distance") : new JsonArray($"d{i + 1}") });
        }), new Refused(1, "def.json"));
        Add("definition", "comments, trailing commas and a byte order mark", c =>
        {
            var text = c.Definition.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
            text = text.Replace("\"nodes\": [", "// the tree\n  \"nodes\": [", StringComparison.Ordinal).Replace("]\n}", "],\n}", StringComparison.Ordinal);
            c.RawDefinition = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];
        }, new SameScores());

        // Command line.
        static Action<CaseFolder> Args(params string[] args) => c => c.Arguments = args;
        string[] run = ["run", "--config", "{def}", "--format", "csv", "--quiet"];
        Add("cli", "--input to a missing file", Args([.. run, "--out", "{out}", "--input", "census={case}/nope.csv"]), new Refused(2, "nope.csv"));
        Add("cli", "--input to a folder", Args([.. run, "--out", "{out}", "--input", "census={case}"]), new Refused(1, "not a regular file"));
        Add("cli", "--input to /dev/zero", Args([.. run, "--out", "{out}", "--input", "census=/dev/zero"]), new Refused(1, "/dev/zero"));
        Add("cli", "--input to a FIFO", c =>
        {
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(c.Folder, "census.fifo"));
            mkfifo.WaitForExit();
            c.Arguments = [.. run, "--out", "{out}", "--input", "census={case}/census.fifo"];
        }, new Refused(1, "census.fifo"));
        Add("cli", "--input without NAME=", Args([.. run, "--out", "{out}", "--input", "census.csv"]), new Refused(2, "--input"));
        Add("cli", "--input of an unknown source", Args([.. run, "--out", "{out}", "--input", "recensement={def}"]), new Refused(2, "--input"));
        Add("cli", "--out into a folder of the user's", c =>
        {
            Directory.CreateDirectory(Path.Combine(c.Folder, "mine"));
            File.WriteAllText(Path.Combine(c.Folder, "mine", "thesis.tex"), "\\documentclass{article}\n");
            c.Arguments = [.. run, "--out", "{case}/mine"];
        }, new Refused(2, "--out"));
        Add("cli", "--out . even with --force", Args([.. run, "--out", ".", "--force"]), new Refused(2, "--out"));
        Add("cli", "--out / even with --force", Args([.. run, "--out", "/", "--force"]), new Refused(2, "--out"));
        Add("cli", "--out onto the definition file", Args([.. run, "--out", "{def}", "--force"]), new Refused(2, "--out"));
        Add("cli", "--out onto the folder holding the definition", Args([.. run, "--out", "{case}", "--force"]), new Refused(2, "--out"));
        Add("cli", "--format unknown", Args(["run", "--config", "{def}", "--format", "shapefile", "--out", "{out}"]), new Refused(2, "--format"));
        Add("cli", "--reference unknown", Args([.. run, "--out", "{out}", "--reference", "canton"]), new Refused(2, "--reference"));
        Add("cli", "--precision out of range", Args([.. run, "--out", "{out}", "--precision", "99"]), new Refused(2, "--precision"));
        Add("cli", "--simplify negative", Args([.. run, "--out", "{out}", "--simplify", "-5"]), new Refused(2, "--simplify"));
        Add("cli", "--classes unknown", Args([.. run, "--out", "{out}", "--classes", "equal"]), new Refused(2, "--classes"));
        Add("cli", "unknown option", Args([.. run, "--out", "{out}", "--frobnicate"]), new Refused(2, "--frobnicate"));
        Add("cli", "--config to a missing file", Args(["run", "--config", "{case}/nope.json", "--out", "{out}"]), new Refused(2, "nope.json"));
        Add("cli", "--config to a folder", Args(["run", "--config", "{case}", "--out", "{out}"]), new Refused(1, "not a regular file"));
        Add("cli", "--preset and --config together", Args(["run", "--preset", "default", "--config", "{def}", "--out", "{out}"]), new Refused(2, "--preset"));
        return cases;
    }

    private static JsonObject Polygon(string coordinates) => new() { ["type"] = "Polygon", ["coordinates"] = JsonNode.Parse(coordinates) };

    public static string SharedReal => Path.GetFullPath(Path.Combine(FragilityProcess.RepositoryRoot, "..", "shared", "data", "real"));

    private static byte[] Garbage(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static int Nth(byte[] bytes, byte value, int n)
    {
        var position = -1;
        for (var k = 0; k <= n; k++) position = Array.IndexOf(bytes, value, position + 1);
        return position;
    }

    // France services rows: the latitude and longitude are the 9th and 10th comma-separated fields, unquoted.
    private static byte[] PlacesEdit(byte[] bytes, Func<string, string, (string, string)> change, int? onlyLine = null)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || (onlyLine is { } only && i != only)) continue;
            var fields = CensusText.SplitOutsideQuotes(lines[i], ',');
            if (fields.Count < 10 || fields[8].Length == 0) continue;
            (fields[8], fields[9]) = change(fields[8], fields[9]);
            lines[i] = string.Join(',', fields);
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static (string, string) PlacesEditNumbers(string lat, string lon, Func<double, double, (double, double)> change)
    {
        var (a, b) = change(double.Parse(lat, System.Globalization.CultureInfo.InvariantCulture), double.Parse(lon, System.Globalization.CultureInfo.InvariantCulture));
        return (a.ToString(System.Globalization.CultureInfo.InvariantCulture), b.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static byte[] PlacesEdit(byte[] bytes, Func<double, double, (double, double)> change, int? onlyLine = null) =>
        PlacesEdit(bytes, (string lat, string lon) => PlacesEditNumbers(lat, lon, change), onlyLine);
}
