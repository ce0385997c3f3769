using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>A source's <c>where</c>: the rows kept, those left out counted, and the two ways it can be wrong.</summary>
public sealed class RowFilterTests
{
    private const string Communes = """
        code;type;population
        01015;commune-actuelle;1200
        01015;commune-deleguee;
        69123;commune-actuelle;522228
        69381; arrondissement-municipal ;29303

        """;

    private static SourceTable Read(Dictionary<string, List<string>> where) =>
        SourceReader.Read("cog", new SourceDefinition { Path = "communes.csv", Separator = ";", Key = "code", RowsWhere = where },
            (_, _) => SourceFile.InMemory("communes.csv", Encoding.UTF8.GetBytes(Communes)), ["code"], ["population"]);

    [Fact]
    public void Keeps_TheRowsWhoseColumnHoldsAnAcceptedValue_AndCountsTheOthers()
    {
        var table = Read(new() { ["type"] = ["commune-actuelle", "arrondissement-municipal"] });
        Assert.Equal(["01015", "69123", "69381"], table.Text["code"]);
        Assert.Equal([1200, 522228, 29303], table.Numbers["population"]);
        // Line numbers stay those of the file, for messages.
        Assert.Equal([2, 4, 5], table.LineNumbers);
        Assert.Equal(1, table.Report.RowsLeftOut);
        // The delegated commune's empty population is not counted missing: its row is not kept.
        Assert.Equal(0, table.Report.MissingCounts["population"]);
    }

    [Fact]
    public void Refuses_AColumnTheFileLacks_AndAFilterThatKeepsNothing()
    {
        var missing = Assert.Throws<FragilityException>(() => Read(new() { ["kind"] = ["commune-actuelle"] }));
        Assert.Contains("communes.csv", missing.Message, StringComparison.Ordinal);
        Assert.Contains("kind", missing.Message, StringComparison.Ordinal);

        var none = Assert.Throws<FragilityException>(() => Read(new() { ["type"] = ["Commune actuelle"] }));
        Assert.Contains("no row holds the values of the source's \"where\" (type: Commune actuelle)", none.Message, StringComparison.Ordinal);
    }
}
