using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Geography;
using NetTopologySuite.Geometries;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Reads a TopoJSON topology: the shared arcs (delta-encoded and quantised when the topology has a transform) are
/// decoded once, then each polygon's rings are stitched from them. TopoJSON carries no CRS: coordinates that are not
/// longitude/latitude need the source's <c>crs</c> (IGN's TopoJSON exports are in Lambert-93).
/// </summary>
internal static class TopoJsonSourceReader
{
    public static SourceTable Read(SourceFile file, string name, SourceDefinition source, Crs? declaredCrs,
        IReadOnlyCollection<string> textColumns, IReadOnlyCollection<string> numberColumns)
    {
        JsonDocument document;
        try
        {
            using var stream = file.Open();
            document = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw FragilityException.InFile(file.DisplayName, (e.LineNumber ?? -1) + 1, null, $"not valid JSON: {SourceReader.OneLine(e.Message.Split('.')[0])}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() != "Topology"
                || !root.TryGetProperty("objects", out var objects) || !root.TryGetProperty("arcs", out var arcsElement))
                throw FragilityException.InFile(file.DisplayName, 0, null, "expected a TopoJSON Topology with 'objects' and 'arcs'");

            var arcs = DecodeArcs(arcsElement, root.TryGetProperty("transform", out var transform) ? transform : null);
            var layer = PickObject(objects, source.Layer, file.DisplayName);
            var geometries = layer.TryGetProperty("geometries", out var list) ? list.EnumerateArray().ToArray() : [layer];
            var header = geometries.SelectMany(g => g.TryGetProperty("properties", out var p) ? p.EnumerateObject().Select(m => m.Name) : [])
                .Distinct(StringComparer.Ordinal).ToArray();
            var builder = new RowTableBuilder(file.DisplayName, header, source, textColumns, numberColumns);
            var factory = GeometryFactoryFor.Default;
            var allGeographic = true;
            for (var i = 0; i < geometries.Length; i++)
            {
                var element = geometries[i];
                var geometryType = element.TryGetProperty("type", out var t) ? t.GetString() : null;
                Geometry geometry;
                try
                {
                    geometry = geometryType switch
                    {
                        "Polygon" => Polygon(element.GetProperty("arcs"), arcs, factory),
                        "MultiPolygon" => factory.CreateMultiPolygon(element.GetProperty("arcs").EnumerateArray().Select(p => Polygon(p, arcs, factory)).ToArray()),
                        _ => throw FragilityException.InFile(file.DisplayName, 0, null, $"geometry {i + 1} is a {geometryType ?? "null"}: expected Polygon or MultiPolygon"),
                    };
                }
                catch (Exception e) when (e is not FragilityException)
                {
                    // An arc index out of range, a ring that does not close: the geometry is named, not just the file.
                    throw FragilityException.InFile(file.DisplayName, 0, null, $"geometry {i + 1} of object '{source.Layer ?? "(the only one)"}': cannot be built from its arcs: {SourceReader.OneLine(e.Message)}");
                }

                var envelope = geometry.EnvelopeInternal;
                allGeographic &= envelope.MinX >= -180 && envelope.MaxX <= 180 && envelope.MinY >= -90 && envelope.MaxY <= 90;
                var properties = element.TryGetProperty("properties", out var p) ? p : default;
                builder.Add(i + 1, position => properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(header[position], out var value)
                    ? GeoJsonSourceReader.Plain(value) : null, geometry);
            }

            var crs = declaredCrs ?? (allGeographic ? CrsCatalog.Wgs84
                : throw FragilityException.InFile(file.DisplayName, 0, null,
                    "TopoJSON does not say its coordinate system and these coordinates are not longitude/latitude: give the source's \"crs\" (\"EPSG:2154\" for Lambert-93)"));
            return builder.Build(name, new IngestionReport { Format = "topojson" }, crs);
        }
    }

    private static JsonElement PickObject(JsonElement objects, string? layer, string fileName)
    {
        var names = objects.EnumerateObject().Select(o => o.Name).ToArray();
        if (layer is not null)
            return objects.TryGetProperty(layer, out var named) ? named
                : throw FragilityException.InFile(fileName, 0, null, $"no object '{layer}': expected one of {string.Join(", ", names)}");
        return names.Length == 1 ? objects.GetProperty(names[0])
            : throw FragilityException.InFile(fileName, 0, null, $"the topology has {names.Length} objects ({string.Join(", ", names)}): name one with \"layer\"");
    }

    // Quantised arcs store the first position and then deltas, in integer units of the transform.
    private static Coordinate[][] DecodeArcs(JsonElement arcs, JsonElement? transform)
    {
        double sx = 1, sy = 1, tx = 0, ty = 0;
        var quantised = transform is { ValueKind: JsonValueKind.Object } t;
        if (quantised)
        {
            var scale = transform!.Value.GetProperty("scale");
            var translate = transform.Value.GetProperty("translate");
            (sx, sy, tx, ty) = (scale[0].GetDouble(), scale[1].GetDouble(), translate[0].GetDouble(), translate[1].GetDouble());
        }

        var result = new Coordinate[arcs.GetArrayLength()][];
        var a = 0;
        foreach (var arc in arcs.EnumerateArray())
        {
            var points = new Coordinate[arc.GetArrayLength()];
            double x = 0, y = 0;
            var k = 0;
            foreach (var position in arc.EnumerateArray())
            {
                if (quantised)
                {
                    x += position[0].GetDouble();
                    y += position[1].GetDouble();
                    points[k++] = new Coordinate(x * sx + tx, y * sy + ty);
                }
                else
                {
                    points[k++] = new Coordinate(position[0].GetDouble(), position[1].GetDouble());
                }
            }

            result[a++] = points;
        }

        return result;
    }

    private static Polygon Polygon(JsonElement rings, Coordinate[][] arcs, GeometryFactory factory)
    {
        var linearRings = rings.EnumerateArray().Select(ring => factory.CreateLinearRing(Stitch(ring, arcs))).ToArray();
        return factory.CreatePolygon(linearRings[0], linearRings[1..]);
    }

    // A ring is a list of arc indices; ~i (negative) means arc i reversed. Consecutive arcs share an end point.
    private static Coordinate[] Stitch(JsonElement ring, Coordinate[][] arcs)
    {
        var coordinates = new List<Coordinate>();
        foreach (var index in ring.EnumerateArray())
        {
            var i = index.GetInt32();
            var arc = i >= 0 ? arcs[i] : arcs[~i].Reverse().ToArray();
            coordinates.AddRange(coordinates.Count == 0 ? arc : arc.Skip(1));
        }

        if (coordinates.Count > 0 && !coordinates[0].Equals2D(coordinates[^1])) coordinates.Add(coordinates[0].Copy());
        return [.. coordinates];
    }
}
