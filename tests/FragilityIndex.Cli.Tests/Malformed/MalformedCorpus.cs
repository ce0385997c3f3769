using System.Text;
using System.Text.Json.Nodes;

namespace FragilityIndex.Cli.Tests.Malformed;

/// <summary>What a malformed case must end in.</summary>
internal abstract record Expectation
{
    /// <summary>Refused with <paramref name="Exit"/>, every line of the message naming <paramref name="Named"/> (a file, an option).</summary>
    public sealed record Refused(int Exit, string Named) : Expectation;

    /// <summary>Accepted, with every score byte-identical to the unmodified run; with a warning containing <paramref name="Warning"/> when given.</summary>
    public sealed record SameScores(string? Warning = null) : Expectation;
}

/// <summary>One malformed variant of the real files, made at test time from ../shared (nothing is committed).</summary>
internal sealed record MalformedCase(string Family, string Name, Action<CaseFolder> Prepare, Expectation Expected)
{
    public override string ToString() => $"{Family}/{Name}";
}

/// <summary>
/// The folder of one case: the base files (real Côtes-d'Armor contours, the Design4Green census of 22, France services)
/// are read where they are; a case writes the file it breaks, or its definition, into its own folder.
/// </summary>
internal sealed class CaseFolder
{
    public CaseFolder(string folder, string baseFolder)
    {
        Folder = folder;
        Base = baseFolder;
        Directory.CreateDirectory(folder);
        Definition = JsonNode.Parse(File.ReadAllText(Path.Combine(baseFolder, "def.json")))!.AsObject();
        foreach (var (_, source) in Definition["sources"]!.AsObject())
        {
            source!["path"] = Path.Combine(baseFolder, source["path"]!.GetValue<string>());
            if (source["header"] is { } header) source["header"] = Path.Combine(baseFolder, header.GetValue<string>());
        }
    }

    public string Folder { get; }

    public string Base { get; }

    public JsonObject Definition { get; }

    /// <summary>The definition's bytes, when a case writes them itself (the definition family).</summary>
    public byte[]? RawDefinition { get; set; }

    /// <summary>The command line, when a case gives its own (the CLI family); {def}, {out} and {case} are replaced.</summary>
    public string[]? Arguments { get; set; }

    public string DefinitionPath => Path.Combine(Folder, "def.json");

    public string OutPath => Path.Combine(Folder, "out");

    /// <summary>Writes a broken copy of a base file into the case folder and points <paramref name="source"/>'s member at it.</summary>
    public string Break(string source, string member, string fileName, Func<byte[], byte[]> change)
    {
        var original = Definition["sources"]![source]![member]!.GetValue<string>();
        var copy = Path.Combine(Folder, fileName);
        File.WriteAllBytes(copy, change(File.ReadAllBytes(original)));
        Definition["sources"]![source]![member] = copy;
        return copy;
    }

    /// <summary>Copies a shapefile's files into the case folder, with <paramref name="change"/> applied to the one of <paramref name="extension"/> (null removes it).</summary>
    public void BreakShapefile(string extension, Func<byte[], byte[]?> change)
    {
        foreach (var ext in new[] { ".shp", ".shx", ".dbf", ".prj", ".cpg" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(Base, "dep22" + ext));
            var changed = ext == extension ? change(bytes) : bytes;
            if (changed is not null) File.WriteAllBytes(Path.Combine(Folder, "dep22" + ext), changed);
        }

        Definition["sources"]!["contours"]!["path"] = Path.Combine(Folder, "dep22.shp");
    }

    /// <summary>Takes the contours from the GeoJSON copy of the shapefile (ogr2ogr's), changed by <paramref name="change"/> (its text).</summary>
    public void UseGeoJson(Func<string, string>? change = null)
    {
        var text = File.ReadAllText(Path.Combine(Base, "iris.geojson"));
        var copy = Path.Combine(Folder, "iris.geojson");
        File.WriteAllText(copy, change is null ? text : change(text));
        Definition["sources"]!["contours"]!["path"] = copy;
    }

    /// <summary>Takes the contours from the GeoJSON copy, with one feature's JSON changed.</summary>
    public void UseGeoJsonFeature(int feature, Action<JsonObject> change) => UseGeoJson(text =>
    {
        var json = JsonNode.Parse(text)!.AsObject();
        change(json["features"]![feature]!.AsObject());
        return json.ToJsonString();
    });

    public void Write()
    {
        File.WriteAllBytes(DefinitionPath, RawDefinition ?? Encoding.UTF8.GetBytes(Definition.ToJsonString()));
    }

    public string[] CommandLine() => Arguments?.Select(a => a.Replace("{def}", DefinitionPath, StringComparison.Ordinal)
            .Replace("{out}", OutPath, StringComparison.Ordinal).Replace("{case}", Folder, StringComparison.Ordinal)).ToArray()
        ?? ["run", "--config", DefinitionPath, "--format", "csv", "--quiet", "--out", OutPath];
}

/// <summary>Text helpers for the census file: ';'-separated, CRLF, no header (its names are in headers.csv).</summary>
internal static class CensusText
{
    public const int CodeIris = 9;
    public const int Population = 4;
    public const int Seniors = 120;
    public const int Households = 54;

    public static byte[] EditField(byte[] bytes, int line, int field, Func<string, string> change) => EditLines(bytes, lines =>
    {
        var fields = SplitOutsideQuotes(lines[line]);
        fields[field] = change(fields[field]);
        lines[line] = string.Join(';', fields);
    });

    public static byte[] EditAllFields(byte[] bytes, int field, Func<string, string> change) => EditLines(bytes, lines =>
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = SplitOutsideQuotes(lines[i]);
            fields[field] = change(fields[field]);
            lines[i] = string.Join(';', fields);
        }
    });

    public static byte[] EditLines(byte[] bytes, Action<List<string>> change)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split("\r\n").ToList();
        var last = lines[^1];
        lines.RemoveAt(lines.Count - 1); // the empty string after the final line break
        change(lines);
        return Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n" + last);
    }

    // The census rows carry a quoted GeoJSON column full of ';'-free commas: a split on ';' outside quotes is enough.
    public static List<string> SplitOutsideQuotes(string line) => SplitOutsideQuotes(line, ';');

    /// <summary>Splits a line on <paramref name="separator"/> outside double quotes (quotes kept).</summary>
    public static List<string> SplitOutsideQuotes(string line, char separator)
    {
        var fields = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == separator && !quoted)
            {
                fields.Add(line[start..i]);
                start = i + 1;
            }
        }

        fields.Add(line[start..]);
        return fields;
    }
}
