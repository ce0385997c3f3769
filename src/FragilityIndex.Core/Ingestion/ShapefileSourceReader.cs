using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Geography;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads an ESRI shapefile (.shp with its .dbf, .prj and, when present, .cpg) with NetTopologySuite: one row per
/// record, the DBF fields as columns, the CRS from the .prj (or the definition's <c>crs</c>).
/// </summary>
public static class ShapefileSourceReader
{
    static ShapefileSourceReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SourceTable Read(SourceFile file, string name, SourceDefinition source, Crs? declaredCrs,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        var crs = declaredCrs ?? ReadPrj(file);
        using var dbf = file.OpenSibling(".dbf") ?? throw FragilityException.InFile(file.SiblingName(".dbf"), 0, null,
            "missing: a shapefile needs its .dbf beside the .shp to give the attributes of its records");
        var encoding = ReadCpg(file);
        using var shp = file.Open();
        ShapefileReader reader;
        try
        {
            reader = Shapefile.OpenRead(shp, dbf, new ShapefileReaderOptions { Encoding = encoding, Factory = GeometryFactoryFor.Default });
        }
        catch (Exception e) when (e is not FragilityException)
        {
            throw FragilityException.InFile(file.DisplayName, 0, null, $"not a readable shapefile: {e.Message}");
        }

        using (reader)
        {
            var header = Enumerable.Range(0, reader.Fields.Count).Select(i => reader.Fields[i].Name).ToArray();
            var builder = new RowTableBuilder(file.DisplayName, header, source, textColumns, numberColumns);
            var record = 0;
            try
            {
                while (reader.Read(out var deleted))
                {
                    record++;
                    if (deleted) continue;
                    var geometry = reader.Geometry;
                    if (geometry is null || geometry.IsEmpty)
                        throw FragilityException.InFile(file.DisplayName, record, null, "the record has no geometry: expected a polygon");
                    builder.Add(record, i => reader.Fields[i].Value, geometry);
                }
            }
            catch (Exception e) when (e is not FragilityException)
            {
                throw FragilityException.InFile(file.DisplayName, record + 1, null, $"malformed record: {e.Message} (is the file truncated?)");
            }

            return builder.Build(name, new IngestionReport { Encoding = encoding.WebName, Format = "shapefile" }, crs);
        }
    }

    private static Crs ReadPrj(SourceFile file)
    {
        using var prj = file.OpenSibling(".prj") ?? throw FragilityException.InFile(file.SiblingName(".prj"), 0, null,
            "missing: a shapefile needs its .prj to say its coordinate system (or give \"crs\": \"EPSG:2154\" in the source)");
        using var text = new StreamReader(prj);
        var wkt = text.ReadToEnd();
        return CrsCatalog.FromWkt(wkt) ?? throw FragilityException.InFile(file.SiblingName(".prj"), 1, null,
            $"unrecognised coordinate system '{(wkt.Length > 60 ? wkt[..60] + "…" : wkt)}': expected Lambert-93, WGS84 or an overseas UTM system (EPSG:5490, 2972, 2975, 4471)");
    }

    // The .cpg names the DBF's encoding (IGN writes UTF-8); without one, DBF files of French producers are Windows-1252.
    private static Encoding ReadCpg(SourceFile file)
    {
        using var cpg = file.OpenSibling(".cpg");
        if (cpg is null) return Encoding.GetEncoding(1252);
        using var text = new StreamReader(cpg);
        var name = text.ReadToEnd().Trim();
        return name.ToUpperInvariant() switch
        {
            "UTF-8" or "UTF8" or "65001" => new UTF8Encoding(false),
            "1252" or "ANSI 1252" or "WINDOWS-1252" or "CP1252" => Encoding.GetEncoding(1252),
            "ISO-8859-1" or "88591" or "LATIN1" => Encoding.Latin1,
            _ => throw FragilityException.InFile(file.SiblingName(".cpg"), 1, null, $"unknown encoding '{name}': expected UTF-8 or 1252"),
        };
    }
}
