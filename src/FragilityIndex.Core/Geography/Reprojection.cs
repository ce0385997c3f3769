using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems.Transformations;

namespace FragilityIndex.Geography;

/// <summary>Reprojects geometries between two CRSs of the catalog. The input is never modified: a copy is returned.</summary>
public sealed class Reprojection
{
    private static readonly CoordinateTransformationFactory Factory = new();
    private readonly MathTransform? _transform;

    public Reprojection(Crs from, Crs to)
    {
        From = from;
        To = to;
        _transform = from.Epsg == to.Epsg ? null : Factory.CreateFromCoordinateSystems(from.System, to.System).MathTransform;
    }

    public Crs From { get; }

    public Crs To { get; }

    /// <summary>A reprojected copy of <paramref name="geometry"/> (the same instance when the CRSs are the same).</summary>
    public Geometry Apply(Geometry geometry)
    {
        if (_transform is null) return geometry;
        var copy = geometry.Copy();
        copy.Apply(new TransformFilter(_transform));
        copy.GeometryChanged();
        return copy;
    }

    /// <summary>Reprojects one point.</summary>
    public (double X, double Y) Apply(double x, double y)
    {
        if (_transform is null) return (x, y);
        _transform.Transform(ref x, ref y);
        return (x, y);
    }

    private sealed class TransformFilter(MathTransform transform) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var x = seq.GetX(i);
                var y = seq.GetY(i);
                transform.Transform(ref x, ref y);
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
