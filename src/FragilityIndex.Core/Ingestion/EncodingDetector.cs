using System.Buffers;
using System.Text;
using FragilityIndex.Diagnostics;

namespace FragilityIndex.Ingestion;

/// <summary>
/// Tells UTF-8 from Windows-1252, the two encodings French public files come in: a BOM means UTF-8; otherwise the
/// whole file is decoded as strict UTF-8, and the first invalid sequence means Windows-1252 (an accented letter of
/// cp1252 is never a valid UTF-8 sequence on its own).
/// </summary>
internal static class EncodingDetector
{
    static EncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Checks that a file declared UTF-8 is valid UTF-8, and rewinds it (buffered first when it cannot seek). Returns
    /// null, the reader's UTF-8. A file with an invalid sequence is refused naming its line: read with U+FFFD in place
    /// of its letters, its codes and names would no longer match.
    /// </summary>
    /// <exception cref="FragilityException">The file is not valid UTF-8.</exception>
    /// <param name="stream">The file, rewound.</param>
    /// <param name="fileName">Its name in messages.</param>
    /// <param name="lineBreaks">The number of line feeds in it, counted on the way: the most records it can hold.</param>
    public static Encoding? RequireUtf8(ref Stream stream, string fileName, out long lineBreaks)
    {
        stream = Seekable(stream);
        var start = stream.Position;
        var line = FirstInvalidUtf8Line(stream, out lineBreaks);
        stream.Position = start;
        if (line > 0)
            throw FragilityException.InFile(fileName, line, null, "invalid UTF-8 bytes, but the source declares \"encoding\": \"utf-8\": is it Windows-1252? (declare it, or leave the encoding out to detect it)");
        return null;
    }

    /// <summary>
    /// Detects the encoding of <paramref name="stream"/> and rewinds it (a stream that cannot seek is buffered first,
    /// and <paramref name="stream"/> replaced by the buffer). Returns null for UTF-8, which CsvHelper reads natively.
    /// </summary>
    /// <remarks>
    /// <c>LineBreaks</c> is the number of line feeds of a file found valid UTF-8 (the most records it can hold), 0
    /// when it was not counted (a BOM, or Windows-1252).
    /// </remarks>
    public static (Encoding? Encoding, bool HadByteOrderMark, long LineBreaks) Detect(ref Stream stream)
    {
        stream = Seekable(stream);
        var start = stream.Position;
        Span<byte> head = stackalloc byte[3];
        var bom = stream.ReadAtLeast(head, 3, throwOnEndOfStream: false) == 3 && head.SequenceEqual("\uFEFF"u8);
        stream.Position = start;
        if (bom) return (null, true, 0);
        var invalid = FirstInvalidUtf8Line(stream, out var lineBreaks) > 0;
        stream.Position = start;
        return invalid ? (Encoding.GetEncoding(1252), false, 0) : (null, false, lineBreaks);
    }

    /// <summary>The 1-based line of the first invalid UTF-8 sequence of the rest of <paramref name="stream"/>, or 0 when it is all valid.</summary>
    public static long FirstInvalidUtf8Line(Stream stream) => FirstInvalidUtf8Line(stream, out _);

    /// <summary>
    /// The 1-based line of the first invalid UTF-8 sequence of the rest of <paramref name="stream"/>, or 0 when it is
    /// all valid; then <paramref name="lineBreaks"/> is the number of line feeds it holds.
    /// </summary>
    public static long FirstInvalidUtf8Line(Stream stream, out long lineBreaks)
    {
        lineBreaks = 0;
        var chunk = ArrayPool<byte>.Shared.Rent(1 << 16);
        var chars = ArrayPool<char>.Shared.Rent(1 << 16);
        try
        {
            long line = 1;
            var carried = 0;
            while (true)
            {
                var read = stream.Read(chunk, carried, (1 << 16) - carried);
                var length = carried + read;
                // Valid chunks, nearly all of them, are checked by the vectorised validator; a sequence that may be
                // cut at the chunk's end is carried to the next chunk, not taken for an invalid one.
                var whole = read == 0 ? length : StartOfLastSequence(chunk.AsSpan(0, length));
                if (System.Text.Unicode.Utf8.IsValid(chunk.AsSpan(0, whole)))
                {
                    line += chunk.AsSpan(0, whole).Count((byte)'\n');
                    if (read == 0)
                    {
                        lineBreaks = line - 1;
                        return 0;
                    }

                    carried = length - whole;
                    chunk.AsSpan(whole, carried).CopyTo(chunk);
                    continue;
                }

                // An invalid sequence: decoded up to it, to name its line.
                var status = System.Text.Unicode.Utf8.ToUtf16(chunk.AsSpan(0, length), chars.AsSpan(0, 1 << 16), out var consumed, out _,
                    replaceInvalidSequences: false, isFinalBlock: read == 0);
                line += chunk.AsSpan(0, consumed).Count((byte)'\n');
                if (status == OperationStatus.InvalidData) return line;
                if (read == 0)
                {
                    lineBreaks = line - 1;
                    return 0;
                }

                carried = length - consumed;
                chunk.AsSpan(consumed, carried).CopyTo(chunk);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    // Where the last sequence of the bytes starts (its lead byte, or an ASCII byte): the bytes before it hold only
    // whole sequences, whatever comes after the chunk.
    private static int StartOfLastSequence(ReadOnlySpan<byte> bytes)
    {
        var i = bytes.Length;
        // At most three continuation bytes (10xxxxxx) follow a lead byte.
        for (var back = 0; back < 4 && i > 0; back++)
        {
            i--;
            if ((bytes[i] & 0xC0) != 0x80) return i;
        }

        return i;
    }

    // Detection reads the file twice: a stream that cannot seek (a pipe, a download) is buffered once, in memory.
    private static Stream Seekable(Stream stream)
    {
        if (stream.CanSeek) return stream;
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        stream.Dispose();
        buffer.Position = 0;
        return buffer;
    }
}
