using PublicApiGenerator;

namespace FragilityIndex.Tests.PublicApi;

/// <summary>
/// The library's public surface, as a text baseline beside this test: a change to it is a visible diff in review.
/// When the surface changes on purpose, the test writes FragilityIndex.Core.received.txt beside the baseline: look
/// at the difference and copy it over FragilityIndex.Core.approved.txt.
/// </summary>
public sealed class PublicApiTests
{
    private static string Folder => Path.Combine(SharedData.RepositoryRoot, "tests", "FragilityIndex.Core.Tests", "PublicApi");

    [Fact]
    public void PublicApi_IsTheApprovedBaseline()
    {
        var api = typeof(Fragility).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            // The assembly attributes name the test assemblies it is friends with and the build: not the surface.
            ExcludeAttributes = ["System.Runtime.CompilerServices.InternalsVisibleToAttribute", "System.Runtime.Versioning.TargetFrameworkAttribute",
                "System.Reflection.AssemblyMetadataAttribute"],
        }).ReplaceLineEndings("\n");
        var approved = Path.Combine(Folder, "FragilityIndex.Core.approved.txt");
        var received = Path.Combine(Folder, "FragilityIndex.Core.received.txt");
        var baseline = File.Exists(approved) ? File.ReadAllText(approved).ReplaceLineEndings("\n") : "";
        if (api == baseline)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }

        File.WriteAllText(received, api);
        Assert.Fail($"the public API of FragilityIndex.Core changed: compare {received} with {approved}, and copy it over the baseline if the change is meant");
    }

    [Fact]
    public void PublicApi_IsTheSmallSurfaceTheReadmeDescribes()
    {
        // The entry point, the definition as data, the options, the typed scores and their DataFrame; nothing else.
        var types = typeof(Fragility).Assembly.GetExportedTypes().Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([
            "ColumnRole", "CsvDialect", "FailureKind", "Fragility", "FragilityException", "GeometryOptions", "IndexDefinition", "IndexSources",
            "IndicatorDefinition", "IndicatorFallback", "LevelNamesDefinition", "LevelScores", "NodeDefinition", "NormalizationDefinition",
            "ParentsDefinition", "PassageDefinition", "PoststratificationDefinition", "ScoreColumn", "ScoreTable", "ScoredIndex", "ScoringOptions",
            "SmallUnitsDefinition", "SourceDefinition", "TerritoryDefinition", "TerritoryLevel", "TerritoryLevels",
        ], types);
    }
}
