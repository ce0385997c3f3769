using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads an ESRI shapefile (.shp with its .dbf, .prj and, when present, .cpg) with NetTopologySuite: one row per
/// record, the DBF fields as columns, the CRS from the .prj (or the definition's <c>crs</c>).
/// </summary>
internal static class ShapefileSourceReader
{
    static ShapefileSourceReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static SourceTable Read(SourceFile file, string name, SourceDefinition source, Crs? declaredCrs,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        var crs = declaredCrs ?? ReadPrj(file);
        using var dbfFile = file.OpenSibling(".dbf") ?? throw FragilityException.InFile(file.SiblingName(".dbf"), 0, null,
            "missing: a shapefile needs its .dbf beside the .shp to give the attributes of its records");
        using var dbf = new MemoryStream();
        dbfFile.CopyTo(dbf);
        dbf.Position = 0;
        var (encoding, encodingNote) = ReadCpg(file, dbf);
        var dbfRecords = DbfRecordCount(dbf, file);
        var shxRecords = ShxRecordCount(file);
        using var shpFile = file.Open();
        using var shp = new MemoryStream();
        shpFile.CopyTo(shp);
        shp.Position = 0;
        var shpRecords = ShpRecordCount(shp.GetBuffer().AsSpan(0, (int)shp.Length));
        ShapefileReader reader;
        try
        {
            reader = Shapefile.OpenRead(shp, dbf, new ShapefileReaderOptions { Encoding = encoding, Factory = GeometryFactoryFor.Default });
        }
        catch (Exception e) when (e is not FragilityException)
        {
            throw FragilityException.InFile(file.DisplayName, 0, null, $"not a readable shapefile: {SourceReader.OneLine(e.Message)}");
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
                throw FragilityException.InFile(file.DisplayName, record + 1, null, $"malformed record: {SourceReader.OneLine(e.Message)} (is the file truncated?)");
            }

            // The three files of a shapefile must describe the same records: a .dbf cut short, or a .shp of another
            // export, silently drops or shifts units.
            if (shpRecords != dbfRecords || (shxRecords is { } indexed && indexed != shpRecords))
                throw FragilityException.InFile(file.DisplayName, 0, null,
                    $"the .shp holds {shpRecords} records, its .dbf {dbfRecords}{(shxRecords is { } n ? $" and its .shx {n}" : "")}: the files of this shapefile do not belong together or one is truncated");
            if (record != shpRecords)
                throw FragilityException.InFile(file.DisplayName, 0, null,
                    $"the .shp holds {shpRecords} records but only {record} could be read as the shapes its header announces (type {ShapeType(shp.GetBuffer())}): the header does not describe the records");
            var report = new IngestionReport { Encoding = encoding.WebName, Format = "shapefile" };
            if (encodingNote is not null) report.Notes.Add(encodingNote);
            return builder.Build(name, report, crs);
        }
    }

    private static Crs ReadPrj(SourceFile file)
    {
        using var prj = file.OpenSibling(".prj") ?? throw FragilityException.InFile(file.SiblingName(".prj"), 0, null,
            "missing: a shapefile needs its .prj to say its coordinate system (or give \"crs\": \"EPSG:2154\" in the source)");
        using var text = new StreamReader(prj);
        var wkt = text.ReadToEnd();
        return CrsCatalog.FromWkt(wkt) ?? throw FragilityException.InFile(file.SiblingName(".prj"), 1, null,
            $"unrecognised coordinate system '{Excerpt.Of(wkt, 60)}': expected Lambert-93, WGS84 or an overseas UTM system (EPSG:5490, 2972, 2975, 4471)");
    }

    // The number of records a .dbf header announces (bytes 4–7, little-endian).
    private static long DbfRecordCount(MemoryStream dbf, SourceFile file)
    {
        var bytes = dbf.GetBuffer();
        if (dbf.Length < 32) throw FragilityException.InFile(file.SiblingName(".dbf"), 0, null, $"only {dbf.Length} bytes: not a dBase file (truncated?)");
        var count = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4, 4));
        var headerLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
        var recordLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10, 2));
        if (recordLength > 0 && headerLength + (long)count * recordLength > dbf.Length)
            throw FragilityException.InFile(file.SiblingName(".dbf"), 0, null,
                $"its header announces {count} records of {recordLength} bytes, but the file holds only {(dbf.Length - headerLength) / recordLength}: it is truncated");
        return count;
    }

    // The records of the .shp itself, walked through their 8-byte headers (content length in 16-bit words, big-endian)
    // after the 100-byte file header: the reader stops with the .dbf, so a short .dbf would otherwise drop units unseen.
    private static long ShpRecordCount(ReadOnlySpan<byte> shp)
    {
        long count = 0;
        var position = 100;
        while (position + 8 <= shp.Length)
        {
            var words = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(shp.Slice(position + 4, 4));
            if (words < 0) break;
            position += 8 + 2 * words;
            if (position > shp.Length) break; // a record cut short: the reader reports it
            count++;
        }

        return count;
    }

    // The shape type of a .shp header (bytes 32–35, little-endian): 5 for polygons.
    private static int ShapeType(byte[] shp) => shp.Length >= 36 ? System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(shp.AsSpan(32, 4)) : 0;

    // The number of records of the .shx index, when there is one: (file length − 100-byte header) / 8.
    private static long? ShxRecordCount(SourceFile file)
    {
        using var shx = file.OpenSibling(".shx");
        if (shx is null) return null;
        var length = shx.CanSeek ? shx.Length : CountBytes(shx);
        return length < 100 ? 0 : (length - 100) / 8;
    }

    private static long CountBytes(Stream stream)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0) total += read;
        return total;
    }

    // The .cpg names the DBF's encoding (IGN writes UTF-8). Without one the DBF is read as UTF-8 when it is valid
    // UTF-8 and as Windows-1252 otherwise (the two encodings French producers write), and the choice is reported.
    private static (Encoding Encoding, string? Note) ReadCpg(SourceFile file, MemoryStream dbf)
    {
        using var cpg = file.OpenSibling(".cpg");
        if (cpg is null)
        {
            // The records only: the header holds binary counts and dates.
            var headerLength = dbf.Length >= 10 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(dbf.GetBuffer().AsSpan(8, 2)) : 0;
            dbf.Position = Math.Min(headerLength, dbf.Length);
            var invalidLine = EncodingDetector.FirstInvalidUtf8Line(dbf);
            dbf.Position = 0;
            return invalidLine == 0
                ? (new UTF8Encoding(false), $"{file.SiblingName(".dbf")}: no .cpg; its text is valid UTF-8 and was read as such")
                : (Encoding.GetEncoding(1252), $"{file.SiblingName(".dbf")}: no .cpg; its text is not valid UTF-8 and was read as Windows-1252");
        }

        using var text = new StreamReader(cpg);
        var name = text.ReadToEnd().Trim();
        var encoding = name.ToUpperInvariant() switch
        {
            "UTF-8" or "UTF8" or "65001" => new UTF8Encoding(false),
            "1252" or "ANSI 1252" or "WINDOWS-1252" or "CP1252" => Encoding.GetEncoding(1252),
            "ISO-8859-1" or "88591" or "LATIN1" => Encoding.Latin1,
            _ => throw FragilityException.InFile(file.SiblingName(".cpg"), 1, null, $"unknown encoding '{Excerpt.Of(name)}': expected UTF-8 or 1252"),
        };
        return (encoding, null);
    }
}
