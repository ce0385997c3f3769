using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>
/// What the readers refuse, and what they repair and report: truncated files, invalid UTF-8, shapefiles whose files
/// disagree, coordinates that cannot be in their CRS, non-polygons and invalid polygons, codes spreadsheets mangled.
/// </summary>
public sealed class HardenedReaderTests
{
    private static SourceTable Read(SourceFile file, SourceDefinition source, string[] text, string[]? numbers = null) =>
        SourceReader.Read("test", source with { Path = file.DisplayName }, (_, _) => file, text, numbers ?? []);

    private static SourceTable ReadText(string fileName, string content, SourceDefinition source, string[] text, string[]? numbers = null) =>
        Read(SourceFile.InMemory(fileName, Encoding.UTF8.GetBytes(content)), source, text, numbers);

    [SkippableFact]
    public void Csv_CutInsideTheLastValue_IsRefusedNotReadAsAShorterNumber()
    {
        // Cut after "20", the last value 20064.23 would read as 20.
        var error = Assert.Throws<FragilityException>(() =>
            ReadText("filosofi.csv", "IRIS;MED\n690810101;21830.5\n690810102;20", new SourceDefinition(), ["IRIS"], ["MED"]));
        Assert.Equal("filosofi.csv:3: the file ends inside this record, with no line break after it: it looks truncated (a whole file ends with a line break)", error.Message);
    }

    [SkippableFact]
    public void Csv_RecordShorterThanHeader_IsRefusedNamingTheLine()
    {
        // The asked-for columns are all there; the record still lacks the header's last field.
        var error = Assert.Throws<FragilityException>(() =>
            ReadText("census.csv", "IRIS;POP;P65\n690810101;1200;300\n690810102;900\n690810103;1000;50\n", new SourceDefinition(), ["IRIS"], ["POP"]));
        Assert.StartsWith("census.csv:3: column 'P65': the record has 2 fields, expected 3", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Csv_EndsInsideQuotes_IsRefused()
    {
        var error = Assert.Throws<FragilityException>(() =>
            ReadText("names.csv", "IRIS;NOM;POP\n690810101;\"Ecully Centre\";1200\n690810102;\"Ecully\n", new SourceDefinition(), ["IRIS", "NOM"], ["POP"]));
        Assert.StartsWith("names.csv:3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [SkippableFact]
    public void Csv_DeclaredUtf8WithInvalidBytes_NamesTheFirstBadLine()
    {
        var bytes = Encoding.UTF8.GetBytes("CODGEO;LIBGEO;POP\n01001;Abergement;800\n").Concat(new byte[] { (byte)'0', (byte)'1', (byte)'0', (byte)'0', (byte)'2', (byte)';', 0xC9, (byte)'v', (byte)';', (byte)'1', (byte)'\n' }).ToArray();
        var error = Assert.Throws<FragilityException>(() => Read(SourceFile.InMemory("communes.csv", bytes), new SourceDefinition { Encoding = "utf-8" }, ["CODGEO", "LIBGEO"], ["POP"]));
        Assert.StartsWith("communes.csv:3: invalid UTF-8 bytes", error.Message, StringComparison.Ordinal);

        // Undeclared, the same bytes are Windows-1252 (É), detected and read.
        var table = Read(SourceFile.InMemory("communes.csv", bytes), new SourceDefinition(), ["CODGEO", "LIBGEO"], ["POP"]);
        Assert.Equal("Év", table.Text["LIBGEO"][1]);
    }

    [SkippableFact]
    public void GeoJson_NumberThatOverflows_IsRefusedNamingTheFile()
    {
        const string json = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"690810101","pop":1e999},"geometry":{"type":"Point","coordinates":[4.8,45.8]}}]}""";
        var error = Assert.Throws<FragilityException>(() => ReadText("f.geojson", json + "\n", new SourceDefinition(), ["code"], ["pop"]));
        Assert.StartsWith("f.geojson", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", error.Message[..12], StringComparison.Ordinal);
    }

    [SkippableFact]
    public void GeoJson_Lambert93CoordinatesWithoutCrs_IsRefusedWithTheLikelyCrs()
    {
        const string json = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"690810101"},"geometry":{"type":"Polygon","coordinates":[[[838000,6520000],[839000,6520000],[839000,6521000],[838000,6520000]]]}}]}""";
        var error = Assert.Throws<FragilityException>(() => ReadText("iris.geojson", json, new SourceDefinition(), ["code"]));
        Assert.Equal("iris.geojson: coordinates from (838000, 6520000) to (839000, 6521000) cannot be EPSG:4326 (WGS 84): these look like RGF93 / Lambert-93 metres (EPSG:2154); if the file names the wrong system, give the source its \"crs\"", error.Message);
    }

