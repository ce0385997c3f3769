using System.Globalization;
using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Territory;

namespace FragilityIndex.Synthesis;

/// <summary>
/// Makes a synthetic France at real size and shape, for benchmarks: the communes, EPCI, départements and régions of
/// the embedded COG 2023 with their codes and populations (2A/2B, 971–976, the arrondissements of Paris, Lyon and
/// Marseille in place of their cities), communes of 10,000 inhabitants or more cut into IRIS of about 2,300, and
/// every source of the <c>default</c> preset in the formats of <see cref="SampleGenerator"/>. Contours are a coverage
/// in WGS84: each département a box (metropolitan ones on a grid over France's extent, overseas ones where they
/// are), cut into commune boxes, cut into IRIS strips whose shared sides are jagged polylines, the same on both
/// sides, so that the file has real France's weight in vertices. The same seed gives byte-identical files.
/// </summary>
internal static class NationalGenerator
{
    /// <summary>The files it writes (the sample's, plus the definition that reads them).</summary>
    public static IReadOnlyList<string> FileNames { get; } = [.. SampleGenerator.FileNames, DefinitionFile];

    /// <summary>The definition it writes beside the files: the default preset, reading them.</summary>
    public const string DefinitionFile = "national.json";

    /// <summary>Vertices on each jagged side of an IRIS strip.</summary>
    public const int SideVertices = 100;

    private const int PerIris = 2_300, SplitFrom = 10_000;

    private sealed record Commune(string Code, string Name, string Epci, string Departement, string Region, int Population, int IrisCount, double Rurality)
    {
        public double X0, Y0, Width, Height;

        // The communes of the same box above and below, whose strip corners this commune's top and bottom carry too.
        public Commune? Above, Below;

        // The x of the b-th strip boundary (0 the left border, IrisCount the right): one expression, so both strips
        // beside a boundary write the same digits.
        public double BoundaryX(int b) => X0 + (Width * b / IrisCount);
    }

