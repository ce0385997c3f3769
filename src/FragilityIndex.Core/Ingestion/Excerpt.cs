namespace FragilityIndex.Ingestion;

/// <summary>
/// A piece of a file quoted in a message: control characters, NULs and undecodable bytes shown as '?', and never more
/// than a few dozen characters, so that a message stays one readable line whatever the file holds.
/// </summary>
internal static class Excerpt
{
    /// <summary>At most <paramref name="length"/> characters of <paramref name="text"/>, printable.</summary>
    public static string Of(string text, int length = 40)
    {
        var shown = new string(text.Take(length).Select(c => char.IsControl(c) || c == '\uFFFD' || char.IsSurrogate(c) ? '?' : c).ToArray());
        return text.Length > length ? shown + "…" : shown;
    }
}
