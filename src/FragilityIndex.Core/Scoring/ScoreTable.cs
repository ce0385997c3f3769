using FragilityIndex.Definition;
using Microsoft.Data.Analysis;

namespace FragilityIndex.Scoring;

/// <summary>
/// The scores of one level as a <see cref="DataFrame"/>, for analysts who go on in their own code or a notebook:
/// <c>code</c>, <c>name</c>, <c>reference_code</c> and one <c>&lt;level&gt;_code</c> per level above as string
/// columns, then every score column in output order, scores and values as <c>double</c> (NaN where missing), ranks,
/// deciles and flags as <c>int</c> (null where missing).
/// </summary>
public static class ScoreTable
{
    /// <summary>The level's table; the columns are copies, so the frame can be changed without touching the scores.</summary>
    public static DataFrame ToDataFrame(this LevelScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("code", scores.Codes),
            new StringDataFrameColumn("name", scores.Names),
            new StringDataFrameColumn("reference_code", scores.ReferenceCodes),
        };
        foreach (var (level, codes) in scores.ParentCodes) columns.Add(new StringDataFrameColumn($"{level.Name()}_code", codes));
        foreach (var column in scores.Columns)
        {
            if (column.IsWhole)
            {
                var wholes = column.Wholes;
                var frameColumn = new Int32DataFrameColumn(column.Name, wholes.Length);
                for (var row = 0; row < wholes.Length; row++) frameColumn[row] = wholes[row] == ScoreColumn.Missing ? null : wholes[row];
                columns.Add(frameColumn);
            }
            else
            {
                columns.Add(new DoubleDataFrameColumn(column.Name, column.Reals.ToArray()));
            }
        }

        return new DataFrame(columns);
    }
}
