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

    /// <summary>
    /// What <paramref name="path"/> is, links followed: "file" for a regular file, otherwise "directory", "FIFO",
    /// "character device", "block device" or "socket" (so that a reader is never handed what would block or never
    /// end), or null when it does not exist. Off Linux only files and directories are told apart.
    /// </summary>
    public static string? KindOf(string path)
    {
        if (Directory.Exists(path)) return "directory";
        if (!File.Exists(path)) return null;
        if (!OperatingSystem.IsLinux()) return "file";
        // statx's buffer has the same layout on every architecture; stx_mode is the 16-bit field at offset 28.
        Span<byte> buffer = stackalloc byte[256];
        int result;
        try
        {
            result = Statx(AtCurrentDirectory, path, 0, StatxType, ref buffer.GetPinnableReference());
        }
        catch (EntryPointNotFoundException)
        {
            return "file";
        }

        if (result != 0) return "file";
        var mode = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]) & 0xF000;
        return mode switch
        {
            0x8000 => "file",
            0x4000 => "directory",
            0x1000 => "FIFO",
            0x2000 => "character device",
            0x6000 => "block device",
            0xC000 => "socket",
            _ => "special file",
        };
    }

    private const uint StatxType = 0x1;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
