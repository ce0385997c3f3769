namespace FragilityIndex.Export.Maps;

/// <summary>
/// The colours of a choropleth: ColorBrewer's sequential YlOrRd scheme (Cynthia Brewer, colorbrewer2.org), which
/// ColorBrewer marks safe for colour-blind readers and for printing in grey, light for the least fragile class and
/// dark red for the most fragile. Missing values are a neutral grey that no class uses.
/// </summary>
internal static class Palette
{
    /// <summary>The colour of territories without a value.</summary>
    public const string Missing = "#cccccc";

    private static readonly string[][] YlOrRd =
    [
        ["#ffeda0", "#feb24c", "#f03b20"],
        ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
        ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
        ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
        ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
        ["#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
        ["#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026"],
    ];

    /// <summary>The most classes a map can have.</summary>
    public const int MaxClasses = 9;

    /// <summary>The colours (#rrggbb) of <paramref name="classes"/> classes, from the lowest to the highest.</summary>
    public static IReadOnlyList<string> Sequential(int classes) => classes switch
    {
        < 2 => [YlOrRd[0][1]],
        2 => [YlOrRd[0][0], YlOrRd[0][2]],
        > MaxClasses => throw new ArgumentOutOfRangeException(nameof(classes), $"at most {MaxClasses} classes"),
        _ => YlOrRd[classes - 3],
    };
}
