using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Tests.Ingestion;

public sealed class CsvSourceReaderTests
{
    private static SourceTable Read(byte[] bytes, SourceDefinition source, string[] text, string[] numbers) =>
        CsvSourceReader.Read(new MemoryStream(bytes), "test", "test.csv", source, text, numbers);

    private static SourceTable Read(string content, SourceDefinition source, string[] text, string[] numbers) =>
        Read(Encoding.UTF8.GetBytes(content), source, text, numbers);

    [SkippableFact]
    public void Read_DecimalCommaAndMaskedValues_ParsesNumbersAndCountsMissing()
    {
        var table = Read("CODGEO;TX\n01001;12,5\n01002;s\n01003;\n01004;nd\n", new SourceDefinition { Separator = ";", DecimalMark = "," }, ["CODGEO"], ["TX"]);
        Assert.Equal(12.5, table.Numbers["TX"][0]);
        Assert.True(table.Numbers["TX"].Skip(1).All(double.IsNaN));
        Assert.Equal(3, table.Report.MissingCounts["TX"]);
        Assert.Equal([2, 3, 4, 5], table.LineNumbers);
    }

    // A cell repeated down the rows is one string (the reader keeps the row above's); any other cell, even one that
    // differs by a space or an accent, or one longer than the reader's first buffer, is read as itself.
    [Fact]
    public void Read_RepeatedCells_ShareOneStringAndOthersReadAsThemselves()
    {
        var longName = new string('é', 80);
        var table = Read($"dep,nom\n69,Rhône\n69,Rhône\n69, Rhône\n69,Rhone\n69,{longName}\n69,{longName}\n22,Rhône\n", new SourceDefinition(), ["dep", "nom"], []);
        Assert.Equal(["69", "69", "69", "69", "69", "69", "22"], table.Text["dep"]);
        Assert.Equal(["Rhône", "Rhône", "Rhône", "Rhone", longName, longName, "Rhône"], table.Text["nom"]);
        Assert.Same(table.Text["nom"][0], table.Text["nom"][1]);
        Assert.Same(table.Text["nom"][4], table.Text["nom"][5]);
        Assert.Same(table.Text["dep"][0], table.Text["dep"][5]);
    }

