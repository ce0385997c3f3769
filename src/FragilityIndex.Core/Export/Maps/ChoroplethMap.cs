using System.Globalization;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace FragilityIndex.Export.Maps;

/// <summary>What a choropleth shows: one value per territory, its contour, and the words around it.</summary>
internal sealed record ChoroplethRequest
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

    /// <summary>
    /// Per territory, whether it is set apart (too small for its shares to mean much): drawn hatched, outside every
    /// class, and counted on a legend row of its own. Null when none is.
    /// </summary>
    public bool[]? SetApart { get; init; }

    /// <summary>The legend row of the territories set apart: a few words ("petits IRIS, non classés").</summary>
    public string SetApartLabel { get; init; } = "territoires à part, non classés";

    /// <summary>A sentence under the map, before the sources: what the hatching means, for one.</summary>
    public string Note { get; init; } = "";

    /// <summary>
    /// Per territory, the overseas département it lies in ("971"), or "" in metropolitan France. A map that spans more
    /// than one of these zones draws each overseas one in an inset of its own, as INSEE's maps do. Null: one frame.
    /// </summary>
    public string[]? Zones { get; init; }
}

/// <summary>A box of the map that shows one overseas département at its own scale, with its name above it.</summary>
internal sealed record MapInset(string Name, float X, float Y, float Size);

/// <summary>One class of the legend: its bounds, its colour and how many territories fall in it.</summary>
internal sealed record LegendEntry(string Label, string Colour, int Count, bool Hatched = false);

/// <summary>One territory, drawn: its rings in pixels (exterior and holes, filled even-odd) and its colour.</summary>
internal sealed record MapFeature(string Label, double Value, string Colour, IReadOnlyList<(float X, float Y)[]> Rings, bool Hatched = false);

/// <summary>
/// A choropleth laid out in pixels, ready for <see cref="SvgMapWriter"/> and <see cref="PngMapWriter"/> to draw the same
/// picture: a title, the territories coloured by class (quantiles or Jenks), a legend with the class bounds and counts,
/// and the sources line. Contours are projected (lon/lat contours are scaled by the cosine of their mean latitude),
/// fitted to the map frame and simplified to half a pixel, so a map of all France stays a reasonable file.
/// </summary>
internal sealed class ChoroplethMap
{
    public const float Margin = 20;
    /// <summary>The baseline of the subtitle's first line, and the step to its next ones.</summary>
    public const float SubtitleTop = 58, SubtitleLineHeight = 18;
    // Where the map starts below a one-line subtitle; each further line moves it down by a line.
    private const float MapTopBelowOneLine = 76;
    // The subtitle is wrapped by its characters, so that the SVG (which cannot measure text) and the PNG lay out alike:
    // DejaVu Sans at 14 px is 7.7 px a character on average (the Lyon report's subtitle: 98 characters, 752 px).
    private const float SubtitleCharacterWidth = 8;
    /// <summary>The room the legend takes on the right of the map.</summary>
    public const float LegendWidth = 296;
    public const float SourceLineHeight = 15;

