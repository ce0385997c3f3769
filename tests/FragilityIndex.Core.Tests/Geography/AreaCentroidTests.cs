using FragilityIndex.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace FragilityIndex.Tests.Geography;

/// <summary>The centroid read from packed sequences: worked out by hand, and equal to NetTopologySuite's on real contours.</summary>
public sealed class AreaCentroidTests
{
    [Fact]
    public void Centroid_OfShapesWorkedOutByHand()
    {
        var reader = new WKTReader();
        // A 4 × 2 rectangle at (10, 20): its centre.
        Assert.Equal(new Coordinate(12, 21), AreaCentroid.Of(reader.Read("POLYGON ((10 20, 14 20, 14 22, 10 22, 10 20))")));
        // A 4 × 4 square with a 2 × 2 hole in its right half (x 2–4, y 1–3), the hole clockwise or not: area 12,
        // x = (16 · 2 − 4 · 3) / 12 = 5/3, y = 2.
        foreach (var hole in new[] { "(2 1, 4 1, 4 3, 2 3, 2 1)", "(2 1, 2 3, 4 3, 4 1, 2 1)" })
        {
            var centroid = AreaCentroid.Of(reader.Read($"POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), {hole})"))!;
            Assert.Equal(5.0 / 3, centroid.X, 12);
            Assert.Equal(2, centroid.Y, 12);
        }

        // Two unit squares, one of them twice as large (2 × 2 at x 10): weighted by area, x = (0.5 · 1 + 11 · 4) / 5.
        var multi = AreaCentroid.Of(reader.Read("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 1, 0 0)), ((10 0, 12 0, 12 2, 10 2, 10 0)))"))!;
        Assert.Equal(44.5 / 5, multi.X, 12);
        Assert.Equal((0.5 + 4) / 5, multi.Y, 12);
        Assert.Null(AreaCentroid.Of(reader.Read("POLYGON ((0 0, 1 1, 2 2, 0 0))")));
    }

    [SkippableFact]
    public void Centroid_IsNetTopologySuites_OnTheCommunesOfTheRhone()
    {
        var path = SharedData.Find("data/real/admin_express_2018_geojson_gregoiredavid/communes-69-rhone.geojson");
        var communes = FragilityIndex.Ingestion.SourceReader.Read("communes", new FragilityIndex.Definition.SourceDefinition { Path = path },
            (_, p) => FragilityIndex.Ingestion.SourceFile.OnDisk(p), [], []).Geometries!;
        Assert.True(communes.Length > 200);
        foreach (var commune in communes)
        {
            var (ours, theirs) = (AreaCentroid.Of(commune)!, commune.Centroid.Coordinate);
            Assert.True(ours.Distance(theirs) < 1e-9, $"{ours} against {theirs}");
        }
    }
}
