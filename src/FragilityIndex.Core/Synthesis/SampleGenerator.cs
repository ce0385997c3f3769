using System.Globalization;

namespace FragilityIndex.Synthesis;

/// <summary>
/// Makes a small synthetic territory in the formats of the real sources, so the default run works offline: an IRIS
/// reference table (Data For Good's <c>table_iris_insee_epci.csv</c> layout), census counts (INSEE's base infra-communale,
/// RP2016 names), Filosofi 2018 IRIS incomes with unpublished cells, the Arcep "Ma connexion internet" export (with its
/// disclaimer line), a commune mobile-coverage table, IGN-style IRIS contours (GeoJSON in Lambert-93), a CNAF-style
/// commune table (with its 99999 and XXXXX rows and secret cells) and an ANCT-style list of France services with
/// coordinates. The same seed gives byte-identical files.
/// </summary>
internal static class SampleGenerator
{
    /// <summary>The files it writes.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["iris_table.csv", "contours.geojson", "census.csv", "filosofi.csv", "broadband.csv", "mobile.csv", "caf.csv", "places.csv", Ingestion.SourceFile.SyntheticMarker];

    // The synthetic communes lie on a grid of 5 km squares in Lambert-93, between the Ardèche and the Drôme.
    private const double GridX = 800_000, GridY = 6_400_000, Cell = 5_000;

    private sealed record Commune(string Code, string Name, string Epci, string Departement, int IrisCount, double Rurality);

    /// <summary>Writes the sample files; <paramref name="create"/> opens each file by name.</summary>
    public static void Generate(int seed, Func<string, Stream> create)
    {
        // System.Random with a seed uses the same legacy algorithm on every .NET version, which keeps the files stable.
        var random = new Random(seed);
        var communes = new List<Commune>();
        string[] departements = ["07", "26"];
        foreach (var departement in departements)
        {
            for (var e = 0; e < 2; e++)
            {
                var epci = $"2{departement}00{e}00{(departement == "07" ? 1 : 2)}";
                for (var c = 0; c < 6; c++)
                {
                    var number = 900 + (e * 10) + c;
                    var code = $"{departement}{number:000}";
                    var isTown = c == 0;
                    var irisCount = isTown ? (e == 0 ? 8 + random.Next(5) : 3 + random.Next(3)) : c == 1 ? 2 : 1;
                    communes.Add(new Commune(code, $"Commune synthétique {code}", epci, departement, irisCount, isTown ? 0.1 : 0.5 + (random.NextDouble() * 0.5)));
                }
            }
        }

        var iris = new List<(string Code, Commune Commune, int Position)>();
        foreach (var commune in communes)
        {
            if (commune.IrisCount == 1) iris.Add(($"{commune.Code}0000", commune, 0));
            else for (var i = 1; i <= commune.IrisCount; i++) iris.Add(($"{commune.Code}{i:0000}", commune, i));
        }

        WriteText(create("iris_table.csv"), w =>
        {
            w.Write(",CODE_IRIS,TYP_IRIS,CODE_INSEE,LIBCOM,EPCI,NATURE_EPCI,MODIF_IRIS,GRD_QUART,UU2010,REG,DEP\n");
            for (var i = 0; i < iris.Count; i++)
            {
                var (code, commune, position) = iris[i];
                w.Write(Invariant($"{i},{code},{(position == 0 ? "Z" : "H")},{commune.Code},{commune.Name},{commune.Epci},{(commune.Epci.EndsWith('1') ? "CA" : "CC")},0,{commune.Code}00,{commune.Departement}000,84,{commune.Departement}\n"));
            }
        });

        WriteText(create("contours.geojson"), w =>
        {
            // IGN's field names; each commune is a square, cut into vertical strips, one per IRIS.
            w.Write("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::2154\"}},\"features\":[\n");
            for (var i = 0; i < iris.Count; i++)
            {
                var (code, commune, position) = iris[i];
                var index = communes.IndexOf(commune);
                var (x0, y0) = (GridX + (index % 6 * Cell), GridY + (index / 6 * Cell));
                var width = Cell / commune.IrisCount;
                var left = x0 + (Math.Max(position, 1) - 1) * width;
                var ring = Invariant($"[[{left:0.0},{y0:0.0}],[{left + width:0.0},{y0:0.0}],[{left + width:0.0},{y0 + Cell:0.0}],[{left:0.0},{y0 + Cell:0.0}],[{left:0.0},{y0:0.0}]]");
                w.Write($"{{\"type\":\"Feature\",\"properties\":{{\"INSEE_COM\":\"{commune.Code}\",\"NOM_COM\":\"{commune.Name}\",\"IRIS\":\"{code[5..]}\",\"CODE_IRIS\":\"{code}\",\"NOM_IRIS\":\"{(position == 0 ? commune.Name : $"{commune.Name} {position}")}\",\"TYP_IRIS\":\"{(position == 0 ? "Z" : "H")}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[{ring}]}}}}{(i < iris.Count - 1 ? "," : "")}\n");
            }

            w.Write("]}\n");
        });

        var population = new Dictionary<string, double>(StringComparer.Ordinal);
        WriteText(create("census.csv"), w =>
        {
            w.Write(SyntheticRows.CensusHeader);
            foreach (var (code, commune, position) in iris)
            {
                var pop = Math.Round((position == 0 ? 300 + (random.NextDouble() * 1500) : 1800 + (random.NextDouble() * 1500)), 6);
                population[code] = pop;
                w.Write(SyntheticRows.Census(random, code, "84", commune.Departement, commune.Code, commune.Name, position == 0, pop, commune.Rurality));
            }
        });

        WriteText(create("filosofi.csv"), w =>
        {
            // Filosofi publishes only IRIS above its threshold: whole communes (XXXXX0000) are absent, and some cells are secret.
            w.Write(SyntheticRows.FilosofiHeader);
            foreach (var (code, _, _) in iris.Where(x => x.Position > 0)) w.Write(SyntheticRows.Filosofi(random, code, 0.15));
        });

        WriteText(create("broadband.csv"), w =>
        {
            w.Write(SyntheticRows.BroadbandHeader);
            foreach (var commune in communes)
            {
                var premises = (int)communes.Where(c => c == commune).Sum(c => iris.Where(x => x.Commune == c).Sum(x => population[x.Code] / 2.1));
                var thd = (int)(premises * Math.Clamp(1.05 - commune.Rurality + (0.2 * random.NextDouble()), 0, 1));
                var hd8 = Math.Min(premises, thd + (int)((premises - thd) * random.NextDouble()));
                w.Write(Invariant($"{commune.Code};{commune.Name};{commune.Departement};84;{premises};logloc;0;0;0;{hd8 - thd};{thd};0;0;2019-09-30\n"));
            }
        });

        WriteText(create("mobile.csv"), w =>
        {
            w.Write("CODE_INSEE,LIBCOM,DEP,COUVERTURE_MOBILE\n");
            // The last commune is left out, as real coverage tables miss a few communes: its IRIS take the EPCI's value.
            foreach (var commune in communes.Take(communes.Count - 1))
            {
                var coverage = Math.Clamp(1.1 - (commune.Rurality * random.NextDouble()), 0, 1);
                w.Write(Invariant($"{commune.Code},{commune.Name},{commune.Departement},{coverage:0.0##}\n"));
            }
        });

        WriteCafAndPlaces(random, communes, create);

        // The marker the readers look for: whatever reads a file of this folder credits it as synthetic, never as the
        // publisher whose format it copies (a copied folder keeps its marker).
        WriteText(create(Ingestion.SourceFile.SyntheticMarker), w => w.Write(Invariant($"""
            # Données synthétiques

            Les fichiers de ce dossier ont été écrits par `fragility synth --seed {seed}`. Ils ont les formats des fichiers
            publiés (INSEE, IGN, Arcep, CNAF, ANCT), mais aucun de leurs chiffres n'a été publié par ces organismes : ils
            décrivent un territoire inventé, pour essayer l'outil. Tant que ce fichier est là, les cartes, le rapport,
            run.json et le classeur créditent ces fichiers comme « données synthétiques ».

            """)));
    }

