using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;
using Microsoft.Data.Sqlite;
using NetTopologySuite.IO;
using Parquet;
using Parquet.Schema;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>
/// GeoPackage and Parquet have no real sample in ../shared: real files read by another reader (the Rhône shapefile,
/// Filosofi's CSV) are written in those formats with their own libraries, and read back through our readers.
/// </summary>
public sealed class RoundTripReaderTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-roundtrip-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    private static SourceTable Read(string path, SourceDefinition source, string[] text, string[]? numbers = null) =>
        SourceReader.Read("test", source with { Path = path }, (_, p) => SourceFile.OnDisk(p), text, numbers ?? []);

    [SkippableFact]
    public void GeoPackage_IgnLayout_ReadsLayerGeometriesAndSrs()
    {
        var shp = SharedData.Find("data/real/ign_iris_ge_dep69_rhone/IRIS_GE.SHP");
        var shapefile = Read(shp, new SourceDefinition(), ["CODE_IRIS", "INSEE_COM"]);
        var gpkg = Path.Combine(_work, "contours.gpkg");
        WriteIgnStyleGeoPackage(gpkg, shapefile);

        var table = Read(gpkg, new SourceDefinition(), ["code_iris", "code_insee"]);
        Assert.Equal("geopackage", table.Report.Format);
        Assert.Equal(2154, table.Crs!.Epsg);
        Assert.Equal(shapefile.Text["CODE_IRIS"], table.Text["code_iris"]);
        for (var i = 0; i < table.RowCount; i++) Assert.True(shapefile.Geometries![i].EqualsExact(table.Geometries![i]), shapefile.Text["CODE_IRIS"][i]);
    }

    [SkippableFact]
    public void GeoPackage_BrokenGeometryBlob_NamesTheFeature()
    {
        var shp = SharedData.Find("data/real/ign_iris_ge_dep69_rhone/IRIS_GE.SHP");
        var shapefile = Read(shp, new SourceDefinition(), ["CODE_IRIS", "INSEE_COM"]);
        var gpkg = Path.Combine(_work, "broken.gpkg");
        // The third feature's blob is cut in half: its header says more coordinates than it holds.
        WriteIgnStyleGeoPackage(gpkg, shapefile, (i, bytes) => i == 2 ? bytes[..(bytes.Length / 2)] : bytes);

        var error = Assert.Throws<FragilityException>(() => Read(gpkg, new SourceDefinition(), ["code_iris", "code_insee"]));
        Assert.StartsWith($"{gpkg}:3: column 'geometrie': feature 3 of layer 'contours_iris': its geometry blob is broken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [SkippableFact]
    public async Task Parquet_FilosofiColumns_EqualTheCsvValues()
    {
        var csv = SharedData.Find("data/real/insee_filosofi_2018_iris_national/income_paris_2018.csv");
        var fromCsv = Read(csv, new SourceDefinition(), ["IRIS"], ["DISP_TP6018", "DISP_MED18"]);
        var parquet = Path.Combine(_work, "filosofi.parquet");
        await WriteParquet(parquet, fromCsv);

        var fromParquet = Read(parquet, new SourceDefinition(), ["IRIS"], ["DISP_TP6018", "DISP_MED18"]);
        Assert.Equal(fromCsv.Text["IRIS"], fromParquet.Text["IRIS"]);
        Assert.Equal(fromCsv.Numbers["DISP_TP6018"], fromParquet.Numbers["DISP_TP6018"]);
        Assert.Equal(fromCsv.Numbers["DISP_MED18"], fromParquet.Numbers["DISP_MED18"]);
        Assert.Equal(fromCsv.Report.MissingCounts["DISP_TP6018"], fromParquet.Report.MissingCounts["DISP_TP6018"]);
    }

    private static async Task WriteParquet(string path, SourceTable table)
    {
        var iris = new DataField<string>("IRIS");
        var poverty = new DataField<double?>("DISP_TP6018");
        var median = new DataField<double?>("DISP_MED18");
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(iris, poverty, median), stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(iris, table.Text["IRIS"]);
        double?[] Nullable(double[] values) => values.Select(v => double.IsNaN(v) ? (double?)null : v).ToArray();
        await group.WriteAsync<double>(poverty, new ReadOnlyMemory<double?>(Nullable(table.Numbers["DISP_TP6018"])));
        await group.WriteAsync<double>(median, new ReadOnlyMemory<double?>(Nullable(table.Numbers["DISP_MED18"])));
    }

    // The layout of IGN's CONTOURS-IRIS 3.0 GeoPackage: layer contours_iris, geometry column geometrie, EPSG:2154.
    private static void WriteIgnStyleGeoPackage(string path, SourceTable table, Func<int, byte[], byte[]>? blob = null)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
                INSERT INTO gpkg_spatial_ref_sys VALUES ('RGF93 v1 / Lambert-93', 2154, 'EPSG', 2154, 'PROJCS["RGF93 v1 / Lambert-93"]', NULL);
                CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT, description TEXT, last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
                INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('contours_iris', 'features', 2154);
                CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
                INSERT INTO gpkg_geometry_columns VALUES ('contours_iris', 'geometrie', 'MULTIPOLYGON', 2154, 0, 0);
                CREATE TABLE contours_iris (cleabs INTEGER PRIMARY KEY, code_insee TEXT, code_iris TEXT, geometrie BLOB);
                """;
            create.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO contours_iris (code_insee, code_iris, geometrie) VALUES ($commune, $iris, $geometry)";
        var commune = insert.Parameters.Add("$commune", SqliteType.Text);
        var iris = insert.Parameters.Add("$iris", SqliteType.Text);
        var geometry = insert.Parameters.Add("$geometry", SqliteType.Blob);
        var writer = new GeoPackageGeoWriter();
        for (var i = 0; i < table.RowCount; i++)
        {
            commune.Value = table.Text["INSEE_COM"][i];
            iris.Value = table.Text["CODE_IRIS"][i];
            var shape = table.Geometries![i].Copy();
            shape.SRID = 2154;
            geometry.Value = blob is null ? writer.Write(shape) : blob(i, writer.Write(shape));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
