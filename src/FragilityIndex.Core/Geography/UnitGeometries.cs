using FragilityIndex.Diagnostics;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;

namespace FragilityIndex.Geography;

/// <summary>
/// Makes the contours of the units fit for measuring: a territory layer holds polygons (a point or a line is a layer
/// of something else), and an invalid polygon (a self-intersection, a twisted ring) is repaired with NetTopologySuite's
/// <see cref="GeometryFixer"/> and reported per unit with the reason, since its area, its point-in-polygon tests and its
/// union with its neighbours would otherwise be wrong or fail.
/// </summary>
internal static class UnitGeometries
{
    /// <summary>
    /// Checks and repairs <paramref name="geometries"/> in place; <paramref name="codes"/> and <paramref name="lines"/>
    /// name each in messages. Returns one warning line per repaired unit, the first ten in full.
    /// </summary>
    /// <exception cref="FragilityException">A geometry is not a polygon, or cannot be repaired into one.</exception>
    public static IReadOnlyList<string> CheckAndRepair(Geometry[] geometries, string[] codes, int[] lines, string fileName)
    {
        for (var u = 0; u < geometries.Length; u++)
        {
            if (geometries[u] is not (Polygon or MultiPolygon))
                throw FragilityException.InFile(fileName, lines[u], null,
                    $"unit '{codes[u]}' has a {geometries[u].GeometryType}: a territory layer must hold polygons (is this a layer of points or lines?)");
        }

        // The validity test is the costly part: on every core, each unit's answer in its own slot.
        var errors = new TopologyValidationError?[geometries.Length];
        Parallel.For(0, geometries.Length, u =>
        {
            var validity = new IsValidOp(geometries[u]);
            if (!validity.IsValid) errors[u] = validity.ValidationError;
        });

        var repaired = new List<string>();
        for (var u = 0; u < geometries.Length; u++)
        {
            if (errors[u] is not { } error) continue;
            var geometry = geometries[u];
            var fixedGeometry = GeometryFixer.Fix(geometry);
            if (fixedGeometry is GeometryCollection { IsEmpty: false } collection and not MultiPolygon)
                fixedGeometry = geometry.Factory.BuildGeometry(Enumerable.Range(0, collection.NumGeometries).Select(collection.GetGeometryN).Where(g => g is Polygon or MultiPolygon).ToArray());
            if (fixedGeometry is not (Polygon or MultiPolygon) || fixedGeometry.IsEmpty)
                throw FragilityException.InFile(fileName, lines[u], null, $"unit '{codes[u]}': invalid polygon that cannot be repaired ({error.Message} at {error.Coordinate})");
            geometries[u] = fixedGeometry;
            repaired.Add($"{codes[u]} ({error.Message} near {error.Coordinate.X:0.###} {error.Coordinate.Y:0.###}, area {geometry.Area:0.#} → {fixedGeometry.Area:0.#})");
        }

        if (repaired.Count == 0) return [];
        var shown = string.Join("; ", repaired.Take(10));
        return [$"{fileName}: {repaired.Count} invalid polygons repaired: {shown}{(repaired.Count > 10 ? $"; and {repaired.Count - 10} more" : "")}"];
    }
}
