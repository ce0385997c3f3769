using System.Collections;

namespace FragilityIndex.Scoring;

/// <summary>What a column of a score table holds, so that writers and readers need not guess it from its name.</summary>
public enum ColumnRole
{
    /// <summary>An indicator's normalised score or a node's aggregate of them.</summary>
    Score,

    /// <summary>An indicator's value as read and rolled up (a rate, a share, a count, a distance).</summary>
    Value,

    /// <summary>The number of inhabitants of the territory.</summary>
    Population,

    /// <summary>A rank among the territories compared, 1 being the most fragile.</summary>
    Rank,

    /// <summary>A decile among the territories compared, 10 being the most fragile tenth.</summary>
    Decile,

    /// <summary>The part of the global score an indicator accounts for.</summary>
    Contribution,

    /// <summary>A yes/no mark as 1 or 0: a value imputed, a unit too small to be ranked.</summary>
    Flag,
}

/// <summary>
/// A named column of a score table, one value per territory. Scores and values are doubles (NaN for missing); ranks,
/// deciles and flags are whole numbers and are held as integers (<see cref="Missing"/> for missing), which halves what
/// they take at national scale and lets every writer give them an integer type without inspecting a value.
/// </summary>
public sealed class ScoreColumn : IReadOnlyList<double>
{
    /// <summary>The integer that stands for a missing whole number.</summary>
    public const int Missing = int.MinValue;

    private readonly double[]? _reals;
    private readonly int[]? _wholes;

    private ScoreColumn(string name, ColumnRole role, double[]? reals, int[]? wholes)
    {
        Name = name;
        Role = role;
        _reals = reals;
        _wholes = wholes;
    }

    /// <summary>A column of doubles, NaN for missing.</summary>
    public static ScoreColumn OfReals(string name, ColumnRole role, double[] values) => new(name, role, values, null);

    /// <summary>A column of whole numbers, <see cref="Missing"/> for missing.</summary>
    public static ScoreColumn OfWholes(string name, ColumnRole role, int[] values) => new(name, role, null, values);

    /// <summary>A column of whole numbers computed as doubles (NaN for missing); a value that is not whole is refused.</summary>
    public static ScoreColumn OfWholes(string name, ColumnRole role, ReadOnlySpan<double> values) => new(name, role, null, Whole(values));

    /// <summary>Whole numbers computed as doubles (NaN for missing) as integers (<see cref="Missing"/>); a value that is not whole is refused.</summary>
    public static int[] Whole(ReadOnlySpan<double> values)
    {
        var wholes = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsNaN(v)) wholes[i] = Missing;
            else if (v == Math.Floor(v) && v > Missing && v <= int.MaxValue) wholes[i] = (int)v;
            else throw new ArgumentException($"{v} at row {i} is not a whole number", nameof(values));
        }

        return wholes;
    }

    /// <summary>The column's name in every output (<c>score_global</c>, <c>score_global_rank</c>, …).</summary>
    public string Name { get; }

    /// <summary>What the column holds.</summary>
    public ColumnRole Role { get; }

    /// <summary>Whether the column holds whole numbers (<see cref="Wholes"/>) rather than doubles (<see cref="Reals"/>).</summary>
    public bool IsWhole => _wholes is not null;

    /// <summary>The number of territories.</summary>
    public int Count => _reals?.Length ?? _wholes!.Length;

    /// <summary>The value of row <paramref name="row"/> as a double, NaN for missing, whatever the column holds.</summary>
    public double this[int row] => _reals is not null ? _reals[row] : _wholes![row] is var w && w == Missing ? double.NaN : w;

    /// <summary>The doubles of a column that holds doubles.</summary>
    public ReadOnlySpan<double> Reals => _reals ?? throw new InvalidOperationException($"column '{Name}' holds whole numbers");

    /// <summary>The integers of a column that holds whole numbers (<see cref="Missing"/> for missing).</summary>
    public ReadOnlySpan<int> Wholes => _wholes ?? throw new InvalidOperationException($"column '{Name}' holds doubles");

    /// <summary>A copy of the values as doubles, NaN for missing.</summary>
    public double[] ToArray()
    {
        if (_reals is not null) return (double[])_reals.Clone();
        var copy = new double[_wholes!.Length];
        for (var i = 0; i < copy.Length; i++) copy[i] = this[i];
        return copy;
    }

    /// <summary>The values as doubles, in row order (a missing whole number as NaN).</summary>
    public IEnumerator<double> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
