using FragilityIndex.Diagnostics;

namespace FragilityIndex.Cli.Output;

/// <summary>
/// Turns the file system's exceptions into one line that names the path: .NET's own messages often do not
/// ("Device or resource busy", "Directory not empty").
/// </summary>
internal static class FileSystemErrors
{
    public static void Named(string path, Action action) => Named(path, () =>
    {
        action();
        return 0;
    });

    public static T Named<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FragilityException(FailureKind.BadData, $"{path}: {Describe(e)}");
        }
    }

    /// <summary>The exception's message without a path it may already carry, so the path is not said twice.</summary>
    public static string Describe(Exception e)
    {
        var message = e.Message.Split('\n')[0].Trim();
        return e switch
        {
            UnauthorizedAccessException => $"access denied ({message})",
            _ => message,
        };
    }
}
