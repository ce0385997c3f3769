using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace FragilityIndex.Cli.Output;

/// <summary>
/// A source file as the readers read it, watched on the way: the bytes read go to <paramref name="onRead"/> (a
/// progress bar), and when <paramref name="hashes"/> is given, the SHA-256 of the file is computed as the reader goes,
/// provided it reads the file from its start to its end in order (a return to the start starts the hash again; any
/// other seek gives it up; once the whole file is hashed, further passes are not). run.json records every input's SHA-256: a file read whole need
/// not be read a second time for it. What is known lands in <paramref name="hashes"/> under <paramref name="path"/>.
/// </summary>
internal sealed class InputStream(Stream inner, Action<long>? onRead, string path = "", ConcurrentDictionary<string, string>? hashes = null) : Stream
{
    private IncrementalHash? _hash = hashes is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;
    private bool _inOrder = hashes is not null;
    private bool _known;

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        if (read > 0) onRead?.Invoke(read);
        if (_inOrder)
        {
            _hash!.AppendData(buffer[..read]);
            _read += read;
            if (read == 0 && buffer.Length > 0) Complete();
        }

        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var position = inner.Seek(offset, origin);
        // Once the whole file has been hashed (encoding detection reads it before the parser), a second pass is not.
        if (hashes is null || _known) return position;
        if (position == 0)
        {
            _hash!.Dispose();
            (_hash, _read, _inOrder) = (IncrementalHash.CreateHash(HashAlgorithmName.SHA256), 0, true);
        }
        else if (position != _read) _inOrder = false;
        return position;
    }

    public override void Flush() => inner.Flush();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_inOrder && inner.CanSeek && _read == inner.Length) Complete();
            _hash?.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Complete()
    {
        if (!_inOrder) return;
        hashes![path] = Convert.ToHexStringLower(_hash!.GetCurrentHash());
        (_inOrder, _known) = (false, true);
    }
}
