using System.Globalization;
using System.Text;
using FragilityIndex.Definition;
using FragilityIndex.Export;
using FragilityIndex.Scoring;

namespace FragilityIndex.Tests.Export;

/// <summary>The CSV of scores, read back by CsvHelper: quoted where RFC 4180 needs it, numbers in their shortest round-trip form.</summary>
public sealed class ScoreCsvWriterTests
{
    private static readonly string[] Names = ["Saint-Étienne, centre", "L'\"Île\"", " Espace devant", "Deux\nlignes", "Simple"];

    private static LevelScores Scores() => new(TerritoryLevel.Commune, TerritoryLevel.Departement,
        ["42001", "42002", "42003", "42004", "42005"], Names, ["42", "42", "42", "42", "42"], [(TerritoryLevel.Departement, ["42", "42", "42", "42", "42"])],
        [ScoreColumn.OfReals("score_global", ColumnRole.Score, [0.1, 1.0 / 3, double.NaN, 1e-7, 123456789.125]), ScoreColumn.OfWholes("score_global_rank", ColumnRole.Rank, [1, 2, ScoreColumn.Missing, 3, 4])]);

    [Theory]
    [InlineData(CsvDialect.International, ',', '.')]
    [InlineData(CsvDialect.French, ';', ',')]
    public void Fields_ReadBackAsWritten(CsvDialect dialect, char separator, char decimalMark)
    {
        using var stream = new MemoryStream();
        ScoreCsvWriter.Write(Scores(), stream, dialect);
        var bytes = stream.ToArray();
        Assert.Equal(dialect == CsvDialect.French, bytes.AsSpan().StartsWith("\uFEFF"u8));
        using var reader = CsvHelper.CsvReader.Create(new MemoryStream(bytes), CsvHelper.CsvReaderOptions.Default with { Separator = separator, HasHeader = true });
        string[] header = [.. reader.Headers];
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read()) rows.Add(header.Select((h, i) => (h, i)).ToDictionary(c => c.h, c => Encoding.UTF8.GetString(reader.GetSpan(c.i))));
        Assert.Equal(["code", "score_global", "score_global_rank", "name", "reference_code", "departement_code"], header);
        Assert.Equal(Names, rows.Select(r => r["name"]));
        // Shortest round-trip text: 0.1 and 1/3 read back as the same doubles; a missing value is an empty field.
        string Number(string text) => text.Replace('.', decimalMark);
        Assert.Equal([Number("0.1"), Number("0.3333333333333333"), "", Number("1E-07"), Number("123456789.125")], rows.Select(r => r["score_global"]));
        Assert.Equal(["1", "2", "", "3", "4"], rows.Select(r => r["score_global_rank"]));
        var text = Encoding.UTF8.GetString(bytes);
        // Quoted only where needed: the comma (international), the quotes, the leading space, the line break.
        Assert.Contains($"{separator}\"L'\"\"Île\"\"\"{separator}", text, StringComparison.Ordinal);
        Assert.Contains($"{separator}\" Espace devant\"{separator}", text, StringComparison.Ordinal);
        Assert.Contains($"{separator}Simple{separator}", text, StringComparison.Ordinal);
        Assert.Contains(dialect == CsvDialect.French ? ";Saint-Étienne, centre;" : ",\"Saint-Étienne, centre\",", text, StringComparison.Ordinal);
    }

    // Whole numbers take a faster path than the double's shortest form: it must give the same text on both sides of
    // its bounds (1e15, where the double form turns to an exponent), for negatives, and for -0.
    [Theory]
    [InlineData("0.0")]
    [InlineData("-0.0")]
    [InlineData("1.0")]
    [InlineData("-7.0")]
    [InlineData("48745.0")]
    [InlineData("999999999999999.0")]
    [InlineData("-999999999999999.0")]
    [InlineData("1e15")]
    [InlineData("1e16")]
    [InlineData("4503599627370497.0")]
    [InlineData("1e300")]
    [InlineData("0.5")]
    [InlineData("-2.5e-300")]
    public void Numbers_AreTheDoublesShortestRoundTripText(string text)
    {
        var value = double.Parse(text, CultureInfo.InvariantCulture);
        var scores = new LevelScores(TerritoryLevel.Commune, TerritoryLevel.Departement, ["42001"], ["Un"], ["42"], [], [ScoreColumn.OfReals("v", ColumnRole.Value, [value])]);
        using var stream = new MemoryStream();
        ScoreCsvWriter.Write(scores, stream);
        var row = Encoding.UTF8.GetString(stream.ToArray()).Split('\n')[1];
        Assert.Equal($"42001,{value.ToString("R", CultureInfo.InvariantCulture)},Un,42", row);
    }
}