    // Numbers are read by fast_float where it reads the whole field, by .NET otherwise: both together must read what
    // .NET alone read, field for field (a missing or refused field is NaN).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ParseNumber_ReadsWhatDotNetReads(bool decimalComma)
    {
        var random = new Random(2154);
        var fields = new List<string> { "12.5", "12,5", "1e5", "1E-07", ".5", "5.", "+3", "-0", "-.5e-3", "0x10", "1e400", "-1e400", "1,5e3", "1e", "e5", "--1",
            "1 000", "NaN", "Infinity", "nd", "s", "  42  ", "4.2.1", "007", "1.7976931348623157e308", "4.9e-324", "2.4703282292062328e-324", "99999999999999999999" };
        for (var i = 0; i < 20_000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(value)) fields.Add(value.ToString(i % 2 == 0 ? "R" : "E10", System.Globalization.CultureInfo.InvariantCulture));
            fields.Add(Math.Round(random.NextDouble() * 1000, random.Next(0, 8)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var masked = new HashSet<string>(CsvSourceReader.MaskedValues, StringComparer.Ordinal);
        Span<byte> scratch = stackalloc byte[64];
        foreach (var field in fields.Select(f => decimalComma ? f.Replace('.', ',') : f))
        {
            var read = CsvSourceReader.ParseNumber(Encoding.UTF8.GetBytes(field), decimalComma, scratch, masked, out _);
            var dotNet = double.TryParse(decimalComma ? field.Replace(',', '.') : field, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                && double.IsFinite(parsed) && (!field.Contains(',') || decimalComma) ? parsed : double.NaN;
            Assert.True(read.Equals(dotNet), $"'{field}': read {read}, .NET reads {dotNet}");
        }
    }

    [SkippableFact]
    public void Read_ProseBeforeHeader_SkipsItAndKeepsFileLineNumbers()
    {
        var table = Read("Version beta : données en l’état\ncode_insee;nbr\n67017;148\n", new SourceDefinition { SkipLines = 1 }, ["code_insee"], ["nbr"]);
        Assert.Equal(148, table.Numbers["nbr"][0]);
        Assert.Equal(3, table.LineNumbers[0]);
        Assert.Equal(';', table.Report.Separator);
    }

    [SkippableFact]
    public void Read_Windows1252_DecodesAccents()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(1252).GetBytes("code;nom;v\n22278;Saint-Brieuc Côte;1\n");
        var table = Read(bytes, new SourceDefinition { Encoding = "windows-1252" }, ["nom"], ["v"]);
        Assert.Equal("Saint-Brieuc Côte", table.Text["nom"][0]);
    }

    [SkippableFact]
    public void Read_QuotedLineBreaksAndByteOrderMark_ReadsRecords()
    {
        var table = Read("\uFEFF\"id\",\"adresse\",\"v\"\n\"1\",\"rue A\nbâtiment B\",\"2\"\n\"2\",\"x\",\"3\"\n", new SourceDefinition(), ["id", "adresse"], ["v"]);
        Assert.Equal(["1", "2"], table.Text["id"]);
        Assert.Equal("rue A\nbâtiment B", table.Text["adresse"][0]);
        Assert.Equal(4, table.LineNumbers[1]);
    }

    // Without a BOM the columns are sized by the file's line feeds, here more than its records (a quoted line break, a
    // blank line): the rows read are the records, exactly, with their own line numbers.
    [SkippableFact]
    public void Read_FewerRecordsThanLineFeeds_ReadsExactlyTheRecords()
    {
        var table = Read("id,adresse,v\n1,\"rue A\nbâtiment B\",2\n\n2,x,3\n", new SourceDefinition(), ["id", "adresse"], ["v"]);
        Assert.Equal(["1", "2"], table.Text["id"]);
        Assert.Equal("rue A\nbâtiment B", table.Text["adresse"][0]);
        Assert.Equal([2.0, 3.0], table.Numbers["v"]);
        Assert.Equal(2, table.LineNumbers.Length);
        Assert.Equal(5, table.LineNumbers[1]);
    }

    [SkippableFact]
    public void Read_HeaderFromDefinition_NamesColumns()
    {
        var table = Read("a;1\nb;2\n", new SourceDefinition { HasHeader = false, Columns = ["code", "v"], Separator = ";" }, ["code"], ["v"]);
        Assert.Equal([1.0, 2.0], table.Numbers["v"]);
    }

    [SkippableFact]
    public void Read_MissingColumn_NamesFileLineAndColumn()
    {
        var error = Assert.Throws<FragilityException>(() => Read("code;v\n1;2\n", new SourceDefinition { Separator = ";" }, ["code"], ["pop"]));
        Assert.Equal("test.csv:1: column 'pop': no such column in the header: expected one of code, v", error.Message);
    }

    [SkippableFact]
    public void Read_NonNumericValue_NamesLineAndColumn()
    {
        var error = Assert.Throws<FragilityException>(() => Read("code;v\n1;2\n2;abc\n", new SourceDefinition { Separator = ";" }, ["code"], ["v"]));
        Assert.Equal("test.csv:3: column 'v': expected a number, found 'abc'", error.Message);
    }

    [SkippableFact]
    public void Read_TruncatedRecord_NamesLine()
    {
        var error = Assert.Throws<FragilityException>(() => Read("code;a;v\n1;2;3\n2;4", new SourceDefinition { Separator = ";" }, ["code"], ["v"]));
        Assert.StartsWith("test.csv:3: column 'v': the record has 2 fields, expected 3", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Read_WrongSeparator_ReportsMissingColumn()
    {
        var error = Assert.Throws<FragilityException>(() => Read("code,v\n1,2\n", new SourceDefinition { Separator = ";" }, ["code"], ["v"]));
        Assert.Contains("column 'code'", error.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("code;v\n")]
    public void Read_EmptyFile_Fails(string content)
    {
        var error = Assert.Throws<FragilityException>(() => Read(content, new SourceDefinition { Separator = ";" }, ["code"], ["v"]));
        Assert.StartsWith("test.csv", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Read_MedNumFile_ReadsEveryRowWithHeaderFromPreset()
    {
        var path = SharedData.Find("data/real/mednum_ifn_design4green2020_by_dept/69.csv");
        var source = DefinitionLoader.LoadPreset("mednum-2020").Sources["ifn"];
        using var stream = File.OpenRead(path);
        var table = CsvSourceReader.Read(stream, "ifn", path, source, ["Code Iris"], ["P16 Pop"]);
        Assert.Equal(751, table.RowCount);
        // SOURCES.md: the sum of P16 Pop over the Rhône file is 1,827,342.
        Assert.Equal(1_827_342, table.Numbers["P16 Pop"].Sum(), 0);
    }
}
