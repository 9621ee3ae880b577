namespace Resampling.Cli;

/// <summary>
/// Checks where a command will write before it reads data or computes anything, so that a typo in a folder name or a
/// read-only place is reported at once (exit 73) instead of after a long run whose results would then be lost.
/// </summary>
internal static class OutputPaths
{
    /// <summary>A file to be written: its folder must exist and accept new files; it must not be a folder itself.</summary>
    public static void CheckFile(string? path, string option)
    {
        if (path is null) return;
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException($"{option} needs a file name.");
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new IOException($"{option} '{path}' is a folder, not a file.");
        string folder = Path.GetDirectoryName(full) ?? full;
        if (!Directory.Exists(folder)) throw new IOException($"{option} '{path}': the folder '{folder}' does not exist.");
        CheckWritable(folder, option, path);
    }

    /// <summary>
    /// A folder to write into, created if missing: its parent must then exist (a typo in a parent is not silently
    /// created), and the folder, or the parent it will be created in, must accept new files.
    /// </summary>
    public static void CheckFolder(string? path, string option)
    {
        if (path is null) return;
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException($"{option} needs a folder name.");
        string full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new IOException($"{option} '{path}' is a file, not a folder.");
        if (Directory.Exists(full))
        {
            CheckWritable(full, option, path);
            return;
        }
        string parent = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) ?? full;
        if (!Directory.Exists(parent)) throw new IOException($"{option} '{path}': the folder '{parent}' does not exist.");
        CheckWritable(parent, option, path);
    }

    // Permissions alone do not tell (read-only mounts, /proc, ACLs): create and delete a file as the real write will.
    private static void CheckWritable(string folder, string option, string path)
    {
        string probe = Path.Combine(folder, $".resampling-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option} '{path}': cannot write in the folder '{folder}' ({e.GetType().Name.Replace("Exception", "")}).");
        }
    }
}
