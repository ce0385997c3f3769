using FragilityIndex.Territory;

namespace FragilityIndex.Tests.Ingestion;

/// <summary>How a row shared by several units is shared out among them (worked by hand).</summary>
public sealed class ApportionTests
{
    [Fact]
    public void NoSharedRow_NeedsNoFactors()
    {
        Assert.Null(SourceJoin.Apportion([2, 0, -1, 1], [10, 20, 30, 40]));
    }

    [Fact]
    public void SharedRow_SplitsByPopulation_OthersKeepTheirRow()
    {
        // Row 0 is shared by units 0 and 2 (10 and 30 inhabitants): a quarter and three quarters. Unit 3 has no row.
        var factors = SourceJoin.Apportion([0, 1, 0, -1], [10, 5, 30, 7]);
        Assert.Equal([0.25, 1, 0.75, 1], factors!);
    }

    [Fact]
    public void SharedRow_WithoutPopulation_SplitsEqually()
    {
        Assert.Equal([1.0 / 3, 1.0 / 3, 1, 1.0 / 3], SourceJoin.Apportion([4, 4, 0, 4], null)!);
        // Populations unknown (NaN) or all zero: equal shares too.
        Assert.Equal([0.5, 0.5], SourceJoin.Apportion([1, 1], [double.NaN, 0])!);
    }
}
