using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using FragilityIndex.Ingestion;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>Each reader on the real files of ../shared/data/real, checked against counts worked out independently.</summary>
public sealed class RealSourceReaderTests
{
    private static SourceTable Read(string path, SourceDefinition source, string[] text, string[]? numbers = null) =>
        SourceReader.Read("test", source with { Path = path }, (_, p) => SourceFile.OnDisk(p), text, numbers ?? []);

    private static Envelope Wgs84Envelope(SourceTable table)
    {
        var toWgs84 = new Reprojection(table.Crs!, CrsCatalog.Wgs84);
        var envelope = new Envelope();
        foreach (var geometry in table.Geometries!) envelope.ExpandToInclude(toWgs84.Apply(geometry).EnvelopeInternal);
        return envelope;
    }

    [SkippableFact]
    public void Shapefile_RhoneIrisGe_HasEveryIrisOfIgnListInLambert93()
    {
        var shp = SharedData.Find("data/real/ign_iris_ge_dep69_rhone/IRIS_GE.SHP");
        var list = SharedData.Find("data/real/ign_iris_ge_dep69_rhone/LISTE.csv");
        var table = Read(shp, new SourceDefinition(), ["CODE_IRIS", "INSEE_COM", "NOM_IRIS"]);

        Assert.Equal(752, table.RowCount);
        Assert.Equal(2154, table.Crs!.Epsg);
        Assert.All(table.Text["CODE_IRIS"], code => Assert.Equal(9, code.Length));
        Assert.All(table.Geometries!, g => Assert.True(g is Polygon or MultiPolygon, g.GeometryType));
        // LISTE.csv, shipped beside the contours, counts the IRIS of each commune split into IRIS.
        var counts = table.Text["INSEE_COM"].GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var listed = PlainCsv.Read(list, ';').Skip(1).Where(r => r.Length == 3 && r[2].Length > 0).ToList();
        Assert.NotEmpty(listed);
        foreach (var row in listed) Assert.Equal(int.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture), counts[row[0]]);
        // UTF-8 names (the .cpg says so): accents survive.
        Assert.Contains(table.Text["NOM_IRIS"], n => n.Contains('é', StringComparison.Ordinal));
        var envelope = Wgs84Envelope(table);
        Assert.InRange(envelope.MinX, 4.2, 4.4);
        Assert.InRange(envelope.MaxX, 4.9, 5.2);
        Assert.InRange(envelope.MinY, 45.4, 45.5);
        Assert.InRange(envelope.MaxY, 46.2, 46.35);
    }

    [SkippableFact]
    public void Shapefile_CotesDarmor_ReadsLowerCaseSiblings()
    {
        var shp = SharedData.Find("data/real/ign_contours_iris_dep22_cotes_darmor/dep22.shp");
        var table = Read(shp, new SourceDefinition(), ["CODE_IRIS"]);
        Assert.Equal(414, table.RowCount);
        Assert.Equal(2154, table.Crs!.Epsg);
        var envelope = Wgs84Envelope(table);
        Assert.True(envelope.MinX > -3.7 && envelope.MaxX < -1.9 && envelope.MinY > 48.0 && envelope.MaxY < 49.0, envelope.ToString());
    }

    [SkippableFact]
    public void TopoJson_HauteGaronne_StitchesQuantisedArcsIntoTheDepartement()
    {
        var path = SharedData.Find("data/real/ign_iris_topojson_dep31_haute_garonne/iris.topojson");
        var error = Assert.Throws<FragilityException>(() => Read(path, new SourceDefinition(), ["CODE_IRIS"]));
        Assert.Contains("\"crs\"", error.Message, StringComparison.Ordinal);

        var table = Read(path, new SourceDefinition { Crs = "EPSG:2154" }, ["CODE_IRIS", "INSEE_COM"]);
        Assert.Equal(849, table.RowCount);
        Assert.All(table.Geometries!, g => Assert.True(g.IsValid || g.Buffer(0).Area > 0));
        // Haute-Garonne covers 6,309 km² (INSEE): the stitched IRIS must tile it.
        var area = table.Geometries!.Sum(g => g.Area) / 1e6;
        Assert.InRange(area, 6309 * 0.98, 6309 * 1.02);
        // The topology's bbox, decoded independently: 490887–622981 E, 6179481–6314707 N.
        var envelope = new Envelope();
        foreach (var g in table.Geometries!) envelope.ExpandToInclude(g.EnvelopeInternal);
        Assert.Equal(490887, envelope.MinX, 0);
        Assert.Equal(6314707, envelope.MaxY, 0);
    }

    [SkippableFact]
    public void GeoJson_Strasbourg_IntegerCodesBecomeNineCharacterText()
    {
        var path = SharedData.Find("data/real/strasbourg_eurometropole_iris/iris.geojson");
        var table = Read(path, new SourceDefinition(), ["dcomiris", "depcom"]);
        Assert.Equal(195, table.RowCount);
        Assert.Equal(4326, table.Crs!.Epsg);
        Assert.Contains("674820901", table.Text["dcomiris"]);
        Assert.All(table.Text["dcomiris"], code => Assert.Equal(9, code.Length));
        Assert.All(table.Geometries!, g => Assert.IsType<MultiPolygon>(g));
    }

    [SkippableFact]
    public void GeoJson_LyonRp2012_ReadsCodesAndNumbers()
    {
        var path = SharedData.Find("data/real/lyon_iris_rp2012_lyonmetro/iris.geojson");
        var table = Read(path, new SourceDefinition(), ["id"], ["p12_pop"]);
        Assert.Equal(358, table.RowCount);
        Assert.All(table.Text["id"], code => Assert.StartsWith("69", code, StringComparison.Ordinal));
        Assert.True(table.Numbers["p12_pop"].Sum() > 500_000);
    }

    [SkippableFact]
    public void JsonArray_Hinaura_KeepsPlacesWithCoordinates()
    {
        var path = SharedData.Find("data/real/lieux_mediation_hinaura_2021/hinaura.json");
        var table = Read(path, new SourceDefinition { Latitude = "bf_latitude", Longitude = "bf_longitude" }, ["Code postal"]);
        // 1,171 objects; one has empty coordinates (checked with Python's json module).
        Assert.Equal(1170, table.RowCount);
        Assert.Equal(1, table.Report.RowsWithoutGeometry);
        Assert.Contains("74360", table.Text["Code postal"]);
        Assert.All(table.Geometries!, p => Assert.InRange(((Point)p).Y, 41, 51.5));
    }

    [SkippableFact]
    public void Csv_FranceServices_QuotedMultiLineRecordsAndMissingCoordinates()
    {
        var path = SharedData.Find("data/real/france_services_2022/liste-fs-20221201.csv");
        var table = Read(path, new SourceDefinition { Latitude = "latitude", Longitude = "longitude" }, ["id_fs", "insee_com"]);
        // 2,683 records, 30 without latitude or longitude (counted with Python's csv module).
        Assert.Equal(2653, table.RowCount);
        Assert.Equal(30, table.Report.RowsWithoutGeometry);
        Assert.Equal(4326, table.Crs!.Epsg);
    }

    [SkippableFact]
    public void Csv_ArcepExport_SkipsDisclaimerAndKeepsCodesAsText()
    {
        var path = SharedData.Find("data/real/dataforgood_batch8_mednum/commune-debit-beta.csv");
        var table = Read(path, new SourceDefinition { SkipLines = 1 }, ["code_insee"], ["nbr", "elig_thd30"]);
        Assert.Equal(35359, table.RowCount);
        Assert.Equal(';', table.Report.Separator);
        Assert.Equal(3, table.LineNumbers[0]);
        Assert.Contains("69123", table.Text["code_insee"]);
        Assert.Contains("01001", table.Text["code_insee"]);
    }

    [SkippableFact]
    public void Csv_Filosofi2018_CountsUnpublishedCells()
    {
        var path = SharedData.Find("data/real/insee_filosofi_2018_iris_national/income_paris_2018.csv");
        var table = Read(path, new SourceDefinition(), ["IRIS"], ["DISP_TP60{yy}", "DISP_MED{yy}"]);
        Assert.Equal(12395, table.RowCount);
        // The research notes count 2,881 empty poverty rates and one IRIS with every value empty.
        Assert.Equal(2881, table.Report.MissingCounts["DISP_TP60{yy}"]);
        Assert.Equal(1, table.Report.MissingCounts["DISP_MED{yy}"]);
    }

    [SkippableFact]
    public void Csv_Design4Green_HeaderFromItsOwnFileAndVintagePatterns()
    {
        var path = SharedData.Find("data/real/mednum_ifn_design4green2020_by_dept/69.csv");
        var header = SharedData.Find("data/real/mednum_ifn_design4green2020_by_dept/headers.csv");
        var table = Read(path, new SourceDefinition { HasHeader = false, Header = header, Separator = ";" }, ["Code Iris"], ["P{yy}_POP", "P{yy}_POP65P"]);
        Assert.Equal(751, table.RowCount);
        // SOURCES.md: the 751 IRIS of the Rhône file hold 1,827,342 inhabitants (P16 Pop).
        Assert.Equal(1827342, table.Numbers["P{yy}_POP"].Sum(), 0);
    }

    [SkippableFact]
    public void Csv_IrisReferenceTable_AllFranceWithCorsicaAndMayotte()
    {
        var path = SharedData.Find("data/real/dataforgood_batch8_mednum/table_iris_insee_epci.csv");
        var table = Read(path, new SourceDefinition(), ["CODE_IRIS", "CODE_INSEE", "DEP", "REG"]);
        Assert.Equal(49423, table.RowCount);
        Assert.Contains("2A0010000", table.Text["CODE_IRIS"]);
        Assert.Contains("976010100", table.Text["CODE_IRIS"]);
        Assert.Equal(33079, table.Text["CODE_IRIS"].Count(c => c.EndsWith("0000", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public void Csv_CnafDemo_DecimalComma()
    {
        var path = SharedData.Find("data/real/dataforgood_batch8_mednum/data_DEMO_2020_V1_COM.csv");
        var table = Read(path, new SourceDefinition { DecimalMark = "," }, ["CODGEO"], ["TX_F"]);
        Assert.Equal(791, table.RowCount);
        Assert.Equal(51.6, table.Numbers["TX_F"][0], 12);
    }
}
