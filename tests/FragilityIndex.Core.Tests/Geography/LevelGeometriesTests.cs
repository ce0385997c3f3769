using FragilityIndex.Definition;
using FragilityIndex.Geography;
using FragilityIndex.Territory;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace FragilityIndex.Tests.Geography;

/// <summary>The contours of the levels above IRIS: each the union of its IRIS, whichever whole pieces it is built from.</summary>
public sealed class LevelGeometriesTests
{
    private static readonly GeometryFactory Factory = new();

    // Twelve unit squares in a row of six by two; communes of two IRIS (one above the other), EPCI of two communes but
    // the middle one, which straddles départements 01 and 02 (three communes each), all in one région.
    private static TerritoryModel Strip()
    {
        var iris = new List<(string Code, string Commune, Geometry Square)>();
        for (var column = 0; column < 6; column++)
        {
            var commune = column < 3 ? $"0100{column + 1}" : $"0200{column - 2}";
            for (var row = 0; row < 2; row++)
                iris.Add(($"{commune}000{row + 1}", commune, Factory.ToGeometry(new Envelope(column, column + 1, row, row + 1))));
        }

        string[] Of(Func<int, string> level) => iris.Select((_, u) => level(u)).ToArray();
        var columnOf = (int u) => u / 2;
        return new TerritoryModel([
            LevelPartition.FromUnitCodes(TerritoryLevel.Iris, Of(u => iris[u].Code)),
            LevelPartition.FromUnitCodes(TerritoryLevel.Commune, Of(u => iris[u].Commune)),
            LevelPartition.FromUnitCodes(TerritoryLevel.Epci, Of(u => columnOf(u) switch { < 2 => "200000001", < 4 => "200000002", _ => "200000003" })),
            LevelPartition.FromUnitCodes(TerritoryLevel.Departement, Of(u => columnOf(u) < 3 ? "01" : "02")),
            LevelPartition.FromUnitCodes(TerritoryLevel.Region, Of(_ => "84")),
        ])
        {
            Geometries = iris.Select(i => i.Square).ToArray(),
            Crs = CrsCatalog.Lambert93,
        };
    }

    [Fact]
    public void EveryLevel_IsTheUnionOfItsIris_EvenWhereAnEpciStraddlesTwoDepartements()
    {
        var territory = Strip();
        foreach (var level in new[] { TerritoryLevel.Commune, TerritoryLevel.Epci, TerritoryLevel.Departement, TerritoryLevel.Region })
        {
            var contours = LevelGeometries.Of(territory, level);
            var partition = territory[level];
            Assert.Equal(partition.Count, contours.Length);
            for (var g = 0; g < partition.Count; g++)
            {
                var own = Enumerable.Range(0, territory.UnitCount).Where(u => partition.GroupOfUnit[u] == g).Select(u => territory.Geometries![u]).ToList();
                var expected = CascadedPolygonUnion.Union(own);
                Assert.True(contours[g].IsValid, $"{level} {partition.Codes[g]}");
                Assert.True(expected.EqualsTopologically(contours[g]), $"{level} {partition.Codes[g]}: {contours[g]} against {expected}");
                // Unit squares: the area is the number of IRIS, and the union a rectangle without holes.
                Assert.Equal(own.Count, contours[g].Area, 12);
                Assert.Equal(0, ((Polygon)contours[g]).NumInteriorRings);
            }
        }
    }
}
