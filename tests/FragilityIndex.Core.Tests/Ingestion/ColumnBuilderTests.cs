using FragilityIndex.Ingestion;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>The chunked column of the readers gives back exactly what was added, at and across chunk boundaries.</summary>
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
}
