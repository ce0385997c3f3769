using FragilityIndex.Definition;

namespace FragilityIndex.Scoring;

/// <summary>
/// The scores of every territory of one level, as columns: codes and names, then for each indicator its raw value,
/// normalised score and imputed flag, then each node's score, ranks and deciles, then the contributions of the
/// indicators to the global score.
/// </summary>
public sealed class LevelScores
{
    /// <summary>A level's scores; every array has one entry per territory, in the order of <paramref name="codes"/> (sorted ordinally).</summary>
    public LevelScores(TerritoryLevel level, TerritoryLevel referenceLevel, string[] codes, string[] names, string[] referenceCodes,
        IReadOnlyList<(TerritoryLevel Level, string[] Codes)> parentCodes, IReadOnlyList<ScoreColumn> columns)
    {
        Level = level;
        ReferenceLevel = referenceLevel;
        Codes = codes;
        Names = names;
        ReferenceCodes = referenceCodes;
        ParentCodes = parentCodes;
        Columns = columns;
        _byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, ScoreColumn> _byName;

    /// <summary>The level scored.</summary>
    public TerritoryLevel Level { get; }

    /// <summary>The level of the reference territory each territory was compared with.</summary>
    public TerritoryLevel ReferenceLevel { get; }

    /// <summary>The territory codes, sorted ordinally.</summary>
    public string[] Codes { get; }

    /// <summary>The territory names ("" when unknown).</summary>
    public string[] Names { get; }

    /// <summary>For each territory, the code of its reference territory.</summary>
    public string[] ReferenceCodes { get; }

    /// <summary>For each level above this one, the code of the territory that contains each territory.</summary>
    public IReadOnlyList<(TerritoryLevel Level, string[] Codes)> ParentCodes { get; }

    /// <summary>The numeric columns, in output order.</summary>
    public IReadOnlyList<ScoreColumn> Columns { get; }

    /// <summary>The number of territories.</summary>
    public int Count => Codes.Length;

    /// <summary>The column called <paramref name="name"/>.</summary>
    public ScoreColumn this[string name] =>
        _byName.TryGetValue(name, out var column) ? column : throw new KeyNotFoundException($"no score column '{name}'");

    /// <summary>Whether a column called <paramref name="name"/> exists.</summary>
    public bool HasColumn(string name) => _byName.ContainsKey(name);

    /// <summary>The position of <paramref name="code"/> in <see cref="Codes"/>, or −1.</summary>
    public int PositionOf(string code) => Array.BinarySearch(Codes, code, StringComparer.Ordinal) is var p and >= 0 ? p : -1;
}

/// <summary>The outcome of scoring: the scores of each level, and what the run could not do as asked.</summary>
internal sealed record IndexResult(IReadOnlyList<LevelScores> Levels, IReadOnlyList<string> Warnings)
{
    /// <summary>The scores at <paramref name="level"/>.</summary>
    public LevelScores this[TerritoryLevel level] => Levels.First(l => l.Level == level);
}
