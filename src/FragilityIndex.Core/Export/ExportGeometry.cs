using FragilityIndex.Geography;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace FragilityIndex.Export;

/// <summary>How contours are written into the GIS exports (GeoJSON, GeoParquet, GeoPackage).</summary>
public sealed record GeometryOptions
{
    /// <summary>Decimals kept in longitude and latitude (6 ≈ 11 cm).</summary>
    public int Precision { get; init; } = 6;

    /// <summary>A topology-preserving simplification tolerance in metres, applied before reprojection; 0 for none.</summary>
    public double SimplifyMetres { get; init; }
}

/// <summary>
/// Turns a territory's contour, in the contours' CRS, into the polygons every export writes: simplified in metres
/// (before reprojection, where a metre is a metre), reprojected to WGS84 longitude/latitude, polygons only (a union can
/// leave slivers as lines or points beside its polygons), exterior rings counter-clockwise and holes clockwise
/// (RFC 7946 §3.1.6, GeoParquet's "counterclockwise"), coordinates rounded to <see cref="GeometryOptions.Precision"/>
/// decimals. The three writers share it so that their files hold the same coordinates.
/// </summary>
public sealed class ExportGeometry
{
    private static readonly GeometryFactory Wgs84Factory = new(new PrecisionModel(), 4326);
    private readonly Reprojection _toWgs84;
    private readonly GeometryOptions _options;
    private readonly bool _simplify;

    public ExportGeometry(Crs source, GeometryOptions? options = null)
    {
        _options = options ?? new GeometryOptions();
        if (_options.Precision is < 0 or > 15) throw new ArgumentOutOfRangeException(nameof(options), "precision: expected 0 to 15 decimals");
        if (!(_options.SimplifyMetres >= 0)) throw new ArgumentOutOfRangeException(nameof(options), "simplification: expected a tolerance of 0 metres or more");
        _toWgs84 = new Reprojection(source, CrsCatalog.Wgs84);
        // A tolerance in metres means nothing in degrees: geographic contours are written as they are.
        _simplify = _options.SimplifyMetres > 0 && !source.IsGeographic;
    }

    /// <summary>The polygons of <paramref name="contour"/>, ready to write: a Polygon, or a MultiPolygon (possibly empty).</summary>
    public Geometry Prepare(Geometry contour)
    {
        if (_simplify) contour = TopologyPreservingSimplifier.Simplify(contour, _options.SimplifyMetres);
        var lonLat = _toWgs84.Apply(contour);
        var polygons = new List<Polygon>();
        Collect(lonLat, polygons);
        return polygons.Count == 1 ? polygons[0] : Wgs84Factory.CreateMultiPolygon([.. polygons]);
    }

    /// <summary>Always a MultiPolygon, for formats whose layers declare one geometry type (GeoPackage).</summary>
    public MultiPolygon PrepareMulti(Geometry contour) =>
        Prepare(contour) switch
        {
            Polygon polygon => Wgs84Factory.CreateMultiPolygon([polygon]),
            var multi => (MultiPolygon)multi,
        };

    private void Collect(Geometry geometry, List<Polygon> polygons)
    {
        if (geometry is Polygon polygon)
        {
            if (polygon.IsEmpty) return;
            var shell = Ring(polygon.ExteriorRing.CoordinateSequence, counterClockwise: true);
            var holes = polygon.InteriorRings.Select(h => Ring(h.CoordinateSequence, counterClockwise: false)).ToArray();
            polygons.Add(Wgs84Factory.CreatePolygon(shell, holes));
            return;
        }

        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            var part = geometry.GetGeometryN(i);
            if (!ReferenceEquals(part, geometry)) Collect(part, polygons);
        }
    }

    private LinearRing Ring(CoordinateSequence ring, bool counterClockwise)
    {
        var reverse = Orientation.IsCCW(ring) != counterClockwise;
        var coordinates = new Coordinate[ring.Count];
        for (var i = 0; i < ring.Count; i++)
        {
            var k = reverse ? ring.Count - 1 - i : i;
            coordinates[i] = new Coordinate(Math.Round(ring.GetX(k), _options.Precision), Math.Round(ring.GetY(k), _options.Precision));
        }

        return Wgs84Factory.CreateLinearRing(coordinates);
    }
}
