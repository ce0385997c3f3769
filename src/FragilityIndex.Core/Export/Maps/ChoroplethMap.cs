using System.Globalization;
using FragilityIndex.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace FragilityIndex.Export.Maps;

/// <summary>What a choropleth shows: one value per territory, its contour, and the words around it.</summary>
public sealed record ChoroplethRequest
{
    /// <summary>The contour of each territory, in <see cref="Crs"/>.</summary>
    public required Geometry[] Geometries { get; init; }

    /// <summary>The coordinate system of the contours.</summary>
    public required Crs Crs { get; init; }

    /// <summary>The value of each territory (NaN for missing).</summary>
    public required double[] Values { get; init; }

    /// <summary>The code and name of each territory, shown when a pointer rests on it in the SVG.</summary>
    public required string[] Labels { get; init; }

    /// <summary>The territories to draw; null for all.</summary>
    public IReadOnlyList<int>? Rows { get; init; }

    public required string Title { get; init; }

    public string Subtitle { get; init; } = "";

    /// <summary>The line that names the sources and their years.</summary>
    public required string Sources { get; init; }

    /// <summary>What the legend counts ("IRIS", "communes").</summary>
    public string UnitName { get; init; } = "territoires";

    public ClassMethod Method { get; init; } = ClassMethod.Quantiles;

    public int Classes { get; init; } = 5;

    /// <summary>The width of the picture in pixels.</summary>
    public int Width { get; init; } = 1000;
}

/// <summary>One class of the legend: its bounds, its colour and how many territories fall in it.</summary>
public sealed record LegendEntry(string Label, string Colour, int Count);

/// <summary>One territory, drawn: its rings in pixels (exterior and holes, filled even-odd) and its colour.</summary>
public sealed record MapFeature(string Label, double Value, string Colour, IReadOnlyList<(float X, float Y)[]> Rings);

/// <summary>
/// A choropleth laid out in pixels, ready for <see cref="SvgMapWriter"/> and <see cref="PngMapWriter"/> to draw the same
/// picture: a title, the territories coloured by class (quantiles or Jenks), a legend with the class bounds and counts,
/// and the sources line. Contours are projected (lon/lat contours are scaled by the cosine of their mean latitude),
/// fitted to the map frame and simplified to half a pixel, so a map of all France stays a reasonable file.
/// </summary>
public sealed class ChoroplethMap
{
    public const float Margin = 20;
    public const float MapTop = 76;
    /// <summary>The room the legend takes on the right of the map.</summary>
    public const float LegendWidth = 296;
    public const float SourceLineHeight = 15;

    private ChoroplethMap(ChoroplethRequest request, IReadOnlyList<MapFeature> features, IReadOnlyList<LegendEntry> legend,
        IReadOnlyList<string> sourceLines, float mapHeight)
    {
        Title = request.Title;
        Subtitle = request.Subtitle;
        Width = request.Width;
        Features = features;
        Legend = legend;
        SourceLines = sourceLines;
        MapHeight = mapHeight;
        MapSize = FrameOf(request.Width);
        UnitName = request.UnitName;
        // Every score points the same way (higher is more fragile): the legend says which end that is.
        LegendTitle = request.Method == ClassMethod.Jenks ? "Seuils naturels (foncé = plus fragile)" : "Quantiles (foncé = plus fragile)";
    }

    public string Title { get; }

    /// <summary>What the legend counts, in the unit's own word: "IRIS", "communes".</summary>
    public string UnitName { get; }

    /// <summary>The side of the square frame the map is fitted into.</summary>
    public float MapSize { get; }

    /// <summary>The left edge of the legend.</summary>
    public float LegendLeft => Margin + MapSize + 24;

    public string Subtitle { get; }

    public string LegendTitle { get; }

    public int Width { get; }

    public float MapHeight { get; }

    /// <summary>The baseline of the first sources line, below the map or the legend, whichever is taller.</summary>
    public float SourcesTop => MapTop + Math.Max(MapHeight, LegendRowHeight * (Legend.Count + 1)) + 28;

    /// <summary>The height of the picture: title, map or legend, sources.</summary>
    public int Height => (int)Math.Ceiling(SourcesTop + SourceLineHeight * (SourceLines.Count - 1) + 14);

    /// <summary>The vertical step between legend rows.</summary>
    public const float LegendRowHeight = 26;

