using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using FragilityIndex.Ingestion;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>Geometry held in a table's column, as open-data portals export it: GeoJSON, WKT, hex WKB, "lat, lon".</summary>
public sealed class GeometryColumnTests
{
    private static SourceTable Read(string content, SourceDefinition source) =>
        SourceReader.Read("test", source with { Path = "units.csv", Separator = ";" }, (_, _) => SourceFile.InMemory("units.csv", Encoding.UTF8.GetBytes(content)), ["code"], []);

    // The same 1 km square of Lyon in each form (WKB: little-endian polygon, worked out with Python's struct).
    private const string SquareGeoJson = "\"{\"\"type\"\": \"\"Polygon\"\", \"\"coordinates\"\": [[[4.8, 45.7], [4.81, 45.7], [4.81, 45.71], [4.8, 45.71], [4.8, 45.7]]]}\"";

    [Fact]
    public void GeoJsonColumn_GivesPolygonsInWgs84_AndDropsTheText()
    {
        var table = Read($"code;Geo Shape\n690010101;{SquareGeoJson}\n", new SourceDefinition { Geometry = "Geo Shape" });
        var polygon = Assert.IsType<Polygon>(Assert.Single(table.Geometries!));
        Assert.Equal(CrsCatalog.Wgs84, table.Crs);
        Assert.Equal(0.01 * 0.01, polygon.Area, 12);
        Assert.False(table.Text.ContainsKey("Geo Shape"));
    }

    [Fact]
    public void WktAndHexWkb_NeedTheSourcesCrs_AndReadTheSameSquare()
    {
        const string wkt = "POLYGON ((842000 6519000, 843000 6519000, 843000 6520000, 842000 6520000, 842000 6519000))";
        var byWkt = Read($"code;shape\n690010101;{wkt}\n", new SourceDefinition { Geometry = "shape", Crs = "EPSG:2154" });
        Assert.Equal(1_000_000, byWkt.Geometries![0].Area, 6);
        Assert.Equal(CrsCatalog.Lambert93, byWkt.Crs);

        var hex = Convert.ToHexString(new NetTopologySuite.IO.WKBWriter().Write(byWkt.Geometries[0]));
        var byWkb = Read($"code;shape\n690010101;{hex}\n", new SourceDefinition { Geometry = "shape", Crs = "EPSG:2154" });
        Assert.True(byWkb.Geometries![0].EqualsExact(byWkt.Geometries[0]));

        var error = Assert.Throws<FragilityException>(() => Read($"code;shape\n690010101;{wkt}\n", new SourceDefinition { Geometry = "shape" }));
        Assert.Equal("units.csv: column 'shape': WKT geometries carry no coordinate system: give the source its \"crs\" (\"EPSG:2154\", \"CRS84\")", error.Message);
    }

    [Fact]
    public void GeoPointColumn_GivesPlaces_AndSetsAsideRowsWithoutOne()
    {
        var table = Read("code;Geo Point\nfs-1;45.75, 4.85\nfs-2;\nfs-3;45.76,4.86\n", new SourceDefinition { Geometry = "Geo Point" });
        Assert.Equal(2, table.RowCount);
        Assert.Equal([2, 4], table.LineNumbers);
        var point = Assert.IsType<Point>(table.Geometries![0]);
        // "lat, lon": the first number is the latitude.
        Assert.Equal((4.85, 45.75), (point.X, point.Y));
        Assert.Equal(1, table.Report.RowsWithoutGeometry);
    }

    [Theory]
    [InlineData("code;Geo Shape\n690010101;{\"type\": \"Polygon\"\n", "units.csv:2: column 'Geo Shape': '{\"type\": \"Polygon\"' is not a GeoJSON geometry")]
    [InlineData("code;shape\n690010101;45.7, 4.8\n690010102;POINT (4.8 45.7)\n", "units.csv:3: column 'shape': a WKT among \"lat, lon\" geometries: expected one form for the whole column")]
    [InlineData("code;shape\n690010101;not a shape\n", "units.csv:2: column 'shape': 'not a shape' is no geometry: expected GeoJSON, WKT, hex WKB or \"lat, lon\"")]
    [InlineData("code;shape\n690010101;" + SquareGeoJson + "\n690010102;\n", "units.csv:3: column 'shape': no geometry in this row: every unit of a layer needs one")]
    [InlineData("code;shape\n690010101;{\"type\": \"LineString\", \"coordinates\": [[4.8, 45.7], [4.9, 45.8]]}\n", "units.csv:2: column 'shape': a LineString: expected a Polygon or MultiPolygon")]
    [InlineData("code;shape\n690010101;\n690010102;" + SquareGeoJson + "\n", "units.csv:2: column 'shape': no geometry in this row: every unit of a layer needs one")]
    [InlineData("code;shape\n690010101;\n690010102; \n", "units.csv: column 'shape': the geometry column is empty in every row")]
    [InlineData("code;shape\n690010101;\n690010102;" + SquareGeoJson + "\n690010103;{\"type\": \"Polygon\"\n", "units.csv:2: column 'shape': no geometry in this row")]
    [InlineData("code;contour\n690010101;" + SquareGeoJson + "\n", "units.csv:1: column 'shape'")]
    [InlineData("code;shape\n690010101;95.0, 4.8\n", "units.csv:2: column 'shape': '95.0, 4.8' is not a \"lat, lon\" geometry: latitude 95 or longitude 4.8 out of range")]
    public void BadGeometryText_IsRefusedNamingItsLine(string content, string expected)
    {
        var error = Assert.Throws<FragilityException>(() => Read(content, new SourceDefinition { Geometry = content.Contains("Geo Shape", StringComparison.Ordinal) ? "Geo Shape" : "shape" }));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGeometryColumnWithAWhere_IsParsedOnlyForTheRowsKept()
    {
        // The row the "where" leaves out has no geometry: it is not looked at, as the rows of a shapefile are not.
        var table = Read("code;type;shape\n690010101;Z;" + SquareGeoJson + "\n690010102;A;\n",
            new SourceDefinition { Geometry = "shape", RowsWhere = new() { ["type"] = ["Z"] } });
        Assert.Equal(1, table.RowCount);
        Assert.IsType<Polygon>(Assert.Single(table.Geometries!));
    }
}