    /// <summary>Writes the files; <paramref name="create"/> opens each by name; <paramref name="folder"/> is how the definition names their folder.</summary>
    /// <param name="seed">The seed: the same seed gives the same files.</param>
    /// <param name="folder">The folder as national.json names it.</param>
    /// <param name="create">Opens a file by name.</param>
    /// <param name="detail">Vertices on each jagged side, in hundreds: 2 doubles the contours' vertices (for scaling benchmarks); the other files are the same.</param>
    public static void Generate(int seed, string folder, Func<string, Stream> create, int detail = 1)
    {
        if (detail is < 1 or > 16) throw new ArgumentOutOfRangeException(nameof(detail), "expected 1 to 16 hundred vertices a side");
        var random = new Random(seed);
        var communes = Communes(random);
        Layout(communes);
        var iris = new List<(string Code, Commune Commune, int Position)>();
        foreach (var commune in communes)
        {
            if (commune.IrisCount == 1) iris.Add(($"{commune.Code}0000", commune, 0));
            else for (var i = 1; i <= commune.IrisCount; i++) iris.Add(($"{commune.Code}{i:0000}", commune, i));
        }

        Write(create("iris_table.csv"), w =>
        {
            w.Write(",CODE_IRIS,TYP_IRIS,CODE_INSEE,LIBCOM,EPCI,NATURE_EPCI,MODIF_IRIS,GRD_QUART,UU2010,REG,DEP\n");
            for (var i = 0; i < iris.Count; i++)
            {
                var (code, commune, position) = iris[i];
                w.Write(Invariant($"{i},{code},{(position == 0 ? "Z" : "H")},{commune.Code},{commune.Name},{commune.Epci},CC,0,{commune.Code}00,00000,{commune.Region},{commune.Departement}\n"));
            }
        });

        Write(create("contours.geojson"), w => WriteContours(w, iris, seed, SideVertices * detail));

        var population = new double[iris.Count];
        Write(create("census.csv"), w =>
        {
            w.Write(SyntheticRows.CensusHeader);
            for (var i = 0; i < iris.Count; i++)
            {
                var (code, commune, position) = iris[i];
                var pop = Math.Round(commune.Population / (double)commune.IrisCount * (0.8 + (0.4 * random.NextDouble())), 6);
                population[i] = pop;
                w.Write(SyntheticRows.Census(random, code, commune.Region, commune.Departement, commune.Code, commune.Name, position == 0, pop, commune.Rurality));
            }
        });

        Write(create("filosofi.csv"), w =>
        {
            // Filosofi publishes the IRIS of the larger communes only, some cells secret.
            w.Write(SyntheticRows.FilosofiHeader);
            foreach (var (code, _, _) in iris.Where(x => x.Position > 0)) w.Write(SyntheticRows.Filosofi(random, code, 0.1));
        });

        // Arcep, the CNAF and the coverage tables name Paris, Lyon and Marseille, not their arrondissements.
        var byCommuneRow = communes.GroupBy(c => TerritoryCodes.CityOfArrondissement(c.Code) ?? c.Code, StringComparer.Ordinal).ToArray();
        Write(create("broadband.csv"), w =>
        {
            w.Write(SyntheticRows.BroadbandHeader);
            foreach (var row in byCommuneRow)
            {
                var first = row.First();
                var premises = Math.Max(1, (int)(row.Sum(c => c.Population) / 2.1));
                var thd = (int)(premises * Math.Clamp(1.05 - first.Rurality + (0.2 * random.NextDouble()), 0, 1));
                var hd8 = Math.Min(premises, thd + (int)((premises - thd) * random.NextDouble()));
                w.Write(Invariant($"{row.Key};{first.Name};{first.Departement};{first.Region};{premises};logloc;0;0;0;{hd8 - thd};{thd};0;0;2019-09-30\n"));
            }
        });

        Write(create("mobile.csv"), w =>
        {
            w.Write("CODE_INSEE,LIBCOM,DEP,COUVERTURE_MOBILE\n");
            foreach (var row in byCommuneRow)
                w.Write(Invariant($"{row.Key},{row.First().Name},{row.First().Departement},{Math.Clamp(1.1 - (row.First().Rurality * random.NextDouble()), 0, 1):0.0##}\n"));
        });

        Write(create("caf.csv"), w =>
        {
            w.Write("Communes;Codes_Insee;NB_allocataires;TR50PFRB\n");
            foreach (var row in byCommuneRow)
            {
                var recipients = (int)(row.Sum(c => c.Population) * (0.05 + (0.05 * random.NextDouble())));
                var dependent = (int)(recipients * (0.12 + (0.18 * random.NextDouble())));
                w.Write(Invariant($"{row.First().Name};{row.Key};{recipients};{(dependent < 5 ? " " : dependent.ToString(CultureInfo.InvariantCulture))}\n"));
            }

            w.Write("Résidents à l'étranger;99999;48;7\nCommune inconnue;XXXXX;12;\n");
        });

        Write(create("places.csv"), w =>
        {
            // About 5,000 France services, in the larger communes first, each at a point inside its commune's box.
            w.Write("\"id_fs\",\"insee_dep\",\"lib_fs\",\"adresse\",\"insee_com\",\"lib_com\",\"latitude\",\"longitude\"\n");
            foreach (var commune in communes.Where(c => c.Population >= 3_000 || random.NextDouble() < 0.04))
            {
                var (x, y) = (commune.X0 + (commune.Width * (0.2 + (0.6 * random.NextDouble()))), commune.Y0 + (commune.Height * (0.2 + (0.6 * random.NextDouble()))));
                w.Write(Invariant($"\"fs-{commune.Code}\",\"{commune.Departement}\",\"France services {commune.Name}\",\"1 place de la Mairie\",\"{commune.Code}\",\"{commune.Name}\",\"{y:0.000000}\",\"{x:0.000000}\"\n"));
            }
        });

        Write(create(Ingestion.SourceFile.SyntheticMarker), w => w.Write(Invariant($"""
            # Données synthétiques

            Les fichiers de ce dossier ont été écrits par `fragility synth --national --seed {seed}` : une France inventée à
            sa taille réelle (les communes, EPCI, départements et régions du COG 2023, leurs codes et populations), pour
            mesurer l'outil. Aucun de leurs chiffres n'a été publié par l'INSEE, l'IGN, l'Arcep, la CNAF ou l'ANCT. Tant
            que ce fichier est là, les sorties créditent ces fichiers comme « données synthétiques ».

            """)));

        // The default preset, reading these files; paths as the command named the folder, so a run from the same place finds them.
        Write(create(DefinitionFile), w =>
        {
            string Path(string file) => System.Text.Json.JsonEncodedText.Encode($"{folder.TrimEnd('/')}/{file}").ToString();
            w.Write($$"""
                {
                  "name": "national-synthetic",
                  "extends": "default",
                  "description": "The default index on the synthetic France of fragility synth --national (seed {{seed}}).",
                  "sources": {
                    "contours": { "path": "{{Path("contours.geojson")}}" },
                    "iris_table": { "path": "{{Path("iris_table.csv")}}" },
                    "census": { "path": "{{Path("census.csv")}}" },
                    "filosofi": { "path": "{{Path("filosofi.csv")}}" },
                    "broadband": { "path": "{{Path("broadband.csv")}}" },
                    "mobile": { "path": "{{Path("mobile.csv")}}" },
                    "caf": { "path": "{{Path("caf.csv")}}" },
                    "places": { "path": "{{Path("places.csv")}}" }
                  }
                }

                """);
        });
    }

