using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Export;
using FragilityIndex.Geography;
using FragilityIndex.Scoring;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace FragilityIndex.Tests.Export;

/// <summary>The GeoJSON maps: RFC 7946 orientation, WGS84, rounding, typed properties, read back by NetTopologySuite.</summary>
public sealed class GeoJsonWriterTests
{
    private static readonly GeometryFactory Factory = new();
    private static readonly JsonSerializerOptions ReadOptions = new() { Converters = { new GeoJsonConverterFactory() } };

    private static LevelScores Scores() => new(TerritoryLevel.Iris, TerritoryLevel.Departement, ["690010101", "690010102"], ["Nord", "Sud"], ["69", "69"],
        [(TerritoryLevel.Commune, ["69001", "69001"])],
        [ScoreColumn.OfReals("score_global", ColumnRole.Score, [101.5, double.NaN]), ScoreColumn.OfWholes("score_global_rank", ColumnRole.Rank, [1, ScoreColumn.Missing]), ScoreColumn.OfWholes("imputed_x", ColumnRole.Flag, [0, 1])]);

    private static Geometry[] Squares()
    {
        // The first square is written clockwise with a counter-clockwise hole: both must come out the other way round.
        var shell = Factory.CreateLinearRing([new(840_000, 6_520_000), new(840_000, 6_521_000), new(841_000, 6_521_000), new(841_000, 6_520_000), new(840_000, 6_520_000)]);
        var hole = Factory.CreateLinearRing([new(840_400, 6_520_400), new(840_600, 6_520_400), new(840_600, 6_520_600), new(840_400, 6_520_600), new(840_400, 6_520_400)]);
        var second = Factory.CreatePolygon([new(841_000, 6_520_000), new(842_000, 6_520_000), new(842_000, 6_521_000), new(841_000, 6_521_000), new(841_000, 6_520_000)]);
        return [Factory.CreatePolygon(shell, [hole]), second];
    }

    private static byte[] Write(GeometryOptions? options = null)
    {
        using var stream = new MemoryStream();
        GeoJsonWriter.Write(Scores(), Squares(), CrsCatalog.Lambert93, stream, options);
        return stream.ToArray();
    }

    [Fact]
    public void Rings_FollowRfc7946Orientation_InLongitudeLatitude()
    {
        using var document = JsonDocument.Parse(Write());
        var first = document.RootElement.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates");
        double SignedArea(JsonElement ring)
        {
            var points = ring.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToArray();
            return Enumerable.Range(0, points.Length - 1).Sum(i => (points[i].X * points[i + 1].Y) - (points[i + 1].X * points[i].Y)) / 2;
        }

        Assert.True(SignedArea(first[0]) > 0, "exterior ring counter-clockwise");
        Assert.True(SignedArea(first[1]) < 0, "hole clockwise");
        // 840,000 E / 6,520,000 N in Lambert-93 is near Lyon: about 4.80°E, 45.70°N.
        var corner = first[0][0];
        Assert.InRange(corner[0].GetDouble(), 4.7, 4.9);
        Assert.InRange(corner[1].GetDouble(), 45.6, 45.8);
    }

    [Fact]
    public void Coordinates_AreRoundedAndPropertiesTyped()
    {
        var text = System.Text.Encoding.UTF8.GetString(Write(new GeometryOptions { Precision = 4 }));
        using var document = JsonDocument.Parse(text);
        var feature = document.RootElement.GetProperty("features")[0];
        foreach (var point in feature.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray())
        {
            var raw = point[0].GetRawText();
            Assert.True(raw.Length - raw.IndexOf('.', StringComparison.Ordinal) - 1 <= 4, raw);
        }

        var properties = feature.GetProperty("properties");
        Assert.Equal("690010101", properties.GetProperty("code").GetString());
        Assert.Equal("69001", properties.GetProperty("commune_code").GetString());
        Assert.Equal("1", properties.GetProperty("score_global_rank").GetRawText());
        Assert.Equal(101.5, properties.GetProperty("score_global").GetDouble());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("features")[1].GetProperty("properties").GetProperty("score_global").ValueKind);
    }

    [Fact]
    public void ReadBackByNetTopologySuite_KeepsTheAreas()
    {
        var features = JsonSerializer.Deserialize<FeatureCollection>(Write(), ReadOptions)!;
        Assert.Equal(2, features.Count);
        // Back in Lambert-93, the first square keeps its area (1 km² minus the 0.04 km² hole) to within rounding.
        var toLambert = new Reprojection(CrsCatalog.Wgs84, CrsCatalog.Lambert93);
        Assert.InRange(toLambert.Apply(features[0].Geometry).Area, 960_000 - 100, 960_000 + 100);
        Assert.True(Write().AsSpan().SequenceEqual(Write()), "byte-identical");
    }
}
