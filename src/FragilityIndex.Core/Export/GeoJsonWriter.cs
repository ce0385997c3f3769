using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Geography;
using FragilityIndex.Scoring;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Export;

/// <summary>
/// Writes the scores of one level as an RFC 7946 GeoJSON FeatureCollection: the contours prepared by
/// <see cref="ExportGeometry"/> (WGS84, counter-clockwise exteriors, rounded coordinates), one feature per territory
/// written as it is made (the writer flushes as it goes, so memory does not grow with the features), with the
/// <see cref="FeatureFields"/> as properties. The same scores give byte-identical files.
/// </summary>
internal static class GeoJsonWriter
{
    private const int BatchSize = 256;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static void Write(LevelScores scores, Geometry[] geometries, Crs crs, Stream destination, GeometryOptions? options = null)
    {
        var prepare = new ExportGeometry(crs, options);
        var fields = FeatureFields.Of(scores);
        using var json = new Utf8JsonWriter(destination, WriterOptions);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        var text = new CoordinateText();
        var number = new byte[ShortestDouble.MaxLength];
        var scale = Pow10(prepare.Precision);
        Geometry[] batch = [];
        for (var row = 0; row < scores.Count; row++)
        {
            // Contours are prepared a batch at a time on every core, then written in order.
            if (row % BatchSize == 0) batch = prepare.PrepareAll(new ArraySegment<Geometry>(geometries, row, Math.Min(BatchSize, scores.Count - row)));

            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WriteStartObject("properties");
            foreach (var field in fields)
            {
                if (field.Kind == FieldKind.Text)
                {
                    json.WriteString(field.Name, field.Text![row]);
                    continue;
                }

                var value = field.Numbers![row];
                if (double.IsNaN(value)) json.WriteNull(field.Name);
                else if (field.Kind == FieldKind.Whole) json.WriteNumber(field.Name, (long)value);
                else if (!double.IsFinite(value)) json.WriteNumber(field.Name, value);
                else
                {
                    // The shortest round-trip text, as the CSV writes it (ShortestDouble), at a third of the cost.
                    json.WritePropertyName(field.Name);
                    json.WriteRawValue(number.AsSpan(0, ShortestDouble.Format(value, number)), skipInputValidation: true);
                }
            }

            json.WriteEndObject();
            json.WritePropertyName("geometry");
            WriteGeometry(json, batch[row % BatchSize], new CoordinateFormat(scale, prepare.Precision), text);
            json.WriteEndObject();
            if (json.BytesPending > 1 << 16) json.Flush();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The file name of a level's map: <c>map-&lt;level&gt;.geojson</c>.</summary>
    public static string FileName(TerritoryLevel level) => $"map-{level.Name()}.geojson";

    private static void WriteGeometry(Utf8JsonWriter json, Geometry geometry, CoordinateFormat format, CoordinateText text)
    {
        // The coordinates of a feature are composed as text and handed to the writer as one raw value: per point, the
        // writer's bookkeeping would cost more than the numbers themselves.
        text.Clear();
        json.WriteStartObject();
        if (geometry is Polygon polygon)
        {
            json.WriteString("type", "Polygon");
            AppendPolygon(text, polygon, format);
        }
        else
        {
            json.WriteString("type", "MultiPolygon");
            text.Append('[');
            for (var p = 0; p < geometry.NumGeometries; p++)
            {
                if (p > 0) text.Append(',');
                AppendPolygon(text, (Polygon)geometry.GetGeometryN(p), format);
            }

            text.Append(']');
        }

        json.WritePropertyName("coordinates");
        json.WriteRawValue(text.Written, skipInputValidation: true);
        json.WriteEndObject();
    }

    private static void AppendPolygon(CoordinateText text, Polygon polygon, CoordinateFormat format)
    {
        text.Append('[');
        AppendRing(text, polygon.ExteriorRing.CoordinateSequence, format);
        foreach (var hole in polygon.InteriorRings)
        {
            text.Append(',');
            AppendRing(text, hole.CoordinateSequence, format);
        }

        text.Append(']');
    }

    private static void AppendRing(CoordinateText text, CoordinateSequence ring, CoordinateFormat format)
    {
        text.Append('[');
        for (var i = 0; i < ring.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append('[');
            text.Append(ring.GetX(i), format);
            text.Append(',');
            text.Append(ring.GetY(i), format);
            text.Append(']');
        }

        text.Append(']');
    }

    private static double Pow10(int decimals)
    {
        var scale = 1.0;
        for (var i = 0; i < decimals; i++) scale *= 10;
        return scale;
    }
}

/// <summary>A growing UTF-8 buffer for the coordinates of one feature, reused from one feature to the next.</summary>
internal sealed class CoordinateText
{
    private byte[] _bytes = new byte[1 << 16];
    private int _length;

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void Append(char ascii)
    {
        Reserve(1);
        _bytes[_length++] = (byte)ascii;
    }

    public void Append(double value, CoordinateFormat format)
    {
        Reserve(32);
        _length += format.Write(value, _bytes.AsSpan(_length));
    }

    private void Reserve(int count)
    {
        if (_length + count > _bytes.Length) Array.Resize(ref _bytes, Math.Max(2 * _bytes.Length, _length + count));
    }
}

/// <summary>
/// Writes a coordinate already rounded to a number of decimals as the shortest decimal text that reads back as it
/// (what "R" formatting gives, without its cost): the value times 10^decimals is a whole number, written in two
/// parts around the point, trailing zeros trimmed. Past 10^15 it falls back on the general formatter.
/// </summary>
internal readonly struct CoordinateFormat(double scale, int decimals)
{
    public int Write(double value, Span<byte> destination)
    {
        var scaled = Math.Round(value * scale);
        if (decimals == 0 || Math.Abs(scaled) >= 1e15)
        {
            value.TryFormat(destination, out var general, "R", CultureInfo.InvariantCulture);
            return general;
        }

        var whole = (long)scaled;
        var length = 0;
        if (whole < 0)
        {
            destination[length++] = (byte)'-';
            whole = -whole;
        }

        var unit = (long)scale;
        var integer = whole / unit;
        var fraction = whole % unit;
        integer.TryFormat(destination[length..], out var written, default, CultureInfo.InvariantCulture);
        length += written;
        if (fraction == 0) return length;
        destination[length++] = (byte)'.';
        var digits = decimals;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        // The fraction, left-padded with zeros to its number of digits.
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[length + i] = (byte)('0' + fraction % 10);
            fraction /= 10;
        }

        return length + digits;
    }
}