    // The communes of the COG with a population, the three cities replaced by their arrondissements, the collectivités
    // without IRIS (975, 977, 978, 98x) left out; sorted by code.
    private static List<Commune> Communes(Random random)
    {
        var cog = CogTable.Cog2023;
        var communes = new List<Commune>();
        foreach (var (code, population) in cog.CommunePopulations().OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            if (population <= 0 || code is "75056" or "69123" or "13055") continue;
            var (departement, region, epci) = cog.ParentsOf(code)!.Value;
            if (departement.Length == 3 && departement is not ("971" or "972" or "973" or "974" or "976")) continue;
            var irisCount = population >= SplitFrom ? Math.Max(2, (int)Math.Round(population / (double)PerIris)) : 1;
            var rurality = Math.Clamp(1 - (Math.Log10(population) / 5), 0, 1);
            communes.Add(new Commune(code, cog.NameOf(TerritoryLevel.Commune, code) ?? code, epci.Length > 0 ? epci : "ZZZZZZZZZ", departement, region, population, irisCount, rurality + (0.05 * random.NextDouble())));
        }

        return communes;
    }

    // Each département a box: metropolitan ones on a 10 × 10 grid over France's extent (with a margin between them, so
    // that départements share no side), overseas ones where they are; inside it, its communes on a square grid.
    private static void Layout(List<Commune> communes)
    {
        (double X, double Y, double W, double H) Overseas(string departement) => departement switch
        {
            "971" => (-61.8, 15.9, 0.7, 0.6),
            "972" => (-61.25, 14.4, 0.45, 0.5),
            "973" => (-54.5, 2.2, 2.6, 3.5),
            "974" => (55.2, -21.4, 0.6, 0.55),
            _ => (45.0, -13.0, 0.3, 0.35),
        };

        var metropolitan = communes.Select(c => c.Departement).Where(d => !d.StartsWith("97", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var group in communes.GroupBy(c => c.Departement))
        {
            var index = metropolitan.IndexOf(group.Key);
            var box = index >= 0 ? (X: -4.8 + (index % 10 * 1.3), Y: 42.3 + (index / 10 * 0.88), W: 1.25, H: 0.84) : Overseas(group.Key);
            // An EPCI's communes side by side, as real ones are: the grid is filled EPCI by EPCI.
            var members = group.OrderBy(c => c.Epci, StringComparer.Ordinal).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
            var side = (int)Math.Ceiling(Math.Sqrt(members.Count));
            for (var i = 0; i < members.Count; i++)
            {
                var commune = members[i];
                (commune.Width, commune.Height) = (box.W / side, box.H / side);
                (commune.X0, commune.Y0) = (box.X + (i % side * commune.Width), box.Y + (i / side * commune.Height));
                commune.Below = i >= side ? members[i - side] : null;
                commune.Above = i + side < members.Count ? members[i + side] : null;
            }
        }
    }

    // A commune box cut into vertical strips, one per IRIS. A strip's left and right sides are jagged polylines of
    // SideVertices points drawn from the side's own position (so the strip on the other side draws the same points);
    // its top and bottom are straight, with a vertex at each strip corner of the commune above or below, so that the
    // contours are a clean coverage (every shared edge has the same vertices on both sides). The noise stays within
    // 5 % of the strip's width: no side crosses another.
    private static void WriteContours(TextWriter w, List<(string Code, Commune Commune, int Position)> iris, int seed, int sideVertices)
    {
        w.Write("{\"type\":\"FeatureCollection\",\"features\":[\n");
        var text = new StringBuilder(16_384);
        for (var i = 0; i < iris.Count; i++)
        {
            var (code, commune, position) = iris[i];
            var strip = Math.Max(position, 1);
            var (left, right) = (commune.BoundaryX(strip - 1), commune.BoundaryX(strip));
            var (bottom, top) = (commune.Y0, commune.Y0 + commune.Height);
            text.Clear();
            // Counter-clockwise: along the bottom, up the right side, back along the top, down the left side.
            Point(text, left, bottom);
            foreach (var x in Corners(commune.Below, left, right)) Point(text, x, bottom);
            Point(text, right, bottom);
            var rightSide = Side(commune, strip, seed);
            foreach (var y in Steps(bottom, top, sideVertices)) Point(text, right + rightSide(y), y);
            Point(text, right, top);
            foreach (var x in Corners(commune.Above, left, right).Reverse()) Point(text, x, top);
            Point(text, left, top);
            var leftSide = Side(commune, strip - 1, seed);
            foreach (var y in Steps(bottom, top, sideVertices).Reverse()) Point(text, left + leftSide(y), y);
            Point(text, left, bottom);
            text.Length--;
            w.Write($"{{\"type\":\"Feature\",\"properties\":{{\"INSEE_COM\":\"{commune.Code}\",\"NOM_COM\":\"{Escape(commune.Name)}\",\"IRIS\":\"{code[5..]}\",\"CODE_IRIS\":\"{code}\",\"NOM_IRIS\":\"{Escape(position == 0 ? commune.Name : $"{commune.Name} {position}")}\",\"TYP_IRIS\":\"{(position == 0 ? "Z" : "H")}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{text}]]}}}}{(i < iris.Count - 1 ? "," : "")}\n");
        }

        w.Write("]}\n");
    }

    // The strip corners of a neighbouring commune (above or below, same width) strictly between left and right, left to right.
    private static IEnumerable<double> Corners(Commune? neighbour, double left, double right)
    {
        if (neighbour is null) yield break;
        for (var b = 1; b < neighbour.IrisCount; b++)
        {
            var x = neighbour.BoundaryX(b);
            if (x > left && x < right && Format(x) != Format(left) && Format(x) != Format(right)) yield return x;
        }
    }

    // The inner heights of a side's points, bottom to top.
    private static IEnumerable<double> Steps(double bottom, double top, int sideVertices)
    {
        for (var k = 1; k <= sideVertices; k++) yield return bottom + ((top - bottom) * k / (sideVertices + 1));
    }

    // The offset of the side at the k-th strip boundary of a commune, as a function of height: none on the commune's
    // own border (its left and right sides are straight, shared with nothing), noise inside it, the same for both strips.
    private static Func<double, double> Side(Commune commune, int boundary, int seed)
    {
        if (boundary <= 0 || boundary >= commune.IrisCount) return _ => 0;
        var amplitude = 0.05 * commune.Width / commune.IrisCount;
        // A phase of its own per side, from the commune code (FNV-1a: string.GetHashCode differs from run to run).
        var hash = 2166136261u;
        foreach (var ch in $"{commune.Code}/{boundary}/{seed}") hash = (hash ^ ch) * 16777619u;
        var phase = (hash & 0xffff) / 65536.0 * 2 * Math.PI;
        return y => amplitude * Math.Sin((y - commune.Y0) / commune.Height * 40 * Math.PI + phase) * Math.Sin((y - commune.Y0) / commune.Height * Math.PI);
    }

    private static void Point(StringBuilder text, double x, double y) => text.Append('[').Append(Format(x)).Append(',').Append(Format(y)).Append("],");

    // Seven decimals of a degree: a centimetre.
    private static string Format(double degrees) => degrees.ToString("0.0000000", CultureInfo.InvariantCulture);

    private static string Escape(string text) => System.Text.Json.JsonEncodedText.Encode(text).ToString();

    private static string Invariant(FormattableString text) => SyntheticRows.Invariant(text);

    private static void Write(Stream stream, Action<TextWriter> write) => SyntheticRows.Write(stream, write);
}
