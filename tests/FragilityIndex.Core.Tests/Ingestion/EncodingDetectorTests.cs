using System.Text;
using FragilityIndex.Ingestion;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>
/// The detector reads files in 64 KiB chunks: a letter whose bytes straddle two chunks is whole UTF-8, and an invalid
/// byte far into a file is reported on its own line.
/// </summary>
public sealed class EncodingDetectorTests
{
    // Lines of "é" (2 bytes in UTF-8) and "€" (3 bytes) shifted by one byte each time, so that every chunk boundary
    // falls inside some multi-byte letter within the first few hundred kilobytes.
    private static byte[] Accented(int lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++) text.Append(new string('a', i % 7)).Append("é;€;").Append(i).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Fact]
    public void LettersAcrossChunkBoundaries_AreValidUtf8()
    {
        var bytes = Accented(40_000);
        Assert.True(bytes.Length > 4 * 65_536);
        Assert.Equal(0, EncodingDetector.FirstInvalidUtf8Line(new MemoryStream(bytes)));
        Stream stream = new MemoryStream(bytes);
        var detected = EncodingDetector.Detect(ref stream);
        Assert.Null(detected.Encoding);
        // The line feeds, counted on the way (the most records the file can hold): one per line written above.
        Assert.Equal(40_000, detected.LineBreaks);
        Assert.Equal(0, EncodingDetector.FirstInvalidUtf8Line(new MemoryStream(bytes[..^1]), out var withoutTheLast));
        Assert.Equal(39_999, withoutTheLast);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9_000)]
    [InlineData(31_337)]
    [InlineData(40_000)]
    public void AnInvalidByte_IsReportedOnItsLine(int line)
    {
        var bytes = Accented(40_000);
        // The start of the line, worked out by counting line breaks: the Windows-1252 "é" (0xE9) put there alone.
        var start = 0;
        for (var seen = 1; seen < line; start++)
        {
            if (bytes[start] == '\n') seen++;
        }

        bytes[start] = 0xE9;
        bytes[start + 1] = (byte)'x';
        Assert.Equal(line, EncodingDetector.FirstInvalidUtf8Line(new MemoryStream(bytes)));
        Stream stream = new MemoryStream(bytes);
        Assert.Equal(1252, EncodingDetector.Detect(ref stream).Encoding?.CodePage);
    }

    [Fact]
    public void ALetterCutAtTheEndOfTheFile_IsInvalid()
    {
        var bytes = Encoding.UTF8.GetBytes("code;nom\n01001;Abergement\n01002;Été");
        Assert.Equal(3, EncodingDetector.FirstInvalidUtf8Line(new MemoryStream(bytes[..^1])));
    }
}
