namespace FragilityIndex.Diagnostics;

/// <summary>What went wrong, so the CLI can pick its exit code: 1 for bad data or a bad definition, 2 for usage.</summary>
public enum FailureKind
{
    /// <summary>An input file or the definition is malformed or inconsistent.</summary>
    BadData,

    /// <summary>The caller asked for something that cannot be done (a missing input, an unknown preset).</summary>
    Usage,
}

/// <summary>
/// The one exception the library raises for an unrecoverable problem with the inputs. Its message is a single
/// line naming the file, the line and the column where known, and what was expected.
/// </summary>
public sealed class FragilityException : Exception
{
    /// <summary>A failure of <paramref name="kind"/>, its one-line <paramref name="message"/> naming the file, line and column.</summary>
    public FragilityException(FailureKind kind, string message) : base(message) => Kind = kind;

    /// <summary>A bad-data failure without a message (the pattern's parameterless constructor).</summary>
    public FragilityException() : this(FailureKind.BadData, "fragility: unspecified failure") { }

    /// <summary>A bad-data failure.</summary>
    public FragilityException(string message) : this(FailureKind.BadData, message) { }

    /// <summary>A bad-data failure caused by <paramref name="innerException"/>.</summary>
    public FragilityException(string message, Exception innerException) : base(message, innerException) => Kind = FailureKind.BadData;

    /// <summary>Whether the fault lies with the data or with how the tool was called.</summary>
    public FailureKind Kind { get; }

    /// <summary>A problem located in a file: "<c>file:line:column: message</c>" (line and column 1-based, omitted when unknown).</summary>
    public static FragilityException InFile(string file, long lineNumber, string? column, string message)
    {
        var where = file;
        if (lineNumber > 0) where += $":{lineNumber}";
        if (!string.IsNullOrEmpty(column)) where += $": column '{column}'";
        return new FragilityException(FailureKind.BadData, $"{where}: {message}");
    }
}
