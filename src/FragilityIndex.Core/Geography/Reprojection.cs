using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems.Transformations;

namespace FragilityIndex.Geography;

/// <summary>Reprojects geometries between two CRSs of the catalog. The input is never modified: a copy is returned.</summary>
internal sealed class Reprojection
{
    private static readonly CoordinateTransformationFactory Factory = new();
    private readonly MathTransform? _transform;
    private readonly LambertConformalInverse? _lambert;

    public Reprojection(Crs from, Crs to)
    {
        From = from;
        To = to;
        if (from.Epsg == to.Epsg) return;
        _lambert = LambertConformalInverse.TryCreate(from.System, to.System);
        if (_lambert is null) _transform = Factory.CreateFromCoordinateSystems(from.System, to.System).MathTransform;
    }

    public Crs From { get; }

    public Crs To { get; }

    /// <summary>A reprojected copy of <paramref name="geometry"/> (the same instance when the CRSs are the same).</summary>
    public Geometry Apply(Geometry geometry)
    {
        if (_transform is null && _lambert is null) return geometry;
        var copy = geometry.Copy();
        copy.Apply(new TransformFilter(this));
        copy.GeometryChanged();
        return copy;
    }

    /// <summary>Reprojects one point.</summary>
    public (double X, double Y) Apply(double x, double y)
    {
        Transform(ref x, ref y);
        return (x, y);
    }

    private void Transform(ref double x, ref double y)
    {
        if (_lambert is not null) _lambert.Transform(ref x, ref y);
        else _transform?.Transform(ref x, ref y);
    }

    private sealed class TransformFilter(Reprojection reprojection) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var x = seq.GetX(i);
                var y = seq.GetY(i);
                reprojection.Transform(ref x, ref y);
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
