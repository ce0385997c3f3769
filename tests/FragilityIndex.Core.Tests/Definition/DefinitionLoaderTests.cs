using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Tests.Definition;

public sealed class DefinitionLoaderTests
{
    private static IndexDefinition Load(string json) => DefinitionLoader.Load(Encoding.UTF8.GetBytes(json), "def.json");

    [Fact]
    public void LoadPreset_EveryPreset_Validates()
    {
        Assert.Contains("default", DefinitionLoader.PresetNames);
        Assert.Contains("mednum-2020", DefinitionLoader.PresetNames);
        foreach (var name in DefinitionLoader.PresetNames) Assert.NotEmpty(DefinitionLoader.LoadPreset(name).Indicators);
    }

    [Fact]
    public void Load_UnknownMember_NamesLineAndColumn()
    {
        var error = Assert.Throws<FragilityException>(() => Load("{\n  \"extends\": \"default\",\n  \"normalisation\": {}\n}"));
        Assert.StartsWith("def.json:3:3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("normalisation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidJson_NamesLineAndColumn()
    {
        var error = Assert.Throws<FragilityException>(() => Load("{\n  \"name\": \"x\",,\n}"));
        Assert.StartsWith("def.json:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownChild_PointsAtIt()
    {
        var error = Assert.Throws<FragilityException>(() => Load("""
            {
              "extends": "default",
              "nodes": [ { "id": "score_global", "children": ["acces_information", "nope"] } ]
            }
            """));
        Assert.Contains("unknown child 'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Cycle_IsRejected()
    {
        var error = Assert.Throws<FragilityException>(() => Load("""
            {
              "extends": "default",
              "global": "score_global",
              "nodes": [ { "id": "acces_information", "children": ["score_global"] } ]
            }
            """));
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExtendsAVariant_FollowsTheChainToDefault()
    {
        var definition = Load("""{ "extends": "default-senior", "name": "senior-local", "normalization": { "reference": "epci" } }""");
        Assert.Equal("senior-local", definition.Name);
        Assert.Equal("epci", definition.Normalization.Reference);
        Assert.Equal(2, definition.Nodes.Single(n => n.Id == "competences_numeriques").Weights!["seniors_65"]);
        Assert.Equal(DefinitionLoader.LoadPreset("default").Indicators.Count, definition.Indicators.Count);
    }

    [Fact]
    public void Load_Extends_ReplacesByIdAndAddsNew()
    {
        var definition = Load("""
            {
              "extends": "default",
              "normalization": { "reference": "epci" },
              "sources": { "local": { "path": "local.csv", "key": "IRIS" } },
              "indicators": [
                { "id": "seniors_65", "missing": "zero" },
                { "id": "sans_ordinateur", "label": "Ménages sans ordinateur", "source": "local", "numerator": "SANS_PC", "denominator": "MEN" }
              ],
              "nodes": [ { "id": "competences_numeriques", "children": ["seniors_65", "peu_diplomes", "sans_ordinateur"] } ]
            }
            """);
        var preset = DefinitionLoader.LoadPreset("default");
        Assert.Equal("epci", definition.Normalization.Reference);
        Assert.Equal(preset.Normalization.Method, definition.Normalization.Method);
        Assert.Equal(preset.Indicators.Count + 1, definition.Indicators.Count);
        var seniors = definition.Indicators.Single(i => i.Id == "seniors_65");
        Assert.Equal("zero", seniors.Missing);
        Assert.Equal("P{yy}_POP65P", seniors.Numerator);
        Assert.Equal(preset.Sources.Count + 1, definition.Sources.Count);
    }

    [Theory]
    [InlineData("geojsonseq", null)]
    [InlineData("topojson", null)]
    [InlineData("ndjson", "at $.sources.contours.format: unsupported format 'ndjson': expected csv, json, parquet, shapefile, geojson, geojsonseq, topojson, geopackage")]
    public void Load_SourceFormat_AcceptsEveryFormatTheSchemaDocuments(string format, string? expected)
    {
        // A GeoJSON sequence in a file named .ndjson needs "format": "geojsonseq" (docs/definition-schema.md).
        var json = $$"""{ "extends": "default", "sources": { "contours": { "path": "iris.ndjson", "format": "{{format}}" } } }""";
        if (expected is null)
        {
            Assert.Equal(format, Load(json).Sources["contours"].Format);
            return;
        }

        Assert.Contains(expected, Assert.Throws<FragilityException>(() => Load(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFile_Fails()
    {
        var error = Assert.Throws<FragilityException>(() => Load(""));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }
}
