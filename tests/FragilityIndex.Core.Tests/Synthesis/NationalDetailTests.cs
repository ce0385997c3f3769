using System.Security.Cryptography;
using FragilityIndex.Synthesis;

namespace FragilityIndex.Tests.Synthesis;

/// <summary>synth --national --detail: more contour vertices for scaling benchmarks, every other file the same.</summary>
public sealed class NationalDetailTests
{
    // Counts "],[" (between two positions of a ring) in what is written, across writes, and hashes it all.
    private sealed class Tally : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private (byte, byte) _lastTwo;

        public long Separators { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public byte[] Hash() => _hash.GetCurrentHash();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            foreach (var b in buffer)
            {
                if (b == '[' && _lastTwo == ((byte)']', (byte)',')) Separators++;
                _lastTwo = (_lastTwo.Item2, b);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static Dictionary<string, Tally> Generate(int detail)
    {
        var files = new Dictionary<string, Tally>();
        NationalGenerator.Generate(1, "nat", name => files[name] = new Tally(), detail);
        return files;
    }

    [Fact]
    public void Detail2_DoublesTheContoursVertices_AndLeavesEveryOtherFileAsItIs()
    {
        var (one, two) = (Generate(1), Generate(2));
        // Each IRIS strip: two jagged sides of 100 × detail points, plus its corners (the same at both details). A
        // ring of n positions has n − 1 separators: ten million vertices less one per IRIS (48,745).
        var (vertices1, vertices2) = (one["contours.geojson"].Separators, two["contours.geojson"].Separators);
        Assert.True(vertices1 >= 10_000_000 - 48_745, $"{vertices1}");
        Assert.InRange((double)vertices2 / vertices1, 1.9, 2.0);
        foreach (var name in one.Keys.Where(n => n != "contours.geojson"))
            Assert.True(one[name].Hash().AsSpan().SequenceEqual(two[name].Hash()), name);
        Assert.Throws<ArgumentOutOfRangeException>(() => NationalGenerator.Generate(1, "nat", _ => new Tally(), 0));
    }
}
