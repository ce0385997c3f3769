namespace FragilityIndex.Ingestion;

/// <summary>
/// A column read row by row, whose length is known only at the end. When the reader knows the most rows there can be
/// (the line feeds of the file), the column is one array of that size, handed over as it is when every row was a
/// record: nothing is copied and nothing is left behind. Past that, or without it, values go into chunks of a fixed
/// size, copied once into an array of the exact length: a List grown by doubling leaves behind about 1.3 times the
/// final column in dead arrays, each past the large-object threshold at national scale; chunks of 8,192 stay below it.
/// </summary>
internal sealed class ColumnBuilder<T>
{
    private const int ChunkLength = 8192;
    private readonly List<T[]> _chunks = [];
    private T[] _current = [];
    private int _inCurrent;

    /// <param name="expected">The most values there will be, when known (0 otherwise): the first chunk's length.</param>
    public ColumnBuilder(int expected = 0)
    {
        if (expected <= 0) return;
        _current = new T[expected];
        _chunks.Add(_current);
    }

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

    /// <summary>
    /// The values, in the order added, as one array of exactly <see cref="Count"/> values: the builder's own when it
    /// holds exactly that many (nothing is to be added after).
    /// </summary>
    public T[] ToArray()
    {
        if (_chunks.Count == 1 && _chunks[0].Length == Count) return _chunks[0];
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
