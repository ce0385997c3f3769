using NetTopologySuite.Geometries;

namespace FragilityIndex.Geography;

/// <summary>
/// The centroid of a polygonal geometry (the centre of its area, holes removed), read straight from its coordinate
/// sequences: NetTopologySuite's Centroid asks each ring for an array of Coordinate objects, which for the packed
/// sequences of the contours is a copy of every vertex. Shoelace sums taken relative to each ring's first vertex, so
/// that small rings far from the origin keep their digits.
/// </summary>
internal static class AreaCentroid
{
    /// <summary>The centroid, or null when the geometry has no area (then NetTopologySuite's answer for lines and points applies).</summary>
    public static Coordinate? Of(Geometry geometry)
    {
        double area = 0, x = 0, y = 0;
        for (var p = 0; p < geometry.NumGeometries; p++)
        {
            if (geometry.GetGeometryN(p) is not Polygon polygon || polygon.IsEmpty) continue;
            Add(polygon.ExteriorRing.CoordinateSequence, hole: false, ref area, ref x, ref y);
            foreach (var hole in polygon.InteriorRings) Add(hole.CoordinateSequence, hole: true, ref area, ref x, ref y);
        }

        return area == 0 ? null : new Coordinate(x / area, y / area);
    }

    // A ring's area and first moments, counted positive for a shell and negative for a hole whatever its orientation.
    private static void Add(CoordinateSequence ring, bool hole, ref double area, ref double momentX, ref double momentY)
    {
        var count = ring.Count;
        if (count < 3) return;
        var (x0, y0) = (ring.GetX(0), ring.GetY(0));
        double twiceArea = 0, sumX = 0, sumY = 0;
        for (var i = 1; i + 1 < count; i++)
        {
            var (ax, ay) = (ring.GetX(i) - x0, ring.GetY(i) - y0);
            var (bx, by) = (ring.GetX(i + 1) - x0, ring.GetY(i + 1) - y0);
            // The triangle (first vertex, a, b): twice its signed area, and its centroid times three.
            var cross = (ax * by) - (bx * ay);
            twiceArea += cross;
            sumX += cross * (ax + bx);
            sumY += cross * (ay + by);
        }

        if (twiceArea == 0) return;
        var signedArea = (hole ? -1 : 1) * Math.Abs(twiceArea) / 2;
        // Centroid of the ring: first vertex + (sumX, sumY) / (3 · twiceArea).
        var (cx, cy) = (x0 + (sumX / (3 * twiceArea)), y0 + (sumY / (3 * twiceArea)));
        area += signedArea;
        momentX += signedArea * cx;
        momentY += signedArea * cy;
    }
}
