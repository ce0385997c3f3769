using NetTopologySuite.Geometries;

namespace FragilityIndex.Geography;

/// <summary>
/// Checks that coordinates can belong to the CRS a file declares. A layer read in the wrong CRS does not fail on its
/// own: its points land in the sea or at the other end of the world, and every distance and every point in polygon
/// is silently wrong. The bounds are each system's area of use in France, with a margin of tens of kilometres.
/// </summary>
internal static class CoordinateExtent
{
    private static readonly Envelope Degrees = new(-180, 180, -90, 90);

    // Lambert-93 covers metropolitan France and Corsica: about x 100–1 250 km, y 6 000–7 150 km.
    private static readonly Envelope Lambert93 = new(-100_000, 1_400_000, 5_900_000, 7_300_000);

    /// <summary>Where the coordinates of a CRS may lie, or null when the catalog knows no bound for it.</summary>
    public static Envelope? AreaOf(Crs crs) => crs.Epsg switch
    {
        4326 => Degrees,
        2154 => Lambert93,
        // UTM: eastings within the zone (false easting 500 km), northings of the islands each system is used for.
        5490 or 32620 => new Envelope(0, 1_000_000, 1_400_000, 2_100_000), // Guadeloupe, Martinique, Saint-Martin
        2972 => new Envelope(0, 1_000_000, 100_000, 700_000), // Guyane
        2975 => new Envelope(0, 1_000_000, 7_500_000, 7_900_000), // La Réunion
        4471 => new Envelope(0, 1_000_000, 8_500_000, 8_700_000), // Mayotte
        _ => null,
    };

    /// <summary>
    /// Returns null when <paramref name="extent"/> lies within the area of <paramref name="crs"/>, otherwise what is
    /// wrong, with the CRS the coordinates look like when one fits ("these look like Lambert-93 metres (EPSG:2154)").
    /// </summary>
    public static string? Problem(Envelope extent, Crs crs)
    {
        if (extent.IsNull || AreaOf(crs) is not { } area || area.Contains(extent)) return null;
        var likely = CrsCatalog.KnownCodes.Order().Select(CrsCatalog.Get)
            .FirstOrDefault(c => c.Epsg != crs.Epsg && c.Epsg != 32620 && AreaOf(c) is { } other && other.Contains(extent));
        var hint = likely is null ? ""
            : likely.IsGeographic ? ": these look like longitude/latitude degrees (EPSG:4326)"
            : $": these look like {likely.Name} metres (EPSG:{likely.Epsg})";
        return $"coordinates from ({extent.MinX:0.###}, {extent.MinY:0.###}) to ({extent.MaxX:0.###}, {extent.MaxY:0.###}) cannot be {crs}{hint}";
    }
}
