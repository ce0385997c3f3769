using System.Globalization;
using System.Text;

namespace FragilityIndex.Synthesis;

/// <summary>
/// The rows both generators write in the real sources' layouts (the sample and the national France): one census row
/// of an IRIS from its population and rurality, one Filosofi row, the Arcep export's two header lines, and the text
/// writer they all go through. The random draws are made in one order, so a seed gives the same files.
/// </summary>
internal static class SyntheticRows
{
    public const string CensusHeader = "IRIS;REG;DEP;COM;LIBCOM;TYP_IRIS;P16_POP;P16_POP1529;P16_POP65P;P16_NSCOL15P;P16_NSCOL15P_DIPLMIN;P16_ACT1564;P16_CHOM1564;C16_MEN;C16_MENPSEUL;C16_FAM;C16_FAMMONO\n";

    public const string FilosofiHeader = "IRIS;DISP_TP6018;DISP_MED18;DISP_NOTE18\n";

    // Arcep's "Ma connexion internet" export opens with its disclaimer, then the header.
    public const string BroadbandHeader = "Version beta : les données sont présentées en l’état et ne sont pas toutes fiables, certaines devant encore être améliorées\n"
        + "code_insee;nom_com;code_dep;code_reg;nbr;type;inel_hd;elig_hd05;elig_hd3;elig_hd8;elig_thd30;elig_thd100;elig_thd1g;date\n";

    /// <summary>An IRIS's census counts (INSEE's RP2016 names): the older, the less schooled and the fewer single parents, the more rural.</summary>
    public static string Census(Random random, string iris, string region, string departement, string commune, string name, bool wholeCommune, double population, double rural)
    {
        var young = population * (0.12 + (0.12 * (1 - rural)) + (0.03 * random.NextDouble()));
        var old = population * (0.12 + (0.18 * rural) + (0.05 * random.NextDouble()));
        var outOfSchool = population * (0.75 + (0.05 * random.NextDouble()));
        var lowDiploma = outOfSchool * (0.2 + (0.2 * random.NextDouble()) + (0.1 * rural));
        var active = population * (0.45 + (0.05 * random.NextDouble()));
        var unemployed = active * (0.06 + (0.1 * random.NextDouble() * (1 - rural)) + 0.02);
        var households = population / (2.0 + (0.4 * rural));
        var alone = households * (0.25 + (0.2 * (1 - rural)) + (0.05 * random.NextDouble()));
        var families = households * (0.6 - (0.1 * (1 - rural)));
        var singleParent = families * (0.08 + (0.12 * (1 - rural) * random.NextDouble()));
        return Invariant($"{iris};{region};{departement};{commune};{name};{(wholeCommune ? "Z" : "H")};{population:0.######};{young:0.######};{old:0.######};{outOfSchool:0.######};{lowDiploma:0.######};{active:0.######};{unemployed:0.######};{households:0.######};{alone:0.######};{families:0.######};{singleParent:0.######}\n");
    }

    /// <summary>An IRIS's Filosofi incomes, or its cells secret (blank, note 5) with probability <paramref name="secretShare"/>.</summary>
    public static string Filosofi(Random random, string iris, double secretShare)
    {
        var poverty = 8 + (random.NextDouble() * 25);
        var median = 26000 - (poverty * 350) + (random.NextDouble() * 2000);
        return random.NextDouble() < secretShare ? $"{iris};;;5\n" : Invariant($"{iris};{poverty:0.0};{Math.Round(median / 10) * 10:0};0\n");
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>UTF-8 without a byte order mark, "\n" line ends, as the published files are read back.</summary>
    public static void Write(Stream stream, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        write(writer);
    }
}