    private static void WriteCafAndPlaces(Random random, List<Commune> communes, Func<string, Stream> create)
    {
        WriteText(create("caf.csv"), w =>
        {
            // The CNAF's commune files: recipients and those whose resources are 50 % or more CAF benefits; secret
            // cells (fewer than 5) are blank; 99999 (residents abroad) and XXXXX (unknown commune) are not territories.
            w.Write("Communes;Codes_Insee;NB_allocataires;TR50PFRB\n");
            foreach (var commune in communes)
            {
                var recipients = (int)(150 + (random.NextDouble() * 900 * (1.2 - commune.Rurality)));
                var dependent = (int)(recipients * (0.12 + (0.18 * random.NextDouble())));
                w.Write(Invariant($"{commune.Name};{commune.Code};{recipients};{(dependent < 30 ? " " : dependent.ToString(CultureInfo.InvariantCulture))}\n"));
            }

            w.Write("Résidents à l'étranger;99999;48;7\nCommune inconnue;XXXXX;12;\n");
        });

        WriteText(create("places.csv"), w =>
        {
            // The ANCT's list of France services: every field quoted, coordinates in WGS84, one address on two lines.
            var toWgs84 = new Geography.Reprojection(Geography.CrsCatalog.Lambert93, Geography.CrsCatalog.Wgs84);
            w.Write("\"id_fs\",\"insee_dep\",\"lib_fs\",\"adresse\",\"insee_com\",\"lib_com\",\"latitude\",\"longitude\"\n");
            var towns = communes.Where((c, i) => i % 6 == 0 || (i % 6 == 3 && random.NextDouble() < 0.5)).ToList();
            foreach (var commune in towns)
            {
                var index = communes.IndexOf(commune);
                var (x, y) = (GridX + (index % 6 * Cell) + (Cell * (0.2 + (0.6 * random.NextDouble()))), GridY + (index / 6 * Cell) + (Cell * (0.2 + (0.6 * random.NextDouble()))));
                var (longitude, latitude) = toWgs84.Apply(x, y);
                w.Write(Invariant($"\"fs-{commune.Code}\",\"{commune.Departement}\",\"France services {commune.Name}\",\"1 place de la Mairie\nBP 12\",\"{commune.Code}\",\"{commune.Name}\",\"{latitude:0.000000}\",\"{longitude:0.000000}\"\n"));
            }

            w.Write("\"fs-itinerant\",\"26\",\"France services itinérante\",\"\",\"\",\"\",\"\",\"\"\n");
        });
    }

    private static string Invariant(FormattableString text) => SyntheticRows.Invariant(text);

    private static void WriteText(Stream stream, Action<TextWriter> write) => SyntheticRows.Write(stream, write);
}
