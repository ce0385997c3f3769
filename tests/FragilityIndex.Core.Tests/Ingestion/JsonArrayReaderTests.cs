using System.Globalization;
using System.Text;
using System.Text.Json;
using FragilityIndex.Definition;
using FragilityIndex.Diagnostics;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>The JSON array reader (two passes of a streaming reader) against values written by hand and against a document tree.</summary>
public sealed class JsonArrayReaderTests
{
    private static SourceTable ReadText(string content, string[] text, string[]? numbers = null, bool bom = false) =>
        SourceReader.Read("test", new SourceDefinition { Path = "p.json" },
            (_, _) => SourceFile.InMemory("p.json", [.. (bom ? Encoding.UTF8.Preamble.ToArray() : []), .. Encoding.UTF8.GetBytes(content)]), text, numbers ?? []);

    [Fact]
    public void Members_OfEveryType_BecomeTheirTextAndNumbers()
    {
        // A member first met in the second item, an escaped name, a repeated member (the last wins, as in a document
        // tree), a nested object kept as its JSON text, an integer code written back without decimals, a trailing comma.
        const string json = """
        [
          {"code": 69123, "n": "12.5", "flag": true, "info": {"a": [1, 2]}, "n": 3},
          {"code": "69381", "caf\u00e9": "x", "flag": null, "info": null},
        ]
        """;
        var table = ReadText(json, ["code", "café", "flag", "info"], ["n"], bom: true);

        Assert.Equal([1, 2], table.LineNumbers);
        Assert.Equal(["69123", "69381"], table.Text["code"]);
        Assert.Equal(["", "x"], table.Text["café"]);
        Assert.Equal(["True", ""], table.Text["flag"]);
        Assert.Equal(["""{"a": [1, 2]}""", ""], table.Text["info"]);
        Assert.Equal(3, table.Numbers["n"][0]);
        Assert.True(double.IsNaN(table.Numbers["n"][1]));
        Assert.Equal(1, table.Report.MissingCounts["n"]);
    }

    [Fact]
    public void Columns_ResolveAgainstTheWholeHeader_AsInACsv()
    {
        // A vintage pattern and a name written with a space, first met in the second item; an exact name wins over a
        // normalised one that appears earlier (ColumnResolver's order), whatever the order the members arrive in.
        const string json = """[{"code": "a", "CODE_B": 7}, {"code": "b", "P16 Pop": 5, "code_b": 9}]""";
        var table = ReadText(json, ["code"], ["P{yy}_POP", "code_b"]);

        Assert.True(double.IsNaN(table.Numbers["P{yy}_POP"][0]));
        Assert.Equal(5, table.Numbers["P{yy}_POP"][1]);
        Assert.True(double.IsNaN(table.Numbers["code_b"][0]));
        Assert.Equal(9, table.Numbers["code_b"][1]);
    }

    [Theory]
    [InlineData("[{\"a\": 1}, 2]", "p.json: item 2 is not an object")]
    [InlineData("[{\"a\": 1}] [{\"a\": 2}]", "p.json:1: not valid JSON")]
    [InlineData("\"a\"", "p.json:1: expected an array of objects, found a JSON string")]
    [InlineData("", "p.json:1: not valid JSON")]
    [InlineData("[]", "p.json: the file has no records")]
    [InlineData("[{\"a\": 1}, {\"b\": 2}]", "p.json: column 'code'")]
    public void NotAnArrayOfObjects_IsOneLineNamingTheFile(string json, string expectedStart)
    {
        var error = Assert.Throws<FragilityException>(() => ReadText(json, ["code"]));
        Assert.StartsWith(expectedStart, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AFileLargerThanAnArray_IsRefusedByName()
    {
        var file = new SourceFile("huge.json", _ => new LengthOnly(3L << 30));
        var error = Assert.Throws<FragilityException>(() => SourceReader.Read("test", new SourceDefinition { Path = "huge.json" }, (_, _) => file, ["code"], []));
        Assert.StartsWith("huge.json: 3,072 MiB: a JSON array of objects is read whole", error.Message, StringComparison.Ordinal);
    }

    // A seekable stream that says how long it is and holds nothing: the reader must refuse it before reading.
    private sealed class LengthOnly(long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get; set; }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read before the size was checked");
        public override long Seek(long offset, SeekOrigin origin) => Position = origin == SeekOrigin.Begin ? offset : origin == SeekOrigin.End ? length + offset : Position + offset;
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [SkippableFact]
    public void Hinaura_EveryMemberAsADocumentTreeReadsIt()
    {
        var path = SharedData.Find("data/real/lieux_mediation_hinaura_2021/hinaura.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var items = document.RootElement.EnumerateArray().ToArray();
        string[] columns = ["Nom du lieu ou de la structure *", "Code postal", "bf_latitude", "Ville *"];

        var table = SourceReader.Read("test", new SourceDefinition { Path = path }, (_, p) => SourceFile.OnDisk(p), columns, []);

        Assert.Equal(items.Length, table.RowCount);
        foreach (var column in columns)
        {
            for (var i = 0; i < items.Length; i++)
            {
                var expected = !items[i].TryGetProperty(column, out var value) ? "" : value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString()!.Trim(),
                    JsonValueKind.Number when value.GetDouble() == Math.Floor(value.GetDouble()) => ((long)value.GetDouble()).ToString(CultureInfo.InvariantCulture),
                    JsonValueKind.Number => value.GetDouble().ToString(CultureInfo.InvariantCulture),
                    JsonValueKind.Null => "",
                    _ => value.GetRawText(),
                };
                Assert.True(expected == table.Text[column][i], $"{column}, item {i + 1}: expected '{expected}', read '{table.Text[column][i]}'");
            }
        }
    }
}
