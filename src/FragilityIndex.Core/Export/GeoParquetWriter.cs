using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Geography;
using FragilityIndex.Scoring;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Parquet;
using Parquet.Schema;

namespace FragilityIndex.Export;

/// <summary>
/// Writes the scores of one level as GeoParquet 1.1: a typed schema (codes and names as strings, scores as doubles,
/// ranks, deciles and imputed flags as 32-bit integers, missing values as nulls) and a <c>geometry</c> column of
/// little-endian WKB polygons in longitude/latitude (OGC:CRS84, the GeoParquet default, so no <c>crs</c> is written),
/// described by the <c>geo</c> key of the file metadata. Rows go out in groups, so memory follows the group size.
/// </summary>
internal static class GeoParquetWriter
{
    /// <summary>Rows per row group: large enough for good compression, small enough to bound memory at France scale.</summary>
    public const int RowGroupSize = 10_000;

    public static async Task WriteAsync(LevelScores scores, Geometry[] geometries, Crs crs, Stream destination, GeometryOptions? options = null)
    {
        var prepare = new ExportGeometry(crs, options);
        var attributes = FeatureFields.Of(scores);
        var fields = attributes.Select(a => a.Kind switch
        {
            FieldKind.Text => (DataField)new DataField<string>(a.Name, false),
            FieldKind.Whole => new DataField<int?>(a.Name),
            _ => new DataField<double?>(a.Name),
        }).ToArray();
        var geometryField = new DataField<byte[]>("geometry", false);
        var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: false, emitZ: false, emitM: false);
        var extent = new Envelope();
        var types = new SortedSet<string>(StringComparer.Ordinal);

        var parquetOptions = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest };
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema([.. fields, geometryField]), destination, parquetOptions);
        for (var start = 0; start < scores.Count; start += RowGroupSize)
        {
            var count = Math.Min(RowGroupSize, scores.Count - start);
            using var group = writer.CreateRowGroup();
            for (var a = 0; a < attributes.Count; a++)
            {
                var attribute = attributes[a];
                switch (attribute.Kind)
                {
                    case FieldKind.Text:
                        await group.WriteAsync(fields[a], new ArraySegment<string>(attribute.Text!, start, count));
                        break;
                    case FieldKind.Whole:
                        await group.WriteAsync<int>(fields[a], Slice(attribute.Numbers!, start, count, v => (int)v));
                        break;
                    default:
                        await group.WriteAsync<double>(fields[a], Slice(attribute.Numbers!, start, count, v => v));
                        break;
                }
            }

            var blobs = new byte[count][];
            var prepared = prepare.PrepareAll(new ArraySegment<Geometry>(geometries, start, count));
            for (var row = 0; row < count; row++)
            {
                var polygons = prepared[row];
                extent.ExpandToInclude(polygons.EnvelopeInternal);
                types.Add(polygons.GeometryType);
                blobs[row] = wkb.Write(polygons);
            }

            await group.WriteAsync(geometryField, blobs);
        }

        writer.CustomMetadata = new Dictionary<string, string> { ["geo"] = GeoMetadata(types, extent) };
    }

    /// <summary>The file name of a level's table: <c>map-&lt;level&gt;.parquet</c>.</summary>
    public static string FileName(TerritoryLevel level) => $"map-{level.Name()}.parquet";

    private static ReadOnlyMemory<T?> Slice<T>(ScoreColumn values, int start, int count, Func<double, T> convert) where T : struct
    {
        var slice = new T?[count];
        for (var i = 0; i < count; i++)
        {
            var value = values[start + i];
            slice[i] = double.IsNaN(value) ? null : convert(value);
        }

        return slice;
    }

    // https://geoparquet.org/releases/v1.1.0/ — the column's encoding, the geometry types present, ring orientation
    // (ExportGeometry orients them) and the bounding box of the whole column.
    private static string GeoMetadata(IEnumerable<string> types, Envelope extent)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.1.0");
            json.WriteString("primary_column", "geometry");
            json.WriteStartObject("columns");
            json.WriteStartObject("geometry");
            json.WriteString("encoding", "WKB");
            json.WriteStartArray("geometry_types");
            foreach (var type in types) json.WriteStringValue(type);
            json.WriteEndArray();
            json.WriteString("orientation", "counterclockwise");
            json.WriteString("edges", "planar");
            if (!extent.IsNull)
            {
                json.WriteStartArray("bbox");
                json.WriteNumberValue(extent.MinX);
                json.WriteNumberValue(extent.MinY);
                json.WriteNumberValue(extent.MaxX);
                json.WriteNumberValue(extent.MaxY);
                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
