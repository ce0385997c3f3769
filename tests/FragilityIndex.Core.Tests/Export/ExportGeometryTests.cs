using FragilityIndex.Export;
using FragilityIndex.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace FragilityIndex.Tests.Export;

/// <summary>The geometry every export writes stays valid after its coordinates are rounded.</summary>
public sealed class ExportGeometryTests
{
    [Fact]
    public void Prepare_NarrowPartFoldedByRounding_IsSnappedBackToAValidPolygon()
    {
        // A 10 × 10 square with a notch 0.008 wide: at 2 decimals both sides of the notch land on x = 5.00, and the
        // rounded ring runs down and back up the same line, which is invalid.
        var polygon = new WKTReader().Read("POLYGON ((0 0, 10 0, 10 10, 5.004 10, 5.0001 5.004, 4.996 10, 0 10, 0 0))");
        var rounded = (Polygon)new WKTReader().Read("POLYGON ((0 0, 10 0, 10 10, 5 10, 5 5, 5 10, 0 10, 0 0))");
        Assert.False(rounded.IsValid); // what plain rounding gives

        var prepared = new ExportGeometry(CrsCatalog.Wgs84, new GeometryOptions { Precision = 2 }).Prepare(polygon);

        Assert.True(prepared.IsValid);
        Assert.Equal(100, prepared.Area, 6); // the notch had an area of 0.02 (0.008 × 5 / 2); rounding removes it
        foreach (var coordinate in prepared.Coordinates)
        {
            Assert.Equal(Math.Round(coordinate.X, 2), coordinate.X, 12);
            Assert.Equal(Math.Round(coordinate.Y, 2), coordinate.Y, 12);
        }

        // Exterior ring still counter-clockwise (RFC 7946).
        Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(((Polygon)prepared).ExteriorRing.CoordinateSequence));
    }

    [Fact]
    public void Prepare_ValidPolygon_IsOnlyRounded()
    {
        var polygon = new WKTReader().Read("POLYGON ((0 0, 10.123 0, 10.123 10.456, 0 10.456, 0 0))");
        var prepared = new ExportGeometry(CrsCatalog.Wgs84, new GeometryOptions { Precision = 1 }).Prepare(polygon);
        Assert.Equal(10.1 * 10.5, prepared.Area, 9);
        Assert.Equal(5, prepared.NumPoints);
    }
}
