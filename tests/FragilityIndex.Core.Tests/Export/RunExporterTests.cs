using FragilityIndex.Definition;
using FragilityIndex.Export;
using FragilityIndex.Ingestion;
using FragilityIndex.Orchestration;
using FragilityIndex.Scoring;

namespace FragilityIndex.Tests.Export;

/// <summary>The exporter's plan of files (what the progress bar counts) is what it writes, and the files are the same run after run although written on several cores.</summary>
public sealed class RunExporterTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("fragility-exporter-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData(null)]
    [InlineData((int)(OutputFormat.Csv | OutputFormat.GeoJson))]
    [InlineData((int)(OutputFormat.Png | OutputFormat.Xlsx))]
    public void Plan_IsWhatIsWritten_AndTheFilesAreTheSameTwice(int? formatFlags)
    {
        // As flags: the formats are internal, and a public test method takes public types.
        var formats = (OutputFormat?)formatFlags;
        // The default preset on the embedded sample, its paths taken from the root of the repository.
        var outcome = IndexRun.Execute(DefinitionLoader.LoadPreset("default"), (_, path) => SourceFile.OnDisk(Path.Combine(SharedData.RepositoryRoot, path), path), new ScoringOptions());
        var options = new ExportOptions { Formats = formats };
        var (first, second) = (Directory.CreateDirectory(Path.Combine(_work, $"a{formats}")).FullName, Directory.CreateDirectory(Path.Combine(_work, $"b{formats}")).FullName);
        var written = RunExporter.Write(outcome, name => File.Create(Path.Combine(first, name)), options);
        Assert.Equal(RunExporter.Plan(outcome, options), written);
        Assert.Equal(written.Order(StringComparer.Ordinal), Directory.GetFiles(first).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(written, RunExporter.Write(outcome, name => File.Create(Path.Combine(second, name)), options));
        foreach (var file in written.Where(f => f != GeoPackageWriter.FileName))
            Assert.True(File.ReadAllBytes(Path.Combine(first, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second, file))), file);
    }
}
