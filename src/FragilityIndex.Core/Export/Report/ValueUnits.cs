using FragilityIndex.Definition;

namespace FragilityIndex.Export.Report;

/// <summary>
/// How a report writes an indicator's value with its unit, in French: "23,4 %", "21 310 €", "4,2 km",
/// "3,1 pour 10 000 habitants". The unit is the definition's <c>unit</c>, or follows from the indicator's kind.
/// </summary>
internal static class ValueUnits
{
    /// <summary>The unit of <paramref name="indicator"/>'s value: share, percent, euros, km, per-inhabitants, other text, or "".</summary>
    public static string Of(IndicatorDefinition indicator)
    {
        if (!string.IsNullOrWhiteSpace(indicator.Unit)) return indicator.Unit.Trim();
        return DefinitionTerms.KindOf(indicator) switch
        {
            IndicatorKind.Share => indicator.Scale == 1 ? "share" : indicator.Scale == 100 ? "percent" : "",
            IndicatorKind.Poststratified => "share",
            IndicatorKind.PointsDistance => "km",
            IndicatorKind.PointsCount or IndicatorKind.PointsSum => "per-inhabitants",
            _ => indicator.ValueRange is [0, 1] && indicator.Scale == 1 ? "share" : indicator.ValueRange is [0, 100] && indicator.Scale == 1 ? "percent" : "",
        };
    }

    /// <summary>The value with its unit ("–" when missing).</summary>
    public static string Format(double value, IndicatorDefinition indicator)
    {
        if (double.IsNaN(value)) return "–";
        return Of(indicator) switch
        {
            "share" => HtmlReportWriter.Fr(100 * value, 1) + "\u00A0%",
            "percent" => HtmlReportWriter.Fr(value, 1) + "\u00A0%",
            "euros" => HtmlReportWriter.Fr(value, 0) + "\u00A0€",
            "km" => HtmlReportWriter.Fr(value, 1) + "\u00A0km",
            "per-inhabitants" => HtmlReportWriter.Fr(value, 1) + " pour " + HtmlReportWriter.Fr(indicator.Scale, 0) + "\u00A0habitants",
            "" => HtmlReportWriter.Fr(value, Math.Abs(value) >= 1000 ? 0 : 1),
            var other => HtmlReportWriter.Fr(value, Math.Abs(value) >= 1000 ? 0 : 1) + "\u00A0" + other,
        };
    }
}
