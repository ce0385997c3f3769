using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>Each malformed case a real file can present ends in one clear line naming the file (and line, column where they exist).</summary>
public sealed class MalformedInputTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-bad-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static SourceTable Read(SourceFile file, SourceDefinition source, string[] text, string[]? numbers = null) =>
        SourceReader.Read("test", source with { Path = file.DisplayName }, (_, _) => file, text, numbers ?? []);

    private static SourceTable ReadText(string fileName, string content, SourceDefinition source, string[] text, string[]? numbers = null) =>
        Read(SourceFile.InMemory(fileName, Encoding.UTF8.GetBytes(content)), source, text, numbers);

    [SkippableFact]
    public void Shapefile_WithoutPrj_NamesTheMissingFile()
    {
        var shp = SharedData.Find("data/real/ign_contours_iris_dep22_cotes_darmor/dep22.shp");
        foreach (var extension in new[] { ".shp", ".shx", ".dbf", ".cpg" })
            File.Copy(Path.ChangeExtension(shp, extension), Path.Combine(_work, "dep22" + extension));
        var error = Assert.Throws<FragilityException>(() => Read(SourceFile.OnDisk(Path.Combine(_work, "dep22.shp"), "contours/dep22.shp"), new SourceDefinition(), ["CODE_IRIS"]));
        Assert.Equal("contours/dep22.prj: missing: a shapefile needs its .prj to say its coordinate system (or give \"crs\": \"EPSG:2154\" in the source)", error.Message);

        // With the CRS given in the definition, the same files read.
        Assert.Equal(414, Read(SourceFile.OnDisk(Path.Combine(_work, "dep22.shp")), new SourceDefinition { Crs = "EPSG:2154" }, ["CODE_IRIS"]).RowCount);
    }

    [SkippableFact]
    public void Shapefile_WithoutCpg_ReadsAValidUtf8DbfAsUtf8AndSaysSo()
    {
        var shp = SharedData.Find("data/real/ign_contours_iris_dep22_cotes_darmor/dep22.shp");
        foreach (var extension in new[] { ".shp", ".shx", ".dbf", ".prj" })
            File.Copy(Path.ChangeExtension(shp, extension), Path.Combine(_work, "nocpg" + extension));
        // IGN's .dbf is UTF-8 (its .cpg says so): without the .cpg, the accented names must still come out right.
        var table = Read(SourceFile.OnDisk(Path.Combine(_work, "nocpg.shp"), "nocpg.shp"), new SourceDefinition(), ["CODE_IRIS", "NOM_COM"]);
        Assert.Equal(414, table.RowCount);
        Assert.Equal("utf-8", table.Report.Encoding);
        Assert.Contains("nocpg.dbf: no .cpg; its text is valid UTF-8 and was read as such", table.Report.Notes);
        Assert.Contains(table.Text["NOM_COM"], n => n.Contains('é', StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Shapefile_WithoutDbf_NamesTheMissingFile()
    {
        var shp = SharedData.Find("data/real/ign_contours_iris_dep22_cotes_darmor/dep22.shp");
        File.Copy(shp, Path.Combine(_work, "c.shp"));
        File.Copy(Path.ChangeExtension(shp, ".prj"), Path.Combine(_work, "c.prj"));
        var error = Assert.Throws<FragilityException>(() => Read(SourceFile.OnDisk(Path.Combine(_work, "c.shp"), "c.shp"), new SourceDefinition(), ["CODE_IRIS"]));
        Assert.StartsWith("c.dbf: missing: a shapefile needs its .dbf", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Shapefile_Truncated_IsOneLine()
    {
        var shp = SharedData.Find("data/real/ign_contours_iris_dep22_cotes_darmor/dep22.shp");
        var bytes = File.ReadAllBytes(shp);
        var siblings = new Dictionary<string, byte[]>
        {
            [".dbf"] = File.ReadAllBytes(Path.ChangeExtension(shp, ".dbf")),
            [".prj"] = File.ReadAllBytes(Path.ChangeExtension(shp, ".prj")),
        };
        var file = SourceFile.InMemory("t.shp", bytes[..(bytes.Length / 2)], siblings);
        var error = Assert.Throws<FragilityException>(() => Read(file, new SourceDefinition(), ["CODE_IRIS"]));
        Assert.StartsWith("t.shp", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [SkippableFact]
    public void Prj_UnknownCrs_IsNamed()
    {
        var shp = SharedData.Find("data/real/ign_contours_iris_dep22_cotes_darmor/dep22.shp");
        var file = SourceFile.InMemory("u.shp", File.ReadAllBytes(shp), new Dictionary<string, byte[]>
        {
            [".dbf"] = File.ReadAllBytes(Path.ChangeExtension(shp, ".dbf")),
            [".prj"] = Encoding.UTF8.GetBytes("PROJCS[\"NAD83 / UTM zone 10N\",GEOGCS[\"NAD83\"]]"),
        });
        var error = Assert.Throws<FragilityException>(() => Read(file, new SourceDefinition(), ["CODE_IRIS"]));
        Assert.StartsWith("u.prj:1: unrecognised coordinate system 'PROJCS[\"NAD83 / UTM zone 10N\"", error.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("a.geojson", "", "a.geojson: the file is empty: expected a GeoJSON FeatureCollection")]
    [InlineData("b.geojson", "{\"type\":\"FeatureCollection\",\"features\":[", "b.geojson:1: not valid GeoJSON")]
    [InlineData("c.json", "{\"a\": 1}", "c.json:1: expected an array of objects, found a JSON object")]
    [InlineData("d.json", "[{\"a\": 1},", "d.json:1: not valid JSON")]
    [InlineData("e.topojson", "{\"type\":\"FeatureCollection\"}", "e.topojson: expected a TopoJSON Topology with 'objects' and 'arcs'")]
    [InlineData("f.gpkg", "this is not a database", "f.gpkg: not a readable GeoPackage")]
    [InlineData("g.parquet", "PAR1 truncated", "g.parquet: not a readable Parquet file")]
    public void NotTheFormatItClaims_IsOneLineNamingTheFile(string fileName, string content, string expectedStart)
    {
        var error = Assert.Throws<FragilityException>(() => ReadText(fileName, content, new SourceDefinition(), ["code"]));
        Assert.StartsWith(expectedStart, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [SkippableFact]
    public void JsonArray_MissingMember_NamesIt()
    {
        var error = Assert.Throws<FragilityException>(() => ReadText("p.json", "[{\"nom\": \"x\", \"lat\": 45.1}]", new SourceDefinition(), ["code_insee"]));
        Assert.StartsWith("p.json: column 'code_insee': no such column in the header: expected one of nom, lat", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void JsonArray_TextWhereANumberIsExpected_NamesItemAndMember()
    {
        var error = Assert.Throws<FragilityException>(() => ReadText("p.json", "[{\"n\": 1}, {\"n\": \"beaucoup\"}]", new SourceDefinition(), [], ["n"]));
        Assert.Equal("p.json:2: column 'n': expected a number, found 'beaucoup'", error.Message);
    }

    [SkippableFact]
    public void Points_WithNoCoordinateAtAll_Fail()
    {
        var error = Assert.Throws<FragilityException>(() => ReadText("fs.csv", "id,latitude,longitude\n1,,\n2,,\n",
            new SourceDefinition { Latitude = "latitude", Longitude = "longitude" }, ["id"]));
        Assert.Equal("fs.csv: column 'latitude': no row has coordinates: expected numbers in the coordinate columns", error.Message);
    }

    [SkippableFact]
    public void VintagePattern_MatchingTwoColumns_AsksForOne()
    {
        var error = Assert.Throws<FragilityException>(() => ReadText("rp.csv", "IRIS;P16_POP;P21_POP\n010010000;1;2\n", new SourceDefinition(), [], ["P{yy}_POP"]));
        Assert.Equal("rp.csv:1: column 'P{yy}_POP': the pattern matches P16_POP and P21_POP: name one vintage", error.Message);
    }

    [SkippableFact]
    public void Encoding_Windows1252_IsDetectedAndReported()
    {
        var bytes = Encoding.Latin1.GetBytes("code;nom\n01001;L'Abergement-Clémenciat\n");
        var table = Read(SourceFile.InMemory("w.csv", bytes), new SourceDefinition(), ["nom"]);
        Assert.Equal("windows-1252", table.Report.Encoding);
        Assert.Equal("L'Abergement-Clémenciat", table.Text["nom"][0]);

        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("code;nom\n01001;Clémenciat\n")).ToArray();
        var utf8 = Read(SourceFile.InMemory("u.csv", withBom), new SourceDefinition(), ["code", "nom"]);
        Assert.Equal("utf-8", utf8.Report.Encoding);
        Assert.True(utf8.Report.HadByteOrderMark);
        Assert.Equal("01001", utf8.Text["code"][0]);
        Assert.Equal("Clémenciat", utf8.Text["nom"][0]);
    }

    [SkippableFact]
    public void HeaderFile_Empty_IsNamed()
    {
        var files = new Dictionary<string, SourceFile>
        {
            ["data.csv"] = SourceFile.InMemory("data.csv", Encoding.UTF8.GetBytes("1;2\n")),
            ["headers.csv"] = SourceFile.InMemory("headers.csv", []),
        };
        var error = Assert.Throws<FragilityException>(() => SourceReader.Read("d", new SourceDefinition { Path = "data.csv", HasHeader = false, Header = "headers.csv" },
            (_, path) => files[path], ["a"], []));
        Assert.Equal("headers.csv:1: the header file is empty: expected one line of column names", error.Message);
    }
}
