using System.Buffers;
using System.Text;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Tells UTF-8 from Windows-1252, the two encodings French public files come in: a BOM means UTF-8; otherwise the
/// whole file is decoded as strict UTF-8, and the first invalid sequence means Windows-1252 (an accented letter of
/// cp1252 is never a valid UTF-8 sequence on its own).
/// </summary>
public static class EncodingDetector
{
    static EncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Detects the encoding of <paramref name="stream"/> and rewinds it (a stream that cannot seek is buffered first,
    /// and <paramref name="stream"/> replaced by the buffer). Returns null for UTF-8, which CsvHelper reads natively.
    /// </summary>
    public static (Encoding? Encoding, bool HadByteOrderMark) Detect(ref Stream stream)
    {
        if (!stream.CanSeek)
        {
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            stream.Dispose();
            buffer.Position = 0;
            stream = buffer;
        }

        var start = stream.Position;
        var chunk = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var carried = 0;
            var first = true;
            var bom = false;
            var chars = new char[chunk.Length];
            while (true)
            {
                var read = stream.Read(chunk, carried, chunk.Length - carried);
                var length = carried + read;
                if (first && length >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF)
                {
                    bom = true;
                    break;
                }

                first = false;
                var status = System.Text.Unicode.Utf8.ToUtf16(chunk.AsSpan(0, length), chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: read == 0);
                if (status == System.Buffers.OperationStatus.InvalidData)
                {
                    stream.Position = start;
                    return (Encoding.GetEncoding(1252), false);
                }

                if (read == 0) break;
                carried = length - consumed;
                chunk.AsSpan(consumed, carried).CopyTo(chunk);
            }

            stream.Position = start;
            return (null, bom);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
