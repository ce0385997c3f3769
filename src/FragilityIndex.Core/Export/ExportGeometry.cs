using FragilityIndex.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using NetTopologySuite.Operation.Valid;
using NetTopologySuite.Precision;
using NetTopologySuite.Simplify;

namespace FragilityIndex.Export;

/// <summary>How contours are written into the GIS exports (GeoJSON, GeoParquet, GeoPackage).</summary>
public sealed record GeometryOptions
{
    /// <summary>Decimals kept in longitude and latitude (6 ≈ 11 cm).</summary>
    public int Precision { get; init; } = 6;

    /// <summary>A topology-preserving simplification tolerance in metres, applied before reprojection; 0 for none.</summary>
    public double SimplifyMetres { get; init; }

    /// <summary>
    /// Whether contours prepared by one writer are kept for the others (GeoJSON, GeoParquet and GeoPackage of one run
    /// write the same polygons): worth it for two formats or more; for one, it would only hold every prepared contour
    /// in memory until the end of the run.
    /// </summary>
    public bool ShareAcrossWriters { get; init; }
}

/// <summary>
/// Turns a territory's contour, in the contours' CRS, into the polygons every export writes: simplified in metres
/// (before reprojection, where a metre is a metre), reprojected to WGS84 longitude/latitude, polygons only (a union can
/// leave slivers as lines or points beside its polygons), exterior rings counter-clockwise and holes clockwise
/// (RFC 7946 §3.1.6, GeoParquet's "counterclockwise"), coordinates rounded to <see cref="GeometryOptions.Precision"/>
/// decimals. Rounding can fold a narrow part of a polygon onto itself (two vertices a few centimetres apart land on
/// one grid point): such a polygon is snap-rounded again with NetTopologySuite's precision reducer, which keeps the
/// same grid and returns a valid polygon, so that every exported polygon is valid. The three writers share it so
/// that their files hold the same coordinates.
/// </summary>
internal sealed class ExportGeometry
{
    // One packed double[] per ring rather than a Coordinate object per point.
    private static readonly GeometryFactory Wgs84Factory = new(new PrecisionModel(), 4326, PackedCoordinateSequenceFactory.DoubleFactory);
    // The GeoJSON, GeoParquet and GeoPackage writers each prepare the same contours: prepared once per contour and
    // settings, they are shared (the table forgets a contour once nothing else holds it).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Epsg, int Precision, double Simplify), System.Runtime.CompilerServices.ConditionalWeakTable<Geometry, Geometry>> Prepared = new();
    private readonly Reprojection _toWgs84;
    private readonly GeometryOptions _options;
    private readonly bool _simplify;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Geometry, Geometry> _prepared;

    public ExportGeometry(Crs source, GeometryOptions? options = null)
    {
        _options = options ?? new GeometryOptions();
        if (_options.Precision is < 0 or > 15) throw new ArgumentOutOfRangeException(nameof(options), "precision: expected 0 to 15 decimals");
        if (!(_options.SimplifyMetres >= 0)) throw new ArgumentOutOfRangeException(nameof(options), "simplification: expected a tolerance of 0 metres or more");
        _toWgs84 = new Reprojection(source, CrsCatalog.Wgs84);
        // A tolerance in metres means nothing in degrees: geographic contours are written as they are.
        _simplify = _options.SimplifyMetres > 0 && !source.IsGeographic;
        _prepared = Prepared.GetOrAdd((source.Epsg, _options.Precision, _options.SimplifyMetres), _ => new());
    }

    /// <summary>The decimals kept.</summary>
    public int Precision => _options.Precision;

    /// <summary>The polygons of <paramref name="contour"/>, ready to write: a Polygon, or a MultiPolygon (possibly empty).</summary>
    public Geometry Prepare(Geometry contour) => _options.ShareAcrossWriters ? _prepared.GetValue(contour, PrepareOnce) : PrepareOnce(contour);

