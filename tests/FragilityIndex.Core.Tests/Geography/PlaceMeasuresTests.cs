using FragilityIndex.Geography;
using FragilityIndex.Scoring;
using FragilityIndex.Territory;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Tests.Geography;

/// <summary>Places counted and measured on two square IRIS in Lambert-93, and post-stratification worked by hand.</summary>
public sealed class PlaceMeasuresTests
{
    private static readonly GeometryFactory Factory = new();

    private static Polygon Square(double x, double y, double side) => Factory.CreatePolygon(
        [new(x, y), new(x + side, y), new(x + side, y + side), new(x, y + side), new(x, y)]);

    private static TerritoryModel TwoSquares() =>
        new([LevelPartition.FromUnitCodes(TerritoryLevel.Iris, ["690010101", "690010102"]),
             LevelPartition.FromUnitCodes(TerritoryLevel.Departement, ["69", "69"])])
        {
            // Two 1 km squares side by side, 2 km apart.
            Geometries = [Square(840_000, 6_520_000, 1000), Square(843_000, 6_520_000, 1000)],
            Crs = CrsCatalog.Lambert93,
        };

    [Fact]
    public void CountAndDistance_ByHand()
    {
        var measures = new PlaceMeasures(TwoSquares());
        // Two places inside the first square, one 500 m east of the second square's right edge.
        var places = new[] { Factory.CreatePoint(new Coordinate(840_100, 6_520_100)), Factory.CreatePoint(new Coordinate(840_900, 6_520_900)),
            Factory.CreatePoint(new Coordinate(844_500, 6_520_500)) };
        Assert.Equal([2.0, 0.0], measures.Count(places));
        // From the second square's interior point (its centre, 843,500 / 6,520,500) to (844,500, 6,520,500): 1 km.
        var distances = measures.NearestDistanceKm(places);
        Assert.Equal(0, distances[0]);
        Assert.Equal(1.0, distances[1], 9);
    }

    [Fact]
    public void PlacesInWgs84_AreReprojectedBeforeCounting()
    {
        var measures = new PlaceMeasures(TwoSquares());
        var toWgs84 = new Reprojection(CrsCatalog.Lambert93, CrsCatalog.Wgs84);
        var (lon, lat) = toWgs84.Apply(843_500, 6_520_500);
        // Lambert-93's origin, 3°E 46.5°N, is (700,000, 6,600,000): a check of the projection itself, to the centimetre.
        var (x, y) = new Reprojection(CrsCatalog.Wgs84, CrsCatalog.Lambert93).Apply(3, 46.5);
        Assert.Equal(700_000, x, 2);
        Assert.Equal(6_600_000, y, 2);
        var places = measures.Gather([("places.csv", [Factory.CreatePoint(new Coordinate(lon, lat))], CrsCatalog.Wgs84)]);
        Assert.Equal([0.0, 1.0], measures.Count(places));
    }

    [Fact]
    public void Poststratification_TwoDimensions_ByHand()
    {
        // One unit: 100 people, 20 aged 65+ and 80 younger; 30 with little diploma and 70 others (of 100 out of school).
        var dimensions = new[]
        {
            new Poststratification.Dimension("age", ["young", "old"], [[80.0], [20.0]]),
            new Poststratification.Dimension("diploma", ["low", "other"], [[30.0], [70.0]]),
        };
        var rates = new Dictionary<string, double> { ["young|low"] = 0.1, ["young|other"] = 0.02, ["old|low"] = 0.6, ["old|other"] = 0.2 };
        var (estimated, bases) = Poststratification.Estimate(dimensions, cell => rates[string.Join('|', cell)]);
        // 0.8·0.3·0.1 + 0.8·0.7·0.02 + 0.2·0.3·0.6 + 0.2·0.7·0.2 = 0.024 + 0.0112 + 0.036 + 0.028 = 0.0992.
        Assert.Equal(100, bases[0]);
        Assert.Equal(9.92, estimated[0], 12);
    }
}
