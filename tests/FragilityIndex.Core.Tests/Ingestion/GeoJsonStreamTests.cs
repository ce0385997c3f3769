using System.Globalization;
using System.Text;
using System.Text.Json;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>The streamed GeoJSON reader: the same features whatever the block size, the crs member wherever it is, truncation refused.</summary>
public sealed class GeoJsonStreamTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    // 60 squares, the 7th with a long ring (larger than the smallest blocks), then "crs" after "features", as some writers put it.
    private static string Collection()
    {
        var features = Enumerable.Range(0, 60).Select(i =>
        {
            var x = 840_000 + (1000 * i);
            var ring = i == 6
                ? string.Join(", ", Enumerable.Range(0, 400).Select(k => $"[{(x + (1000 * Math.Cos(k * Math.PI / 200))).ToString("R", CultureInfo.InvariantCulture)}, {(6_520_000 + (1000 * Math.Sin(k * Math.PI / 200))).ToString("R", CultureInfo.InvariantCulture)}]").Append($"[{x + 1000}, 6520000]"))
                : $"[{x}, 6520000], [{x + 1000}, 6520000], [{x + 1000}, 6521000], [{x}, 6521000], [{x}, 6520000]";
            return $$"""{ "type": "Feature", "properties": { "code": "69001{{i:0000}}", "n": {{i}} }, "geometry": { "type": "Polygon", "coordinates": [ [ {{ring}} ] ] } }""";
        });
        return $$"""{ "type": "FeatureCollection", "name": "test", "bbox": [0, 0, 1, 1], "features": [ {{string.Join(",\n", features)}} ], "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:EPSG::2154" } } }""";
    }

    private static (string? Crs, List<IFeature> Features) Read(string text, int blockSize)
    {
        var features = new List<IFeature>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var crs = GeoJsonFeatureStream.Read(stream, "test.geojson", (_, f) => features.Add(f), blockSize);
        return (crs, features);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1000)]
    [InlineData(1 << 20)]
    public void AnyBlockSize_GivesTheSameFeatures_AndTheCrsAfterThem(int blockSize)
    {
        var (crs, features) = Read(Collection(), blockSize);
        Assert.Equal("urn:ogc:def:crs:EPSG::2154", crs);
        Assert.Equal(60, features.Count);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"69001{i:0000}"), features.Select(f => (string)f.Attributes["code"]));
        Assert.Equal(1_000_000, features[0].Geometry.Area, 6);
        // The regular 400-gon of radius 1 km: (n / 2) r² sin(2π / n).
        Assert.Equal(200 * 1e6 * Math.Sin(Math.PI / 200), features[6].Geometry.Area, 1e-3);
    }

    [Fact]
    public void CompactParser_ReadsWhatTheConverterReads()
    {
        // Coordinates before the type, a z dropped, a hole, a MultiPolygon, a Point, nested properties, and a
        // LineString the compact parser leaves to NetTopologySuite's converter.
        const string text = """
            { "type": "FeatureCollection", "features": [
              { "type": "Feature", "id": 7, "properties": { "code": "a", "n": 2.5, "ok": true, "none": null, "tags": ["x", 1] },
                "geometry": { "coordinates": [ [ [0, 0, 9], [10, 0, 9], [10, 10, 9], [0, 10, 9], [0, 0, 9] ], [ [2, 2], [4, 2], [4, 4], [2, 4], [2, 2] ] ], "type": "Polygon" } },
              { "type": "Feature", "properties": { "code": "b" }, "geometry": { "type": "MultiPolygon", "coordinates": [ [ [ [0, 0], [1, 0], [1, 1], [0, 0] ] ], [ [ [5, 5], [6, 5], [6, 6], [5, 5] ] ] ] } },
              { "type": "Feature", "properties": { "code": "c" }, "geometry": { "type": "Point", "coordinates": [4.85, 45.75] } },
              { "type": "Feature", "properties": { "code": "d" }, "geometry": { "type": "LineString", "coordinates": [ [0, 0], [1, 1] ] } }
            ] }
            """;
        var (_, features) = Read(text, 1 << 20);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var byConverter = JsonSerializer.Deserialize<FeatureCollection>(stream, Options)!;
        Assert.Equal(byConverter.Count, features.Count);
        for (var i = 0; i < features.Count; i++)
        {
            Assert.True(features[i].Geometry.EqualsExact(byConverter[i].Geometry), $"feature {i}");
            Assert.Equal(byConverter[i].Attributes["code"], features[i].Attributes["code"]);
        }

        Assert.Equal(100 - 4, features[0].Geometry.Area, 9);
        Assert.Equal((2.5, true), ((double)features[0].Attributes["n"], (bool)features[0].Attributes["ok"]));
        Assert.Null(features[0].Attributes["none"]);
        Assert.Equal("[\"x\", 1]", features[0].Attributes["tags"]);
        Assert.IsType<NetTopologySuite.Geometries.Implementation.PackedDoubleCoordinateSequence>(((NetTopologySuite.Geometries.Polygon)features[0].Geometry).Shell.CoordinateSequence);
        Assert.IsType<NetTopologySuite.Geometries.LineString>(features[3].Geometry);
    }

    [Theory]
    [InlineData("units.geojson", "", "units.geojson: the file is empty: expected a GeoJSON FeatureCollection")]
    [InlineData("units.geojson", "{ \"type\": \"FeatureCollection\", \"features\": [] }", "units.geojson: expected a FeatureCollection with features")]
    [InlineData("units.geojson", "[1, 2]", "units.geojson:1: expected a GeoJSON FeatureCollection (a JSON object)")]
    [InlineData("units.geojsons", "\n\n", "units.geojsons: the file holds no feature: expected one GeoJSON feature per line")]
    [InlineData("units.geojsons", "{ \"type\": \"Feature\", \"properties\": {}, \"geometry\": { \"type\": \"Point\", \"coordinates\": [4.8, 45.7] } }\n{ \"type\": \"Feat", "units.geojsons:2: not a GeoJSON feature")]
    [InlineData("units.geojson", "{ \"type\": \"FeatureCollection\", \"features\": [ { \"type\": \"Feature\", \"properties\": { \"code\": \"a\" }, \"geometry\": null } ] }", "units.geojson: feature 1 has no geometry")]
    public void EmptyOrBrokenFiles_AreRefusedInOneLine(string fileName, string content, string expected)
    {
        var file = SourceFile.InMemory(fileName, Encoding.UTF8.GetBytes(content));
        var error = Assert.Throws<FragilityException>(() => SourceReader.Read("units", new FragilityIndex.Definition.SourceDefinition { Path = fileName }, (_, _) => file, [], []));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Message.Split('\n'));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1 << 20)]
    public void TruncatedCollection_IsRefused(int blockSize)
    {
        var text = Collection();
        var error = Assert.Throws<FragilityException>(() => Read(text[..(text.Length / 2)], blockSize));
        Assert.Contains("test.geojson", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains("truncated", StringComparison.Ordinal) || error.Message.Contains("not valid GeoJSON", StringComparison.Ordinal), error.Message);
    }

    // A FeatureCollection made as it is read, never held whole: features of a 16 KB property and a unit square.
    private sealed class GeneratedCollection(int features) : Stream
    {
        private static readonly byte[] Padding = Encoding.ASCII.GetBytes(new string('x', 16 * 1024));
        private byte[] _current = Encoding.ASCII.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[");
        private int _offset;
        private int _next;

        public long Produced { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_offset == _current.Length)
            {
                if (_next > features) return 0;
                _current = _next == features ? "]}"u8.ToArray() : Feature(_next);
                _offset = 0;
                _next++;
            }

            var count = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsSpan(_offset, count).CopyTo(buffer);
            _offset += count;
            Produced += count;
            return count;
        }

        private static byte[] Feature(int i)
        {
            var head = Encoding.ASCII.GetBytes($"{(i > 0 ? ",\n" : "")}{{\"type\":\"Feature\",\"properties\":{{\"code\":\"{i:000000000}\",\"padding\":\"");
            var tail = Encoding.ASCII.GetBytes($"\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{i},0],[{i + 1},0],[{i + 1},1],[{i},1],[{i},0]]]}}}}");
            return [.. head, .. Padding, .. tail];
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void AFileOfHalfAGigabyte_IsReadInBlocksOfOneMegabyte_KeepingNothingButWhatTheCallerKeeps()
    {
        const int features = 32_768;
        using var stream = new GeneratedCollection(features);
        var (count, area, largest) = (0, 0.0, 0);
        string? last = null;
        GeoJsonFeatureStream.Read(stream, "big.geojson", (number, feature) =>
        {
            count = number;
            area += feature.Geometry.Area;
            last = (string)feature.Attributes["code"];
        }, blockSize: 1 << 20, onBuffer: size => largest = Math.Max(largest, size));
        Assert.True(stream.Produced > 512L << 20, $"{stream.Produced} bytes");
        Assert.Equal(features, count);
        Assert.Equal(features, area, 9);
        Assert.Equal($"{features - 1:000000000}", last);
        // The buffer never grew: one megabyte for a file 540 times its size.
        Assert.Equal(1 << 20, largest);
    }

    // Braces, brackets, escaped quotes and backslashes inside strings, a comment and odd spacing between features, a
    // trailing comma: what the scan for feature boundaries must see through.
    private const string Tricky = """
        { "type": "FeatureCollection", "features": [
          { "type": "Feature", "properties": { "code": "a", "name": "x } { \" ] [ \\" }, "geometry": { "type": "Point", "coordinates": [1, 2] } }  ,
          /* a comment */ { "type": "Feature", "properties": { "code": "b", "name": "\\\"}" }, "geometry": { "type": "Point", "coordinates": [3, 4] } }
          ,{ "type": "Feature", "properties": { "code": "c", "name": "{{{" }, "geometry": { "type": "Polygon", "coordinates": [ [ [0, 0], [1, 0], [1, 1], [0, 0] ] ] } },
        ] }
        """;

    [Theory]
    [InlineData(64)]
    [InlineData(97)]
    [InlineData(200)]
    [InlineData(1 << 20)]
    public void StringsThatLookLikeStructure_AndCommentsBetweenFeatures_AreReadAsTheConverterReadsThem(int blockSize)
    {
        var (_, features) = Read(Tricky, blockSize);
        Assert.Equal(["a", "b", "c"], features.Select(f => (string)f.Attributes["code"]));
        Assert.Equal(["x } { \" ] [ \\", "\\\"}", "{{{"], features.Select(f => (string)f.Attributes["name"]));
        Assert.Equal(0.5, features[2].Geometry.Area, 12);
        Assert.Equal((3.0, 4.0), (features[1].Geometry.Coordinate.X, features[1].Geometry.Coordinate.Y));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1 << 20)]
    public void AFeatureCutShort_IsRefused_AsATruncatedFile(int blockSize)
    {
        var cut = Tricky[..Tricky.IndexOf("\"c\"", StringComparison.Ordinal)];
        var error = Assert.Throws<FragilityIndex.Diagnostics.FragilityException>(() => Read(cut, blockSize));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGeometryTheConverterRefuses_IsNamedByItsFeature()
    {
        // A LineString of one position: NetTopologySuite's converter throws an ArgumentException, not a JsonException.
        const string text = """{ "type": "FeatureCollection", "features": [ { "type": "Feature", "properties": {}, "geometry": { "type": "Point", "coordinates": [0, 0] } }, { "type": "Feature", "properties": {}, "geometry": { "type": "LineString", "coordinates": [ [1, 2] ] } } ] }""";
        var error = Assert.Throws<FragilityIndex.Diagnostics.FragilityException>(() => Read(text, 1 << 20));
        Assert.StartsWith("test.geojson: feature 2 is not valid GeoJSON: Invalid number of points in LineString", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("7")]
    [InlineData("[1, 2]")]
    public void AValueThatIsNotAFeature_IsRefusedByItsNumber(string value)
    {
        var text = $$"""{ "type": "FeatureCollection", "features": [ { "type": "Feature", "properties": {}, "geometry": { "type": "Point", "coordinates": [0, 0] } }, {{value}} ] }""";
        var error = Assert.Throws<FragilityIndex.Diagnostics.FragilityException>(() => Read(text, 1 << 20));
        Assert.Equal("test.geojson: feature 2 is not valid GeoJSON: expected a feature object", error.Message);
    }
}