    private Geometry PrepareOnce(Geometry contour)
    {
        if (_simplify) contour = TopologyPreservingSimplifier.Simplify(contour, _options.SimplifyMetres);
        var polygons = new List<Polygon>();
        Collect(contour, polygons, reproject: true);
        var prepared = polygons.Count == 1 ? (Geometry)polygons[0] : Wgs84Factory.CreateMultiPolygon([.. polygons]);
        if (new IsValidOp(prepared).IsValid) return prepared;

        // Snap-rounded on the same grid: the coordinates stay rounded, the topology becomes valid again.
        var reduced = GeometryPrecisionReducer.Reduce(prepared, new PrecisionModel(Math.Pow(10, _options.Precision)));
        polygons.Clear();
        Collect(reduced, polygons, reproject: false);
        return polygons.Count == 1 ? polygons[0] : Wgs84Factory.CreateMultiPolygon([.. polygons]);
    }

    /// <summary>A prepared geometry as a MultiPolygon, for formats whose layers declare one geometry type (GeoPackage).</summary>
    public MultiPolygon Multi(Geometry prepared) => prepared as MultiPolygon ?? Wgs84Factory.CreateMultiPolygon([(Polygon)prepared]);

    /// <summary>Prepares many contours on every core; the result does not depend on how the work was shared.</summary>
    public Geometry[] PrepareAll(IReadOnlyList<Geometry> contours)
    {
        var prepared = new Geometry[contours.Count];
        Parallel.For(0, contours.Count, i => prepared[i] = Prepare(contours[i]));
        return prepared;
    }

    private void Collect(Geometry geometry, List<Polygon> polygons, bool reproject)
    {
        if (geometry is Polygon polygon)
        {
            if (polygon.IsEmpty) return;
            var shell = Ring(polygon.ExteriorRing.CoordinateSequence, counterClockwise: true, reproject);
            var holes = polygon.InteriorRings.Select(h => Ring(h.CoordinateSequence, counterClockwise: false, reproject)).ToArray();
            polygons.Add(Wgs84Factory.CreatePolygon(shell, holes));
            return;
        }

        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            var part = geometry.GetGeometryN(i);
            if (!ReferenceEquals(part, geometry)) Collect(part, polygons, reproject);
        }
    }

    // Reprojects and rounds a ring straight into a packed array, then orients it by the sign of its shoelace area.
    private LinearRing Ring(CoordinateSequence ring, bool counterClockwise, bool reproject)
    {
        var count = ring.Count;
        var packed = new double[2 * count];
        for (var i = 0; i < count; i++)
        {
            var (x, y) = reproject ? _toWgs84.Apply(ring.GetX(i), ring.GetY(i)) : (ring.GetX(i), ring.GetY(i));
            packed[2 * i] = Math.Round(x, _options.Precision);
            packed[2 * i + 1] = Math.Round(y, _options.Precision);
        }

        // Relative to the first point, so that small rings far from (0, 0) keep their digits.
        var twiceArea = 0.0;
        var (x0, y0) = count > 0 ? (packed[0], packed[1]) : (0, 0);
        for (var i = 0; i + 1 < count; i++)
            twiceArea += (packed[2 * i] - x0) * (packed[2 * i + 3] - y0) - (packed[2 * i + 2] - x0) * (packed[2 * i + 1] - y0);
        if (twiceArea > 0 != counterClockwise && twiceArea != 0)
        {
            for (int i = 0, j = count - 1; i < j; i++, j--)
            {
                (packed[2 * i], packed[2 * j]) = (packed[2 * j], packed[2 * i]);
                (packed[2 * i + 1], packed[2 * j + 1]) = (packed[2 * j + 1], packed[2 * i + 1]);
            }
        }

        return Wgs84Factory.CreateLinearRing(new PackedDoubleCoordinateSequence(packed, 2, 0));
    }
}
