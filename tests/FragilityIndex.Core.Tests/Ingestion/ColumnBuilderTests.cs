using FragilityIndex.Ingestion;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>
/// The chunked column of the readers gives back exactly what was added, at and across chunk boundaries, with or
/// without the number of rows expected, and below, at or past it.
/// </summary>
public sealed class ColumnBuilderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8191)]
    [InlineData(8192)]
    [InlineData(8193)]
    [InlineData(48745)]
    public void ToArray_HoldsEveryValueInOrder(int count)
    {
        var builder = new ColumnBuilder<double>();
        for (var i = 0; i < count; i++) builder.Add(i * 0.5);
        var values = builder.ToArray();
        Assert.Equal(count, builder.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i * 0.5), values);
        if (count > 0) Assert.Equal((count - 1) * 0.5, builder.Last);
        else Assert.Throws<InvalidOperationException>(() => builder.Last);
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(10, 7)]
    [InlineData(10, 10)]
    [InlineData(10, 11)]
    [InlineData(48745, 48745)]
    [InlineData(48745, 48745 + 8192 + 5)]
    public void ToArray_WithTheRowsExpected_HoldsEveryValueInOrder(int expected, int count)
    {
        var builder = new ColumnBuilder<int>(expected);
        for (var i = 0; i < count; i++) builder.Add(3 * i);
        var values = builder.ToArray();
        Assert.Equal(count, values.Length);
        Assert.Equal(Enumerable.Range(0, count).Select(i => 3 * i), values);
        if (count > 0) Assert.Equal(3 * (count - 1), builder.Last);
    }
}
