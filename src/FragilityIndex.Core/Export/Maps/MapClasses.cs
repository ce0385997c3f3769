using FragilityIndex.Diagnostics;

namespace FragilityIndex.Export.Maps;

/// <summary>
/// The classes of a choropleth: their bounds and colours, computed from the values of the territories classed (those
/// set apart take no part). The PNG, the SVG and the GeoPackage's QGIS style use this one computation, so QGIS opens
/// the layer with the classes and colours of the pictures.
/// </summary>
internal sealed class MapClasses
{
    private MapClasses(double[] bounds, IReadOnlyList<string> colours)
    {
        Bounds = bounds;
        Colours = colours;
    }

    /// <summary>The class bounds, lowest first: class c holds the values in (Bounds[c], Bounds[c + 1]], the first also its lower bound.</summary>
    public double[] Bounds { get; }

    /// <summary>The colour (#rrggbb) of each class.</summary>
    public IReadOnlyList<string> Colours { get; }

    /// <summary>The number of classes: fewer than 2 when every value classed is the same, 0 when there is none.</summary>
    public int Count => Math.Max(Bounds.Length - 1, 0);

    /// <param name="values">The value of each territory (NaN for missing).</param>
    /// <param name="setApart">Per territory, whether it is set apart (null: none is).</param>
    /// <param name="classes">The classes asked for (2 to <see cref="Palette.MaxClasses"/>).</param>
    /// <param name="method">Quantiles or Jenks.</param>
    public static MapClasses Of(IReadOnlyList<double> values, IReadOnlyList<bool>? setApart, int classes, ClassMethod method)
    {
        if (classes is < 2 or > Palette.MaxClasses)
            throw new FragilityException(FailureKind.Usage, $"a map has 2 to {Palette.MaxClasses} classes, not {classes}");
        var classed = values.Where((_, i) => setApart is null || !setApart[i]).ToArray();
        var bounds = ClassBreaks.Compute(classed, classes, method);
        return new MapClasses(bounds, Palette.Sequential(Math.Max(bounds.Length - 1, 1)));
    }

    /// <summary>The class of <paramref name="value"/> (0-based), or −1 when it is missing.</summary>
    public int ClassOf(double value) => ClassBreaks.ClassOf(value, Bounds);

    /// <summary>The legend label of class <paramref name="c"/>: "96,4 – 102,8", or "100,0 (toutes les valeurs)" for a single value.</summary>
    public string Label(int c) => Count == 1 && Bounds[0] == Bounds[1]
        ? $"{ChoroplethMap.Number(Bounds[0])} (toutes les valeurs)"
        : $"{ChoroplethMap.Number(Bounds[c])} – {ChoroplethMap.Number(Bounds[c + 1])}";
}
