using FragilityIndex.Diagnostics;

namespace FragilityIndex.Cli.Tests;

/// <summary>A failure inside work done on every core reaches the user as itself, not wrapped.</summary>
public sealed class FailureTests
{
    [Fact]
    public void AnAggregateFailure_IsUnwrappedToItsFirstFailure_NestedOrNot()
    {
        var failure = new FragilityException(FailureKind.BadData, "contours.geojson: feature 2 is not valid GeoJSON");
        Assert.Same(failure, FragilityCli.Unwrapped(new AggregateException(new AggregateException(failure), new InvalidOperationException("later"))));
        Assert.Null(FragilityCli.Unwrapped(new AggregateException()));
    }
}