    public IReadOnlyList<MapFeature> Features { get; }

    public IReadOnlyList<LegendEntry> Legend { get; }

    public IReadOnlyList<string> SourceLines { get; }

    public static ChoroplethMap Build(ChoroplethRequest request)
    {
        var rows = request.Rows ?? Enumerable.Range(0, request.Geometries.Length).ToArray();
        if (request.Classes is < 2 or > Palette.MaxClasses)
            throw new FragilityException(FailureKind.Usage, $"a map has 2 to {Palette.MaxClasses} classes, not {request.Classes}");
        var values = rows.Select(r => request.Values[r]).ToArray();
        var bounds = ClassBreaks.Compute(values, request.Classes, request.Method);
        var colours = Palette.Sequential(Math.Max(bounds.Length - 1, 1));

        // A planar picture of the contours: metres as they are, degrees with longitude shrunk by cos(latitude).
        var planar = rows.Select(r => request.Geometries[r]).ToArray();
        var extent = new Envelope();
        foreach (var geometry in planar) extent.ExpandToInclude(geometry.EnvelopeInternal);
        if (extent.IsNull) throw new FragilityException(FailureKind.BadData, "nothing to map: no territory has a contour");
        var xScale = request.Crs.IsGeographic ? Math.Cos((extent.MinY + extent.MaxY) / 2 * Math.PI / 180) : 1.0;
        var width = Math.Max(extent.Width * xScale, 1e-9);
        var height = Math.Max(extent.Height, 1e-9);
        var frame = FrameOf(request.Width);
        var scale = frame / Math.Max(width, height);
        var mapHeight = (float)(height * scale);
        var left = Margin + (frame - (float)(width * scale)) / 2;
        var tolerance = 0.5 / scale;

        var counts = new int[colours.Count];
        var missing = 0;
        var features = new List<MapFeature>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var geometry = DouglasPeuckerSimplifier.Simplify(planar[i], request.Crs.IsGeographic ? tolerance / xScale : tolerance);
            var rings = new List<(float, float)[]>();
            foreach (var polygon in Polygons(geometry))
            {
                rings.Add(Pixels(polygon.ExteriorRing.CoordinateSequence));
                foreach (var hole in polygon.InteriorRings) rings.Add(Pixels(hole.CoordinateSequence));
            }

            var value = values[i];
            var category = ClassBreaks.ClassOf(value, bounds);
            if (category < 0) missing++;
            else counts[category]++;
            features.Add(new MapFeature(request.Labels[rows[i]], value, category < 0 ? Palette.Missing : colours[category], rings));
        }

        var legend = new List<LegendEntry>();
        for (var c = 0; c < bounds.Length - 1; c++)
            legend.Add(new LegendEntry($"{Number(bounds[c])} – {Number(bounds[c + 1])}", colours[c], counts[c]));
        if (missing > 0) legend.Add(new LegendEntry("donnée manquante", Palette.Missing, missing));
        return new ChoroplethMap(request, features, legend, Wrap($"Sources : {request.Sources}", 150), mapHeight);

        (float X, float Y)[] Pixels(CoordinateSequence ring)
        {
            var points = new (float, float)[ring.Count];
            for (var k = 0; k < ring.Count; k++)
                points[k] = ((float)(left + (ring.GetX(k) - extent.MinX) * xScale * scale), (float)(MapTop + (extent.MaxY - ring.GetY(k)) * scale));
            return points;
        }
    }

    private static float FrameOf(int width) => width - 2 * Margin - LegendWidth - 4 is var frame and > 100 ? frame
        : throw new FragilityException(FailureKind.Usage, $"a map {width} pixels wide leaves no room for its legend");

    /// <summary>A value as the legend writes it: French decimal comma, one decimal.</summary>
    // The tool runs in globalization-invariant mode (no ICU): the French comma is put in by hand.
    public static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',');

    private static IEnumerable<Polygon> Polygons(Geometry geometry) => geometry switch
    {
        Polygon polygon => [polygon],
        _ => Enumerable.Range(0, geometry.NumGeometries).Select(geometry.GetGeometryN).Where(g => !ReferenceEquals(g, geometry)).SelectMany(Polygons),
    };

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else line = line.Length == 0 ? word : $"{line} {word}";
        }

        if (line.Length > 0) lines.Add(line);
        return lines;
    }
}
