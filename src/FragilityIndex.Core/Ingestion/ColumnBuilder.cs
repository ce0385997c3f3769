namespace FragilityIndex.Ingestion;

/// <summary>
/// A column read row by row, whose length is known only at the end: values go into chunks of a fixed size, copied once
/// into an array of the exact length. A List grown by doubling leaves behind about 1.3 times the final column in dead
/// arrays, each of them past the large-object threshold at national scale; chunks of 8,192 stay below it and are the
/// only garbage.
/// </summary>
internal sealed class ColumnBuilder<T>
{
    private const int ChunkLength = 8192;
    private readonly List<T[]> _chunks = [];
    private T[] _current = [];
    private int _inCurrent;

    /// <summary>The number of values added.</summary>
    public int Count { get; private set; }

    public void Add(T value)
    {
        if (_inCurrent == _current.Length)
        {
            _current = new T[ChunkLength];
            _chunks.Add(_current);
            _inCurrent = 0;
        }

        _current[_inCurrent++] = value;
        Count++;
    }

    /// <summary>The last value added.</summary>
    public T Last => Count > 0 ? _current[_inCurrent - 1] : throw new InvalidOperationException("no value was added");

    /// <summary>The values, in the order added, as one array of exactly <see cref="Count"/> values.</summary>
    public T[] ToArray()
    {
        var result = new T[Count];
        var at = 0;
        foreach (var chunk in _chunks)
        {
            var length = Math.Min(chunk.Length, Count - at);
            Array.Copy(chunk, 0, result, at, length);
            at += length;
        }

        return result;
    }
}
