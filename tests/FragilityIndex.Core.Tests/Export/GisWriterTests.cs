using FragilityIndex.Definition;
using FragilityIndex.Export;
using FragilityIndex.Geography;
using FragilityIndex.Scoring;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Parquet;

namespace FragilityIndex.Tests.Export;

/// <summary>GeoParquet and GeoPackage, read back with Parquet.Net and with SQLite + NetTopologySuite's GeoPackage reader.</summary>
public sealed class GisWriterTests : IDisposable
{
    private static readonly GeometryFactory Factory = new();
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-gis-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static LevelScores Scores(TerritoryLevel level = TerritoryLevel.Iris) => new(level, TerritoryLevel.Departement, ["690010101", "690010102"], ["Nord", "Sud"], ["69", "69"],
        [(TerritoryLevel.Commune, ["69001", "69001"])],
        [ScoreColumn.OfReals("score_global", ColumnRole.Score, [101.5, double.NaN]), ScoreColumn.OfWholes("score_global_rank", ColumnRole.Rank, [1, ScoreColumn.Missing]), ScoreColumn.OfWholes("imputed_x", ColumnRole.Flag, [0, 1])]);

    // Two 1 km squares in Lambert-93 near Lyon; the second one is a multipolygon of two 400 m squares 200 m apart (parts
    // of a valid multipolygon may not share an edge).
    private static Geometry[] Squares() =>
    [
        Square(840_000, 6_520_000, 1_000),
        Factory.CreateMultiPolygon([Square(841_000, 6_520_000, 400), Square(841_600, 6_520_000, 400)]),
    ];

    private static Polygon Square(double x, double y, double side) =>
        Factory.CreatePolygon([new(x, y), new(x + side, y), new(x + side, y + side), new(x, y + side), new(x, y)]);

    [Fact]
    public async Task GeoParquet_HasATypedSchemaNullsAndWkbInLongitudeLatitude()
    {
        using var stream = new MemoryStream();
        await GeoParquetWriter.WriteAsync(Scores(), Squares(), CrsCatalog.Lambert93, stream);
        stream.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name);
        // Parquet.Net hands strings and binaries back as ReadOnlyMemory.
        Assert.Equal(typeof(ReadOnlyMemory<char>), fields["code"].ClrType);
        Assert.Equal(typeof(ReadOnlyMemory<char>), fields["commune_code"].ClrType);
        Assert.Equal(typeof(double), fields["score_global"].ClrType);
        Assert.True(fields["score_global"].IsNullable);
        Assert.Equal(typeof(int), fields["score_global_rank"].ClrType);
        Assert.Equal(typeof(ReadOnlyMemory<byte>), fields["geometry"].ClrType);

        using var group = reader.OpenRowGroupReader(0);
        var scores = new double?[2];
        await group.ReadAsync(fields["score_global"], scores.AsMemory());
        Assert.Equal(new double?[] { 101.5, null }, scores);
        var ranks = new int?[2];
        await group.ReadAsync(fields["score_global_rank"], ranks.AsMemory());
        Assert.Equal(new int?[] { 1, null }, ranks);
        var blobs = new byte[]?[2];
        await group.ReadAsync(fields["geometry"], blobs.AsMemory());
        var first = new WKBReader().Read(blobs[0]!);
        var second = new WKBReader().Read(blobs[1]!);
        Assert.IsType<Polygon>(first);
        Assert.IsType<MultiPolygon>(second);
        // The same corner as ProjNet gives for (840000, 6520000), rounded to 6 decimals.
        var (lon, lat) = new Reprojection(CrsCatalog.Lambert93, CrsCatalog.Wgs84).Apply(840_000, 6_520_000);
        Assert.Contains(first.Coordinates, c => c.X == Math.Round(lon, 6) && c.Y == Math.Round(lat, 6));

        var geo = System.Text.Json.JsonDocument.Parse(reader.CustomMetadata["geo"]).RootElement;
        var column = geo.GetProperty("columns").GetProperty("geometry");
        Assert.Equal(["MultiPolygon", "Polygon"], column.GetProperty("geometry_types").EnumerateArray().Select(t => t.GetString()!).ToArray());
        var bbox = column.GetProperty("bbox").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        var envelope = new Envelope(first.EnvelopeInternal);
        envelope.ExpandToInclude(second.EnvelopeInternal);
        Assert.Equal(new[] { envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY }, bbox);
    }

    [Fact]
    public void GeoPackage_IsAValidPackageWithOneLayerPerLevel()
    {
        var path = Path.Combine(_work, "map.gpkg");
        GeoPackageWriter.Write(path, [new(Scores(), Squares()), new(Scores(TerritoryLevel.Commune), Squares())], CrsCatalog.Lambert93, "test");
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        object? Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }

        Assert.Equal(0x47504B47L, Scalar("PRAGMA application_id"));
        Assert.Equal(10200L, Scalar("PRAGMA user_version"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
        Assert.Equal("iris,commune", Scalar("SELECT group_concat(table_name) FROM gpkg_contents WHERE data_type = 'features' AND srs_id = 4326"));
        Assert.Equal("MULTIPOLYGON", Scalar("SELECT geometry_type_name FROM gpkg_geometry_columns WHERE table_name = 'iris' AND column_name = 'geom'"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id = 4326 AND organization = 'EPSG'"));
        Assert.Equal("integer", Scalar("SELECT typeof(score_global_rank) FROM iris WHERE code = '690010101'"));
        Assert.Equal("null", Scalar("SELECT typeof(score_global) FROM iris WHERE code = '690010102'"));
        Assert.Equal(101.5, Scalar("SELECT score_global FROM iris WHERE code = '690010101'"));

        var geometry = new GeoPackageGeoReader { HandleSRID = true }.Read((byte[])Scalar("SELECT geom FROM iris WHERE code = '690010102'")!);
        Assert.IsType<MultiPolygon>(geometry);
        Assert.Equal(4326, geometry.SRID);
        Assert.Equal(2, geometry.NumGeometries);
        var extent = (double)Scalar("SELECT min_x FROM gpkg_contents WHERE table_name = 'iris'")!;
        Assert.InRange(extent, 4.7, 4.9);
    }

    [Fact]
    public void GeoPackage_TwiceIsByteIdentical()
    {
        var first = Path.Combine(_work, "a.gpkg");
        var second = Path.Combine(_work, "b.gpkg");
        GeoPackageWriter.Write(first, [new(Scores(), Squares())], CrsCatalog.Lambert93, "test");
        GeoPackageWriter.Write(second, [new(Scores(), Squares())], CrsCatalog.Lambert93, "test");
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void GeoPackage_LastChange_IsTheCallersDate_TheEpochByDefault()
    {
        string LastChange(DateTimeOffset? date, string name)
        {
            var path = Path.Combine(_work, name);
            GeoPackageWriter.Write(path, [new(Scores(), Squares())], CrsCatalog.Lambert93, "test", lastChange: date);
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT group_concat(DISTINCT last_change) FROM gpkg_contents";
            return (string)command.ExecuteScalar()!;
        }

        Assert.Equal("1970-01-01T00:00:00.000Z", LastChange(null, "epoch.gpkg"));
        // 1,709,251,200 s after the epoch: 2024-03-01 at midnight UTC, whatever the offset it is given in.
        Assert.Equal("2024-03-01T00:00:00.000Z", LastChange(new DateTimeOffset(2024, 3, 1, 1, 0, 0, TimeSpan.FromHours(1)), "dated.gpkg"));
    }
}
