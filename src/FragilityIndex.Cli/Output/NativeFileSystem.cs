using System.Runtime.InteropServices;

namespace FragilityIndex.Cli.Output;

/// <summary>
/// The two POSIX calls .NET does not offer: renameat2 with RENAME_EXCHANGE, which swaps two folders in one atomic
/// step (so a crash leaves either the old or the new folder at the target, never neither), and realpath, which
/// resolves symbolic links so that "is this folder inside that one" compares the folders themselves.
/// </summary>
internal static partial class NativeFileSystem
{
    private const int AtCurrentDirectory = -100;
    private const uint RenameExchange = 2;

    /// <summary>Swaps two existing folders atomically; false when the system or the file system cannot (then the caller falls back).</summary>
    public static bool TryExchange(string first, string second)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            if (RenameAt2(AtCurrentDirectory, first, AtCurrentDirectory, second, RenameExchange) == 0) return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library older than glibc 2.28
        }

        var errno = Marshal.GetLastPInvokeError();
        // ENOSYS (no such call), EINVAL (not supported by this file system): fall back. Anything else is a real failure.
        if (errno is 38 or 22) return false;
        throw new IOException($"cannot swap '{second}' with '{first}': {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    /// <summary>The canonical path of an existing file or folder (links resolved), or the full path when it cannot be resolved.</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows()) return full;
        try
        {
            var resolved = RealPathNative(full, IntPtr.Zero);
            if (resolved == IntPtr.Zero) return full;
            try
            {
                return Marshal.PtrToStringUTF8(resolved) ?? full;
            }
            finally
            {
                Free(resolved);
            }
        }
        catch (EntryPointNotFoundException)
        {
            return full;
        }
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
