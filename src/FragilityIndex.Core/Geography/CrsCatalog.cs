using System.Text.RegularExpressions;
using FragilityIndex.Diagnostics;
using ProjNet.CoordinateSystems;

namespace FragilityIndex.Geography;

/// <summary>A coordinate reference system the engine knows: its EPSG code, its name and ProjNet's description of it.</summary>
internal sealed record Crs(int Epsg, string Name, CoordinateSystem System)
{
    /// <summary>Whether coordinates are longitude/latitude in degrees.</summary>
    public bool IsGeographic => System is GeographicCoordinateSystem;

    public override string ToString() => $"EPSG:{Epsg} ({Name})";
}

/// <summary>
/// The coordinate systems of French statistical geography: WGS84, Lambert-93 for metropolitan France and the UTM
/// systems IGN uses overseas (Guadeloupe and Martinique EPSG:5490, Guyane 2972, La Réunion 2975, Mayotte 4471).
/// Files describe their CRS in many dialects (ESRI .prj, OGC WKT, GeoJSON URNs, GeoPackage srs ids), so each is
/// identified to one of these, and reprojected with ProjNet from our own definitions of them.
/// </summary>
internal static partial class CrsCatalog
{
    // GRS80-based datums are treated as WGS84 (the TOWGS84 shifts are zero): under a metre, well below the
    // resolution of any IRIS contour.
    private const string Grs80 = "SPHEROID[\"GRS 1980\",6378137,298.257222101],TOWGS84[0,0,0,0,0,0,0]";

    private static string Utm(string name, string datum, int centralMeridian, bool south, int epsg) =>
        $"PROJCS[\"{name}\",GEOGCS[\"{datum}\",DATUM[\"{datum}\",{Grs80}],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]," +
        $"PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",{centralMeridian}]," +
        $"PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",{(south ? 10000000 : 0)}]," +
        $"UNIT[\"metre\",1],AUTHORITY[\"EPSG\",\"{epsg}\"]]";

    private static readonly Dictionary<int, string> Definitions = new()
    {
        [4326] = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4326\"]]",
        [2154] = "PROJCS[\"RGF93 / Lambert-93\",GEOGCS[\"RGF93\",DATUM[\"Reseau_Geodesique_Francais_1993\"," + Grs80 + "],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]," +
                 "PROJECTION[\"Lambert_Conformal_Conic_2SP\"],PARAMETER[\"standard_parallel_1\",49],PARAMETER[\"standard_parallel_2\",44],PARAMETER[\"latitude_of_origin\",46.5]," +
                 "PARAMETER[\"central_meridian\",3],PARAMETER[\"false_easting\",700000],PARAMETER[\"false_northing\",6600000],UNIT[\"metre\",1],AUTHORITY[\"EPSG\",\"2154\"]]",
        [5490] = Utm("RGAF09 / UTM zone 20N", "RGAF09", -63, south: false, 5490),
        [32620] = Utm("WGS 84 / UTM zone 20N", "WGS84", -63, south: false, 32620),
        [2972] = Utm("RGFG95 / UTM zone 22N", "RGFG95", -51, south: false, 2972),
        [2975] = Utm("RGR92 / UTM zone 40S", "RGR92", 57, south: true, 2975),
        [4471] = Utm("RGM04 / UTM zone 38S", "RGM04", 45, south: true, 4471),
    };

    private static readonly Dictionary<int, Crs> Cache = [];

    /// <summary>WGS84 longitude/latitude.</summary>
    public static Crs Wgs84 => Get(4326);

    /// <summary>RGF93 / Lambert-93.</summary>
    public static Crs Lambert93 => Get(2154);

    /// <summary>The EPSG codes this catalog can reproject.</summary>
    public static IReadOnlyCollection<int> KnownCodes => Definitions.Keys;

    /// <summary>The CRS of an EPSG code.</summary>
    /// <exception cref="FragilityException">The code is not one the catalog knows.</exception>
    public static Crs Get(int epsg)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(epsg, out var known)) return known;
            if (!Definitions.TryGetValue(epsg, out var wkt))
                throw new FragilityException(FailureKind.BadData,
                    $"EPSG:{epsg} is not supported: expected one of {string.Join(", ", Definitions.Keys.Order().Select(c => $"EPSG:{c}"))}");
            var system = (CoordinateSystem)new CoordinateSystemFactory().CreateFromWkt(wkt);
            return Cache[epsg] = new Crs(epsg, system.Name, system);
        }
    }

    /// <summary>
    /// Identifies a CRS written as "EPSG:2154", "urn:ogc:def:crs:EPSG::2154", "urn:ogc:def:crs:OGC:1.3:CRS84" or
    /// "CRS84", and IGN's "IGNF:LAMB93" (Lambert-93 as ogr2ogr writes it for IGN's files); returns null for anything else.
    /// </summary>
    public static Crs? FromName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase)) return Wgs84;
        // ogr2ogr names IGN's own Lambert-93 by IGN's registry: "urn:ogc:def:crs:IGNF::LAMB93" or "IGNF:LAMB93".
        if (trimmed.EndsWith(":LAMB93", StringComparison.OrdinalIgnoreCase) && trimmed.Contains("IGNF", StringComparison.OrdinalIgnoreCase)) return Lambert93;
        var match = EpsgName().Match(trimmed);
        return match.Success && Definitions.ContainsKey(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            ? Get(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>
    /// Identifies the CRS of a WKT text (an ESRI .prj or an OGC WKT): by its EPSG authority when it has one, otherwise
    /// by the projection it names. Returns null when it is none of the catalog's.
    /// </summary>
    public static Crs? FromWkt(string wkt)
    {
        var authorities = EpsgAuthority().Matches(wkt);
        if (authorities.Count > 0)
        {
            // The outermost AUTHORITY closes the WKT: it is the last one.
            var code = int.Parse(authorities[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (Definitions.ContainsKey(code)) return Get(code);
        }

        var text = wkt.Replace('_', ' ').Replace('-', ' ');
        bool Has(string s) => text.Contains(s, StringComparison.OrdinalIgnoreCase);
        if (Has("Lambert 93") || (Has("RGF") && Has("Lambert Conformal Conic") && Has("46.5"))) return Lambert93;
        if (Has("UTM zone 20N")) return Has("RGAF09") ? Get(5490) : Has("WGS") ? Get(32620) : null;
        if (Has("UTM zone 22N") && Has("RGFG95")) return Get(2972);
        if (Has("UTM zone 40S") && Has("RGR92")) return Get(2975);
        if (Has("UTM zone 38S") && Has("RGM04")) return Get(4471);
        if (wkt.TrimStart().StartsWith("GEOGCS", StringComparison.OrdinalIgnoreCase) && (Has("WGS") || Has("RGF") || Has("GRS 1980"))) return Wgs84;
        return null;
    }

    /// <summary>The projected CRS IGN uses for a département: Lambert-93, or the overseas UTM system.</summary>
    public static Crs ProjectedFor(string departement) => departement switch
    {
        "971" or "972" => Get(5490),
        "973" => Get(2972),
        "974" => Get(2975),
        "976" => Get(4471),
        _ => Lambert93,
    };

    [GeneratedRegex(@"EPSG:+(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgName();

    [GeneratedRegex(@"AUTHORITY\[\s*""EPSG""\s*,\s*""?(\d+)""?\s*\]", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgAuthority();
}
