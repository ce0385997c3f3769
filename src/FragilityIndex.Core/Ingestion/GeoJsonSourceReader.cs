using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using NetTopologySuite.Features;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads a GeoJSON FeatureCollection, streamed feature by feature (<see cref="GeoJsonFeatureStream"/>), each parsed by
/// NetTopologySuite: the properties the definition uses as columns (integer codes such as Strasbourg's dcomiris are
/// written back as text), the CRS from the legacy <c>crs</c> member (ogr2ogr writes IGN's as IGNF:LAMB93), WGS84
/// otherwise (RFC 7946). Also GeoJSON text sequences, a feature per line.
/// </summary>
internal static class GeoJsonSourceReader
{
    public static SourceTable Read(SourceFile file, string name, SourceDefinition source, Crs? declaredCrs,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        RowTableBuilder? builder = null;
        string[] header = [];
        string? crsName;
        using (var stream = file.Open())
            crsName = GeoJsonFeatureStream.Read(stream, file.DisplayName, (number, feature) => Add(ref builder, ref header, number, feature, file, source, textColumns, numberColumns));
        var crs = declaredCrs ?? (crsName is null ? null : CrsCatalog.FromName(crsName) ?? throw FragilityException.InFile(file.DisplayName, 0, "crs", $"unsupported coordinate system '{crsName}'")) ?? CrsCatalog.Wgs84;
        return builder!.Build(name, new IngestionReport { Format = "geojson" }, crs);
    }

    /// <summary>
    /// Reads a GeoJSON text sequence (RFC 8142, or newline-delimited as GDAL's GeoJSONSeq driver writes it): one
    /// feature per line, an optional record separator before each. Longitude/latitude unless the source says otherwise.
    /// </summary>
    public static SourceTable ReadSequence(SourceFile file, string name, SourceDefinition source, Crs? declaredCrs,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        RowTableBuilder? builder = null;
        string[] header = [];
        using (var reader = new StreamReader(file.Open(), new System.Text.UTF8Encoding(false, true)))
        {
            var line = 0;
            var count = 0;
            while (reader.ReadLine() is { } text)
            {
                line++;
                var json = text.AsSpan().Trim().TrimStart('\u001e');
                if (json.IsEmpty) continue;
                IFeature? feature;
                try
                {
                    var bytes = System.Text.Encoding.UTF8.GetBytes(json.ToArray());
                    var json8 = new Utf8JsonReader(bytes);
                    feature = json8.Read() ? GeoJsonFeatureStream.ParseFeature(ref json8) : null;
                }
                catch (JsonException e)
                {
                    throw FragilityException.InFile(file.DisplayName, line, null, $"not a GeoJSON feature: {SourceReader.OneLine(e.Message.Split('.')[0])}");
                }

                if (feature is null) throw FragilityException.InFile(file.DisplayName, line, null, "not a GeoJSON feature: null");
                count++;
                Add(ref builder, ref header, line, feature, file, source, textColumns, numberColumns);
            }

            if (count == 0) throw FragilityException.InFile(file.DisplayName, 0, null, "the file holds no feature: expected one GeoJSON feature per line");
        }

        return builder!.Build(name, new IngestionReport { Format = "geojsonseq" }, declaredCrs ?? CrsCatalog.Wgs84);
    }

    // One feature into the table: only the columns the definition uses are kept. The first feature's properties are
    // the header the columns are found in; a later feature without a property leaves its value missing.
    private static void Add(ref RowTableBuilder? builder, ref string[] header, int number, IFeature feature, SourceFile file, SourceDefinition source,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        if (feature.Geometry is null || feature.Geometry.IsEmpty)
            throw FragilityException.InFile(file.DisplayName, 0, null, $"feature {number} has no geometry");
        var attributes = feature.Attributes;
        if (builder is null)
        {
            header = attributes?.GetNames() ?? [];
            builder = new RowTableBuilder(file.DisplayName, header, source, textColumns, numberColumns);
        }

        var names = header;
        builder.Add(number, position => attributes is not null && attributes.Exists(names[position]) ? Plain(attributes[names[position]]) : null, feature.Geometry);
    }

    // The converter leaves some values as JsonElement; the table wants plain strings and numbers.
    internal static object? Plain(object? value) => value is JsonElement element ? element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    } : value;
}