    private ChoroplethMap(ChoroplethRequest request, IReadOnlyList<string> subtitleLines, IReadOnlyList<MapFeature> features,
        IReadOnlyList<LegendEntry> legend, IReadOnlyList<string> sourceLines, float mapHeight, int classCount, IReadOnlyList<MapInset> insets)
    {
        ClassCount = classCount;
        Insets = insets;
        Title = request.Title;
        SubtitleLines = subtitleLines;
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

    /// <summary>The subtitle (level, territory, reference, definition), wrapped to the picture's width: a long territory name is not cut.</summary>
    public IReadOnlyList<string> SubtitleLines { get; }

    /// <summary>The top of the map and of the legend, below the subtitle.</summary>
    public float MapTop => MapTopBelow(SubtitleLines.Count);

    private static float MapTopBelow(int subtitleLines) => MapTopBelowOneLine + SubtitleLineHeight * Math.Max(0, subtitleLines - 1);

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

    /// <summary>
    /// The number of classes the values made: fewer than 2 when every territory classed has the same value (or none
    /// has one), a map that says nothing by its colours; the report writes a sentence instead.
    /// </summary>
    public int ClassCount { get; }

    /// <summary>The boxes of the overseas départements, below the metropolitan map; empty for a map of one zone.</summary>
    public IReadOnlyList<MapInset> Insets { get; }

    /// <summary>The colour of territories set apart, under their hatching.</summary>
    public const string SetApartColour = "#f0f0f0";

    /// <summary>The colour of the hatching lines.</summary>
    public const string HatchColour = "#6e6e6e";

    /// <summary>The distance between hatching lines, in pixels.</summary>
    public const float HatchSpacing = 4;

    public static ChoroplethMap Build(ChoroplethRequest request)
    {
        var rows = request.Rows ?? Enumerable.Range(0, request.Geometries.Length).ToArray();
        var values = rows.Select(r => request.Values[r]).ToArray();
        var setApart = rows.Select(r => request.SetApart?[r] ?? false).ToArray();
        // The classes are those of the territories classed: a unit set apart neither shapes the bounds nor fills a class.
        var classes = MapClasses.Of(values, setApart, request.Classes, request.Method);
        var colours = classes.Colours;

        // One frame per zone: metropolitan France in the main frame, each overseas département in an inset.
        var zones = rows.Select(r => request.Zones?[r] ?? "").ToArray();
        var zoneNames = zones.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var frame = FrameOf(request.Width);
        var subtitleLines = Wrap(request.Subtitle, (int)((request.Width - 2 * Margin) / SubtitleCharacterWidth));
        var mapTop = MapTopBelow(subtitleLines.Count);
        var frames = new Dictionary<string, Frame>(StringComparer.Ordinal);
        var insets = new List<MapInset>();
        float mapHeight = 0;
        var planar = rows.Select(r => request.Geometries[r]).ToArray();
        Envelope ExtentOf(string zone)
        {
            var extent = new Envelope();
            for (var i = 0; i < planar.Length; i++) if (zones[i] == zone) extent.ExpandToInclude(planar[i].EnvelopeInternal);
            return extent;
        }

        if (zoneNames.Count == 1)
        {
            var extent = ExtentOf(zoneNames[0]);
            if (extent.IsNull) throw new FragilityException(FailureKind.BadData, "nothing to map: no territory has a contour");
            frames[zoneNames[0]] = Frame.Fit(extent, request.Crs.IsGeographic, Margin, mapTop, frame, frame, out mapHeight);
        }
        else
        {
            if (zoneNames.Contains(""))
            {
                var extent = ExtentOf("");
                if (!extent.IsNull) frames[""] = Frame.Fit(extent, request.Crs.IsGeographic, Margin, mapTop, frame, frame, out mapHeight);
            }

            var overseas = zoneNames.Where(z => z.Length > 0).ToList();
            const float gap = 10, labelHeight = 18;
            var size = Math.Min(150, (frame - (gap * (overseas.Count - 1))) / overseas.Count);
            var top = mapTop + mapHeight + (mapHeight > 0 ? 16 : 0) + labelHeight;
            for (var z = 0; z < overseas.Count; z++)
            {
                var x = Margin + (z * (size + gap));
                frames[overseas[z]] = Frame.Fit(ExtentOf(overseas[z]), request.Crs.IsGeographic, x, top, size, size, out _);
                insets.Add(new MapInset(OverseasName(overseas[z]), x, top, size));
            }

            mapHeight = top + size - mapTop;
        }

        var counts = new int[colours.Count];
        var missing = 0;
        var apart = 0;
        var features = new List<MapFeature>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var place = frames[zones[i]];
            var tolerance = 0.5 / place.Scale;
            var geometry = DouglasPeuckerSimplifier.Simplify(planar[i], request.Crs.IsGeographic ? tolerance / place.XScale : tolerance);
            var rings = new List<(float, float)[]>();
            foreach (var polygon in Polygons(geometry))
            {
                rings.Add(place.Pixels(polygon.ExteriorRing.CoordinateSequence));
                foreach (var hole in polygon.InteriorRings) rings.Add(place.Pixels(hole.CoordinateSequence));
            }

            var value = values[i];
            if (setApart[i])
            {
                apart++;
                features.Add(new MapFeature(request.Labels[rows[i]], value, SetApartColour, rings, Hatched: true));
                continue;
            }

            var category = classes.ClassOf(value);
            if (category < 0) missing++;
            else counts[category]++;
            features.Add(new MapFeature(request.Labels[rows[i]], value, category < 0 ? Palette.Missing : colours[category], rings));
        }

        var legend = new List<LegendEntry>();
        for (var c = 0; c < classes.Count; c++) legend.Add(new LegendEntry(classes.Label(c), colours[c], counts[c]));
        if (missing > 0) legend.Add(new LegendEntry("donnée manquante", Palette.Missing, missing));
        if (apart > 0) legend.Add(new LegendEntry(request.SetApartLabel, SetApartColour, apart, Hatched: true));
        return new ChoroplethMap(request, subtitleLines, features, legend, [.. (apart > 0 && request.Note.Length > 0 ? Wrap(request.Note, 150) : []), .. Wrap($"Sources : {request.Sources}", 150)], mapHeight, classes.Count, insets);
    }

    /// <summary>The name of an overseas département, for the title of its inset.</summary>
    public static string OverseasName(string departement) => departement switch
    {
        "971" => "Guadeloupe",
        "972" => "Martinique",
        "973" => "Guyane",
        "974" => "La Réunion",
        "975" => "Saint-Pierre-et-Miquelon",
        "976" => "Mayotte",
        _ => departement,
    };

    // How one zone's coordinates become pixels: metres as they are, degrees with longitude shrunk by cos(latitude),
    // scaled to fit a box and centred in it.
    private readonly record struct Frame(Envelope Extent, double XScale, double Scale, float Left, float Top)
    {
        public static Frame Fit(Envelope extent, bool geographic, float left, float top, float boxWidth, float boxHeight, out float height)
        {
            var xScale = geographic ? Math.Cos((extent.MinY + extent.MaxY) / 2 * Math.PI / 180) : 1.0;
            var width = Math.Max(extent.Width * xScale, 1e-9);
            var tall = Math.Max(extent.Height, 1e-9);
            var scale = Math.Min(boxWidth / width, boxHeight / tall);
            height = (float)(tall * scale);
            return new Frame(extent, xScale, scale, left + ((boxWidth - (float)(width * scale)) / 2), top);
        }

        public (float X, float Y)[] Pixels(CoordinateSequence ring)
        {
            var points = new (float, float)[ring.Count];
            for (var k = 0; k < ring.Count; k++)
                points[k] = ((float)(Left + ((ring.GetX(k) - Extent.MinX) * XScale * Scale)), (float)(Top + ((Extent.MaxY - ring.GetY(k)) * Scale)));
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
