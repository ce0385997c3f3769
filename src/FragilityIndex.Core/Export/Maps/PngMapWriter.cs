using SkiaSharp;

namespace FragilityIndex.Export.Maps;

/// <summary>
/// Draws a <see cref="ChoroplethMap"/> as a PNG with SkiaSharp's CPU rasteriser, at twice the map's pixel size for
/// sharp text, with the DejaVu Sans font embedded in this assembly: the picture does not depend on the fonts of the
/// machine, and the same map gives the same bytes.
/// </summary>
internal static class PngMapWriter
{
    internal static readonly Lazy<SKTypeface> Regular = new(() => LoadFont("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => LoadFont("DejaVuSans-Bold.ttf"));

    /// <summary>Device pixels per map pixel.</summary>
    public const float Scale = 2;

    public static void Write(ChoroplethMap map, Stream destination)
    {
        var info = new SKImageInfo((int)(map.Width * Scale), (int)(map.Height * Scale), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("SkiaSharp could not create a raster surface");
        var canvas = surface.Canvas;
        canvas.Scale(Scale);
        canvas.Clear(SKColors.White);

        using var text = new SKPaint { IsAntialias = true, Color = new SKColor(0x22, 0x22, 0x22) };
        using var grey = new SKPaint { IsAntialias = true, Color = new SKColor(0x44, 0x44, 0x44) };
        using var titleFont = new SKFont(Bold.Value, 20);
        using var boldFont = new SKFont(Bold.Value, 13);
        using var bodyFont = new SKFont(Regular.Value, 14);
        using var legendFont = new SKFont(Regular.Value, 13);
        using var sourceFont = new SKFont(Regular.Value, 11);
        canvas.DrawText(map.Title, ChoroplethMap.Margin, 34, SKTextAlign.Left, titleFont, text);
        for (var i = 0; i < map.SubtitleLines.Count; i++)
            canvas.DrawText(map.SubtitleLines[i], ChoroplethMap.Margin, ChoroplethMap.SubtitleTop + i * ChoroplethMap.SubtitleLineHeight, SKTextAlign.Left, bodyFont, text);

        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var hatch = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = SKColor.Parse(ChoroplethMap.HatchColour), StrokeWidth = 0.7f };
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = SKColors.White, StrokeWidth = map.Features.Count > 2000 ? 0.1f : 0.4f, StrokeJoin = SKStrokeJoin.Round };
        foreach (var feature in map.Features)
        {
            using var builder = new SKPathBuilder { FillType = SKPathFillType.EvenOdd };
            foreach (var ring in feature.Rings)
            {
                if (ring.Length == 0) continue;
                builder.MoveTo(ring[0].X, ring[0].Y);
                for (var k = 1; k < ring.Length; k++) builder.LineTo(ring[k].X, ring[k].Y);
                builder.Close();
            }

            using var path = builder.Detach();
            fill.Color = SKColor.Parse(feature.Colour);
            canvas.DrawPath(path, fill);
            if (feature.Hatched) Hatch(canvas, path, path.Bounds, hatch);
            canvas.DrawPath(path, stroke);
        }

        using var insetBorder = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = new SKColor(0x99, 0x99, 0x99), StrokeWidth = 0.8f };
        foreach (var inset in map.Insets)
        {
            canvas.DrawRect(new SKRect(inset.X, inset.Y, inset.X + inset.Size, inset.Y + inset.Size), insetBorder);
            canvas.DrawText(inset.Name, inset.X, inset.Y - 5, SKTextAlign.Left, legendFont, text);
        }

        var y = map.MapTop + 14;
        canvas.DrawText(map.LegendTitle, map.LegendLeft, y, SKTextAlign.Left, boldFont, text);
        using var swatch = new SKPaint { Style = SKPaintStyle.Fill };
        using var border = new SKPaint { Style = SKPaintStyle.Stroke, Color = new SKColor(0x66, 0x66, 0x66), StrokeWidth = 1 };
        foreach (var entry in map.Legend)
        {
            y += ChoroplethMap.LegendRowHeight;
            var box = new SKRect(map.LegendLeft, y - 15, map.LegendLeft + 28, y + 3);
            swatch.Color = SKColor.Parse(entry.Colour);
            canvas.DrawRect(box, swatch);
            if (entry.Hatched) Hatch(canvas, null, box, hatch);

            canvas.DrawRect(box, border);
            canvas.DrawText($"{entry.Label}  ({entry.Count} {map.UnitName})", map.LegendLeft + 38, y, SKTextAlign.Left, legendFont, text);
        }

        var line = map.SourcesTop;
        foreach (var source in map.SourceLines)
        {
            canvas.DrawText(source, ChoroplethMap.Margin, line, SKTextAlign.Left, sourceFont, grey);
            line += ChoroplethMap.SourceLineHeight;
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        data.SaveTo(destination);
    }

    // Diagonal lines 4 px apart, clipped to the shape: the hatching of territories set apart.
    private static void Hatch(SKCanvas canvas, SKPath? shape, SKRect bounds, SKPaint lines)
    {
        canvas.Save();
        if (shape is null) canvas.ClipRect(bounds, antialias: true);
        else canvas.ClipPath(shape, antialias: true);
        for (var x = bounds.Left - bounds.Height; x < bounds.Right; x += ChoroplethMap.HatchSpacing)
            canvas.DrawLine(x, bounds.Bottom, x + bounds.Height, bounds.Top, lines);
        canvas.Restore();
    }

    /// <summary>The file name of a level's map: <c>choropleth-&lt;level&gt;.png</c>.</summary>
    public static string FileName(string level) => $"choropleth-{level}.png";

    private static SKTypeface LoadFont(string name)
    {
        using var stream = typeof(PngMapWriter).Assembly.GetManifestResourceStream($"fonts/{name}")
            ?? throw new InvalidOperationException($"the font {name} is not embedded in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"SkiaSharp could not read the font {name}");
    }
}
