using FragilityIndex.Scoring;

namespace FragilityIndex.Tests.Scoring;

/// <summary>Score columns: whole numbers held as integers, read back as doubles with NaN for missing.</summary>
public sealed class ScoreColumnTests
{
    [Fact]
    public void Wholes_FromDoubles_KeepEveryValueAndTheMissingOnes()
    {
        var column = ScoreColumn.OfWholes("score_global_rank", ColumnRole.Rank, [3, double.NaN, 1, 48745]);
        Assert.True(column.IsWhole);
        Assert.Equal([3, ScoreColumn.Missing, 1, 48745], column.Wholes.ToArray());
        Assert.Equal(4, column.Count);
        Assert.True(double.IsNaN(column[1]));
        Assert.Equal(48745.0, column[3]);
        Assert.Equal([3.0, double.NaN, 1.0, 48745.0], column.ToArray());
        Assert.Throws<InvalidOperationException>(() => column.Reals.Length);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(3e9)]
    public void Wholes_FromDoubles_RefuseWhatIsNotAWholeNumber(double value)
    {
        var error = Assert.Throws<ArgumentException>(() => ScoreColumn.OfWholes("d", ColumnRole.Decile, [1, value]));
        Assert.Contains("at row 1 is not a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reals_AreTheArrayGiven()
    {
        double[] values = [0.25, double.NaN];
        var column = ScoreColumn.OfReals("score_global", ColumnRole.Score, values);
        Assert.False(column.IsWhole);
        Assert.Equal(0.25, column[0]);
        Assert.True(column.Reals.Overlaps(values));
        Assert.Throws<InvalidOperationException>(() => column.Wholes.Length);
    }

    [Fact]
    public void Scorer_GivesRanksDecilesAndFlagsAsWholes_ScoresAndValuesAsReals()
    {
        var iris = IndexScorerTests.Run("""{ "method": "ratio", "reference": "departement" }""").Result[FragilityIndex.Definition.TerritoryLevel.Iris];
        Assert.All(iris.Columns, c => Assert.Equal(c.Role is ColumnRole.Rank or ColumnRole.Decile or ColumnRole.Flag, c.IsWhole));
        Assert.Contains(iris.Columns, c => c.Role == ColumnRole.Rank && c.Name == "score_global_rank");
        Assert.Contains(iris.Columns, c => c.Role == ColumnRole.Decile && c.Name == "score_global_decile_france");
        Assert.Contains(iris.Columns, c => c.Role == ColumnRole.Score && c.Name == "score_global");
        Assert.All(iris.Columns.Where(c => c.Name.StartsWith("imputed_", StringComparison.Ordinal)), c => Assert.Equal(ColumnRole.Flag, c.Role));
        Assert.All(iris.Columns.Where(c => c.Name.EndsWith("_value", StringComparison.Ordinal)), c => Assert.Equal(ColumnRole.Value, c.Role));
        Assert.All(iris.Columns.Where(c => c.Name.StartsWith("contribution_", StringComparison.Ordinal)), c => Assert.Equal(ColumnRole.Contribution, c.Role));
    }
}
