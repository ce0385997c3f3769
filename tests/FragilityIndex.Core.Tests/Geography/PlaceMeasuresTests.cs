using FragilityIndex.Definition;
using FragilityIndex.Geography;
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

    [SkippableFact]
    public void CountAndDistance_ByHand()
    {
        var measures = new PlaceMeasures(TwoSquares());
        // Two places inside the first square, one 500 m east of the second square's right edge.
        var places = Places.In(CrsCatalog.Lambert93, [Factory.CreatePoint(new Coordinate(840_100, 6_520_100)), Factory.CreatePoint(new Coordinate(840_900, 6_520_900)),
            Factory.CreatePoint(new Coordinate(844_500, 6_520_500))]);
        Assert.Equal([2.0, 0.0], measures.Count(places));
        // From the second square's centroid (its centre, 843,500 / 6,520,500) to (844,500, 6,520,500): 1 km.
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

    // The communes of a département as units (each the IRIS XXXXX0000 of a commune not split into IRIS), from
    // admin-express's GeoJSON in WGS84.
    private static (string[] Codes, Geometry[] Contours) Communes(string file)
    {
        var path = SharedData.Find($"data/real/admin_express_2018_geojson_gregoiredavid/{file}");
        var table = FragilityIndex.Ingestion.SourceReader.Read("communes", new FragilityIndex.Definition.SourceDefinition { Path = path }, (_, p) => FragilityIndex.Ingestion.SourceFile.OnDisk(p), ["code"], []);
        return (table.Text["code"].Select(c => c + "0000").ToArray(), table.Geometries!);
    }

    private static TerritoryModel Territory(params (string[] Codes, Geometry[] Contours)[] parts)
    {
        var units = parts.SelectMany(p => p.Codes.Zip(p.Contours)).OrderBy(u => u.First, StringComparer.Ordinal).ToArray();
        var codes = units.Select(u => u.First).ToArray();
        return new TerritoryModel([LevelPartition.FromUnitCodes(TerritoryLevel.Iris, codes),
            LevelPartition.FromUnitCodes(TerritoryLevel.Departement, codes.Select(c => TerritoryCodes.DepartementOf(c[..5])).ToArray())])
        {
            Geometries = units.Select(u => u.Second).ToArray(),
            Crs = CrsCatalog.Wgs84,
        };
    }

    [SkippableFact]
    public void Distances_OfLaReunion_AreTheSameAloneAndBesideMetropolitanDepartements()
    {
        var reunion = Communes("communes-974-la-reunion.geojson");
        var rhone = Communes("communes-69-rhone.geojson");
        var armor = Communes("communes-22-cotes-d-armor.geojson");
        var services = SharedData.Find("data/real/france_services_2022/liste-fs-20221201.csv");
        var places = FragilityIndex.Ingestion.SourceReader.Read("places", new FragilityIndex.Definition.SourceDefinition { Path = services, Latitude = "latitude", Longitude = "longitude" },
            (_, p) => FragilityIndex.Ingestion.SourceFile.OnDisk(p), ["id_fs"], []);

        double[] DistancesOf974(TerritoryModel territory)
        {
            var measures = new PlaceMeasures(territory);
            var distances = measures.NearestDistanceKm(measures.Gather([("fs.csv", places.Geometries!, places.Crs!)]));
            var codes = territory[TerritoryLevel.Iris].Codes;
            return Enumerable.Range(0, codes.Length).Where(u => codes[u].StartsWith("974", StringComparison.Ordinal)).Select(u => distances[u]).ToArray();
        }

        // The Côtes-d'Armor first: a single working CRS taken from the first unit would be Lambert-93 for all.
        var alone = DistancesOf974(Territory(reunion));
        var together = DistancesOf974(Territory(armor, rhone, reunion));
        Assert.Equal(24, alone.Length);
        Assert.Equal(alone, together);
        var mixed = new PlaceMeasures(Territory(armor, rhone, reunion)).MeasuredIn;
        Assert.Equal(24, mixed["EPSG:2975"]);
        Assert.Equal(armor.Codes.Length + rhone.Codes.Length, mixed["EPSG:2154"]);

        // Checked against the great-circle distance on the sphere (haversine, R = 6,371 km) from each commune's
        // centroid (taken in longitude/latitude) to its nearest France services: UTM 40S keeps distances
        // within a fraction of a percent at La Réunion; Lambert-93 there stretched them 1.9 times.
        var reunionPlaces = places.Geometries!.Cast<Point>().Where(p => p.Y < -20 && p.Y > -22 && p.X > 55 && p.X < 56).ToArray();
        Assert.NotEmpty(reunionPlaces);
        var territory = Territory(reunion);
        for (var u = 0; u < territory.UnitCount; u++)
        {
            if (alone[u] < 2) continue; // a place inside the commune, or next to where it is measured from
            // Measured from the centroid, or the interior point where the centroid lies outside the commune.
            var contour = territory.Geometries![u];
            var origin = contour.Covers(contour.Centroid) ? contour.Centroid : contour.InteriorPoint;
            var greatCircle = reunionPlaces.Min(p => Haversine(origin.Y, origin.X, p.Y, p.X));
            Assert.InRange(alone[u] / greatCircle, 0.9, 1.1);
        }
    }

    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Radians(lat2 - lat1) / 2), 2) + Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(Radians(lon2 - lon1) / 2), 2);
        return 2 * 6371 * Math.Asin(Math.Sqrt(a));
    }
}
