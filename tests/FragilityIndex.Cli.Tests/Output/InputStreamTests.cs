using System.Collections.Concurrent;
using System.Security.Cryptography;
using FragilityIndex.Cli.Output;

namespace FragilityIndex.Cli.Tests.Output;

/// <summary>The SHA-256 of an input taken as it is read: only when it was read whole and in order.</summary>
public sealed class InputStreamTests
{
    private static readonly byte[] Bytes = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
    private static readonly string Expected = Convert.ToHexStringLower(SHA256.HashData(Bytes));

    private static string? Hash(Action<Stream> read)
    {
        var hashes = new ConcurrentDictionary<string, string>();
        using (var stream = new InputStream(new MemoryStream(Bytes), null, "f", hashes)) read(stream);
        return hashes.GetValueOrDefault("f");
    }

    [Fact]
    public void ReadWholeInOrder_GivesTheFilesHash_EvenAfterAReturnToTheStart()
    {
        Assert.Equal(Expected, Hash(s => s.CopyTo(Stream.Null, 4096)));
        // Encoding detection: the whole file once, a look at its last byte, back to the start, the whole file again
        // (hashed once).
        Assert.Equal(Expected, Hash(s =>
        {
            s.CopyTo(Stream.Null);
            s.Seek(-1, SeekOrigin.End);
            s.ReadByte();
            s.Position = 0;
            s.CopyTo(Stream.Null, 1000);
        }));
    }

    [Fact]
    public void AFirstPassCutShort_ThenAWholeOne_GivesTheFilesHash()
    {
        Assert.Equal(Expected, Hash(s =>
        {
            s.ReadExactly(new byte[3]);
            s.Seek(-1, SeekOrigin.End);
            s.ReadByte();
            s.Position = 0;
            s.CopyTo(Stream.Null);
        }));
    }

    [Fact]
    public void TheBytesRead_AreReported()
    {
        long total = 0;
        using var stream = new InputStream(new MemoryStream(Bytes), read => total += read);
        stream.CopyTo(Stream.Null, 999);
        Assert.Equal(Bytes.Length, total);
    }

    [Fact]
    public void ReadInPart_OrOutOfOrder_GivesNoHash()
    {
        Assert.Null(Hash(s => s.ReadExactly(new byte[1000])));
        Assert.Null(Hash(s =>
        {
            s.Seek(5000, SeekOrigin.Begin);
            s.CopyTo(Stream.Null);
        }));
    }
}
