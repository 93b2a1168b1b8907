using System.Runtime.InteropServices;

namespace Public.Web.Export;

/// <summary>
/// The two file-system steps that make an incremental export atomic: unchanged files enter the new tree as hard links
/// to the previous export's (no copy, same write time), and the finished tree takes the target's place in one rename.
/// </summary>
internal static class FolderSwap
{
    private const int AtCurrentFolder = -100;
    private const uint RenameExchange = 2;

    /// <summary>Makes <paramref name="created"/> a second name of <paramref name="existing"/>; copies it where the file system cannot link (another device, Windows).</summary>
    public static void HardLinkOrCopy(string existing, string created)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            try
            {
                if (Link(existing, created) == 0)
                {
                    return;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // No libc to call: copy below.
            }
        }

        File.Copy(existing, created, overwrite: false);
        File.SetLastWriteTimeUtc(created, File.GetLastWriteTimeUtc(existing));
    }

    /// <summary>
    /// Puts the folder <paramref name="staged"/> at <paramref name="target"/> and the old target at <paramref name="staged"/>.
    /// On Linux one <c>renameat2(RENAME_EXCHANGE)</c>: a reader sees the whole old export or the whole new one. Elsewhere
    /// (or on a file system without it) two renames, between which the target is briefly absent; a crash there leaves
    /// the old export complete under the staging name.
    /// </summary>
    public static void Exchange(string staged, string target)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (RenameAt2(AtCurrentFolder, staged, AtCurrentFolder, target, RenameExchange) == 0)
                {
                    return;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // An old C library: the two renames below.
            }
        }

        var aside = staged + ".old";
        Directory.Move(target, aside);
        Directory.Move(staged, target);
        Directory.Move(aside, staged);
    }

    private static int Link(string existing, string created) => LinkNative(Utf8(existing), Utf8(created));

    private static int RenameAt2(int fromFolder, string from, int toFolder, string to, uint flags) => RenameAt2Native(fromFolder, Utf8(from), toFolder, Utf8(to), flags);

    /// <summary>A path as the C library takes it: UTF-8, NUL-terminated (byte arrays: no string marshalling to get wrong).</summary>
    private static byte[] Utf8(string path) => System.Text.Encoding.UTF8.GetBytes(path + "\0");

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code enabled for the whole app.
    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int LinkNative(byte[] existing, byte[] created);

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int RenameAt2Native(int fromFolder, byte[] from, int toFolder, byte[] to, uint flags);
}