    [SkippableFact]
    public void GeoJson_IgnfLamb93AsOgr2ogrWritesIt_IsLambert93()
    {
        const string json = """{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:IGNF::LAMB93"}},"features":[{"type":"Feature","properties":{"code":"690810101"},"geometry":{"type":"Polygon","coordinates":[[[838000,6520000],[839000,6520000],[839000,6521000],[838000,6520000]]]}}]}""";
        var table = ReadText("iris.geojson", json, new SourceDefinition(), ["code"]);
        Assert.Equal(2154, table.Crs!.Epsg);
        Assert.Equal(2154, CrsCatalog.FromName("IGNF:LAMB93")!.Epsg);
    }

    [SkippableFact]
    public void Points_LatitudeOutOfRange_IsRefusedByLine()
    {
        var error = Assert.Throws<FragilityException>(() =>
            ReadText("places.csv", "id;lat;lon\n1;45.76;4.83\n2;145.76;4.83\n", new SourceDefinition { Latitude = "lat", Longitude = "lon" }, ["id"]));
        Assert.Equal("places.csv:3: column 'lat': latitude 145.76 is outside -90..90: are the coordinate columns right?", error.Message);
    }

    [SkippableFact]
    public void Points_ProjectedCoordinatesOutsideTheirCrs_AreRefused()
    {
        // Degrees in columns declared Lambert-93.
        var error = Assert.Throws<FragilityException>(() =>
            ReadText("places.csv", "id;x;y\n1;4.83;45.76\n", new SourceDefinition { X = "x", Y = "y", Crs = "EPSG:2154" }, ["id"]));
        Assert.Contains("cannot be EPSG:2154", error.Message, StringComparison.Ordinal);
        Assert.Contains("these look like longitude/latitude degrees (EPSG:4326)", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Shapefile_DbfOfAnotherExport_RecordCountsDisagree()
    {
        var shp = SharedData.Find("data/real/ign_contours_iris_dep22_cotes_darmor/dep22.shp");
        var dbf = File.ReadAllBytes(Path.ChangeExtension(shp, ".dbf"));
        // 52 records fewer in the .dbf: its header says so and the file ends there.
        var count = BitConverter.ToInt32(dbf, 4);
        var headerLength = BitConverter.ToUInt16(dbf, 8);
        var recordLength = BitConverter.ToUInt16(dbf, 10);
        var shorter = dbf[..(headerLength + (count - 52) * recordLength)];
        BitConverter.GetBytes(count - 52).CopyTo(shorter, 4);
        var file = SourceFile.InMemory("dep22.shp", File.ReadAllBytes(shp), new Dictionary<string, byte[]>
        {
            [".dbf"] = shorter,
            [".prj"] = File.ReadAllBytes(Path.ChangeExtension(shp, ".prj")),
            [".cpg"] = File.ReadAllBytes(Path.ChangeExtension(shp, ".cpg")),
        });
        var error = Assert.Throws<FragilityException>(() => Read(file, new SourceDefinition(), ["CODE_IRIS"]));
        Assert.StartsWith("dep22.shp", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal("dep22.shp: the .shp holds 414 records, its .dbf 362: the files of this shapefile do not belong together or one is truncated", error.Message);
    }

    [SkippableFact]
    public void Shapefile_DbfHeaderAnnouncingMoreThanItHolds_IsTruncated()
    {
        var shp = SharedData.Find("data/real/ign_contours_iris_dep22_cotes_darmor/dep22.shp");
        var dbf = File.ReadAllBytes(Path.ChangeExtension(shp, ".dbf"));
        var file = SourceFile.InMemory("dep22.shp", File.ReadAllBytes(shp), new Dictionary<string, byte[]>
        {
            [".dbf"] = dbf[..(dbf.Length - 1000)],
            [".prj"] = File.ReadAllBytes(Path.ChangeExtension(shp, ".prj")),
        });
        var error = Assert.Throws<FragilityException>(() => Read(file, new SourceDefinition(), ["CODE_IRIS"]));
        Assert.StartsWith("dep22.dbf: its header announces 414 records", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Shapefile_ShxOfAnotherExport_RecordCountsDisagree()
    {
        var shp = SharedData.Find("data/real/ign_contours_iris_dep22_cotes_darmor/dep22.shp");
        var shx = File.ReadAllBytes(Path.ChangeExtension(shp, ".shx"));
        var file = SourceFile.InMemory("dep22.shp", File.ReadAllBytes(shp), new Dictionary<string, byte[]>
        {
            [".dbf"] = File.ReadAllBytes(Path.ChangeExtension(shp, ".dbf")),
            [".shx"] = shx[..(shx.Length - 8 * 10)],
            [".prj"] = File.ReadAllBytes(Path.ChangeExtension(shp, ".prj")),
        });
        var error = Assert.Throws<FragilityException>(() => Read(file, new SourceDefinition(), ["CODE_IRIS"]));
        Assert.Equal("dep22.shp: the .shp holds 414 records, its .dbf 414 and its .shx 404: the files of this shapefile do not belong together or one is truncated", error.Message);
    }

    [SkippableFact]
    public void UnitGeometries_Bowtie_IsRepairedAndReported()
    {
        var reader = new WKTReader();
        var geometries = new[]
        {
            reader.Read("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"),
            reader.Read("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))"), // a bowtie: self-intersecting at (5 5)
        };
        var warnings = UnitGeometries.CheckAndRepair(geometries, ["690810101", "690810102"], [2, 3], "iris.shp");
        var warning = Assert.Single(warnings);
        Assert.StartsWith("iris.shp: 1 invalid polygons repaired: 690810102 (Self-intersection near 5 5, area 0 → 50)", warning, StringComparison.Ordinal);
        Assert.True(geometries[1].IsValid);
        Assert.Equal(50, geometries[1].Area, 9); // the two triangles of the bowtie, 25 each
        Assert.Equal(100, geometries[0].Area, 9);
    }

    [SkippableFact]
    public void UnitGeometries_Points_AreRefused()
    {
        var geometries = new Geometry[] { new WKTReader().Read("POINT (4.8 45.7)") };
        var error = Assert.Throws<FragilityException>(() => UnitGeometries.CheckAndRepair(geometries, ["690810101"], [5], "places.geojson"));
        Assert.Equal("places.geojson:5: unit '690810101' has a Point: a territory layer must hold polygons (is this a layer of points or lines?)", error.Message);
    }

    [SkippableTheory]
    [InlineData("690810102.0", "690810102")]
    [InlineData("6.90810102E+08", "690810102")]
    [InlineData("69081 0102", "690810102")]
    [InlineData("\uFEFF690810102", "690810102")]
    [InlineData("690810102\0", "690810102")]
    [InlineData("10040101", "010040101")]
    [InlineData("2A0040000", "2A0040000")]
    public void Repair_UnambiguousIrisCode_Repaired(string raw, string expected)
    {
        var code = TerritoryCodes.Repair(raw, TerritoryLevel.Iris, out var repaired);
        Assert.Equal(expected, code);
        Assert.Equal(raw != expected, repaired);
        Assert.True(TerritoryCodes.IsValid(code, TerritoryLevel.Iris));
    }

    [SkippableTheory]
    [InlineData("6.9081E+08")] // digits rounded away: 690810000 is not the code
    [InlineData("6908101023")]
    [InlineData("2C0040000")]
    [InlineData("69081O102")]
    public void IsValid_AmbiguousOrMalformedIrisCode_IsFalse(string raw)
    {
        var code = TerritoryCodes.Repair(raw, TerritoryLevel.Iris, out _);
        Assert.False(TerritoryCodes.IsValid(code, TerritoryLevel.Iris), code);
    }

    [SkippableFact]
    public void Territory_CodeInScientificNotationThatLostDigits_IsRefusedByLineAndColumn()
    {
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes("""
        {
          "sources": { "units": { "separator": ";", "key": "iris" } },
          "territory": { "source": "units", "codes": { "iris": "iris" } },
          "indicators": [ { "id": "a", "source": "units", "numerator": "n", "denominator": "d" } ],
          "nodes": [ { "id": "g", "children": ["a"] } ]
        }
        """), "t.json");
        var data = "iris;n;d\n690810101;1;10\n6.9081E+08;2;10\n";
        var error = Assert.Throws<FragilityException>(() => IndexRun.Execute(definition, (_, _) => SourceFile.InMemory("u.csv", Encoding.UTF8.GetBytes(data)), new ScoringOptions()));
        Assert.Equal("u.csv:3: column 'iris': '6.9081E+08' is not an IRIS code: expected a 9-character IRIS code: a commune code (5 characters, 2A/2B for Corsica) and 4 digits", error.Message);
    }

    [SkippableTheory]
    [InlineData("iris;n;d\n690810101;-1;10\n", "u.csv:2: column 'n': indicator 'a': its numerator is a count and cannot be negative, found -1")]
    [InlineData("iris;n;d\n690810101;12;10\n", "u.csv:2: column 'n': indicator 'a': the numerator (12) exceeds the denominator 'd' (10): a share cannot pass 100 %")]
    [InlineData("iris;n;d\n690810101;;10\n690810102;;5\n", "u.csv: indicator 'a': no unit has a value (source 'units'): do its rows match the units, and are its columns filled? (turn it off with \"enabled\": false)")]
    [InlineData("iris;n;d\n690810101;0;0\n690810102;0;0\n", "u.csv: indicator 'a': every denominator is 0 in source 'units': no unit can have a value")]
    public void Share_ImplausibleCounts_AreRefused(string data, string expected)
    {
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes("""
        {
          "sources": { "units": { "separator": ";", "key": "iris" } },
          "territory": { "source": "units", "codes": { "iris": "iris" } },
          "normalization": { "reference": "france" },
          "indicators": [ { "id": "a", "source": "units", "numerator": "n", "denominator": "d" } ],
          "nodes": [ { "id": "g", "children": ["a"] } ]
        }
        """), "t.json");
        var error = Assert.Throws<FragilityException>(() => IndexRun.Execute(definition, (_, _) => SourceFile.InMemory("u.csv", Encoding.UTF8.GetBytes(data)), new ScoringOptions()));
        Assert.Equal(expected, error.Message);
    }

    [SkippableTheory]
    [InlineData("iris;pop;taux\n690810101;100;12.5\n690810102;100;140\n", "u.csv:3: column 'taux': indicator 'pauvrete': 140 is outside its declared range 0 to 100 (valueRange): is it a percentage where a share is expected, or the wrong column?")]
    [InlineData("iris;pop;taux\n690810101;-100;12.5\n690810102;100;14\n", "u.csv:2: column 'pop': a population cannot be negative, found -100")]
    public void Value_OutsideItsRangeOrNegativePopulation_IsRefused(string data, string expected)
    {
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes("""
        {
          "sources": { "units": { "separator": ";", "key": "iris" } },
          "territory": { "source": "units", "codes": { "iris": "iris" }, "population": "pop" },
          "normalization": { "reference": "france" },
          "indicators": [ { "id": "pauvrete", "source": "units", "value": "taux", "valueRange": [0, 100] } ],
          "nodes": [ { "id": "g", "children": ["pauvrete"] } ]
        }
        """), "t.json");
        var error = Assert.Throws<FragilityException>(() => IndexRun.Execute(definition, (_, _) => SourceFile.InMemory("u.csv", Encoding.UTF8.GetBytes(data)), new ScoringOptions()));
        Assert.Equal(expected, error.Message);
    }

    [SkippableTheory]
    [InlineData("ZZZZZZZZZ", null)]
    [InlineData("200046977", null)]
    [InlineData("2000469", "u.csv:3: column 'epci': '2000469' (the epci of IRIS 690810102) is not a code: expected a 9-digit EPCI SIREN code (ZZZZZZZZZ for a commune in no EPCI)")]
    public void Territory_ParentCodes_MustBeCodes(string epci, string? expected)
    {
        var definition = DefinitionLoader.Load(Encoding.UTF8.GetBytes("""
        {
          "sources": { "units": { "separator": ";", "key": "iris" } },
          "territory": { "source": "units", "codes": { "iris": "iris", "epci": "epci" } },
          "normalization": { "reference": "france" },
          "indicators": [ { "id": "a", "source": "units", "numerator": "n", "denominator": "d" } ],
          "nodes": [ { "id": "g", "children": ["a"] } ]
        }
        """), "t.json");
        var data = $"iris;epci;n;d\n690810101;200046977;1;10\n690810102;{epci};2;10\n";
        SourceFile Open(string _, string __) => SourceFile.InMemory("u.csv", Encoding.UTF8.GetBytes(data));
        if (expected is null)
        {
            var epcis = IndexRun.Execute(definition, Open, new ScoringOptions()).Result[TerritoryLevel.Epci];
            Assert.Contains(epci, epcis.Codes);
            return;
        }

        Assert.Equal(expected, Assert.Throws<FragilityException>(() => IndexRun.Execute(definition, Open, new ScoringOptions())).Message);
    }

    [Fact]
    public void TopoJson_ArcIndexOutOfRange_NamesTheGeometry()
    {
        const string topology = """{"type":"Topology","objects":{"iris":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]],"properties":{"code":"690810101"}},{"type":"Polygon","arcs":[[7]],"properties":{"code":"690810102"}}]}},"arcs":[[[4.8,45.7],[4.9,45.7],[4.9,45.8],[4.8,45.7]]]}""";
        var error = Assert.Throws<FragilityException>(() => ReadText("iris.topojson", topology, new SourceDefinition(), ["code"]));
        Assert.StartsWith("iris.topojson: geometry 2 of object '(the only one)': cannot be built from its arcs:", error.Message, StringComparison.Ordinal);
    }
}
