namespace Resampling.Data.Sas7bdat;

/// <summary>
/// Reads SAS7BDAT data sets: 32- and 64-bit layouts, either byte order, uncompressed or with
/// RLE (COMPRESS=CHAR) or RDC (COMPRESS=BINARY) rows. Numbers become numeric columns (dates stay
/// numbers: see <see cref="ReadWithInfo(string, IReadOnlySet{string})"/>), text becomes text columns, SAS missing values
/// and blank strings become missing. Any problem with the file is reported as a <see cref="DataException"/>.
/// </summary>
public static class Sas7bdatReader
{
    public static DataTable Read(string path) => ReadWithInfo(path).Table;

    /// <param name="path">The file.</param>
    /// <param name="columns">The columns to keep, or null for all (the others are decoded with each row, not stored).</param>
    public static DataTable Read(string path, IReadOnlySet<string>? columns) => ReadWithInfo(path, columns).Table;

    public static DataTable Read(Stream stream, IReadOnlySet<string>? columns = null) => ReadWithInfo(stream, columns).Table;

    /// <summary>The table plus each column's SAS format (so dates can be told from numbers), label and storage width.</summary>
    public static Sas7bdatFile ReadWithInfo(string path, IReadOnlySet<string>? columns = null)
    {
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DataException($"Cannot open '{path}': {e.Message}", e);
        }
        using (stream)
        {
            try { return ReadWithInfo(stream, columns); }
            catch (DataException e) { throw new DataException($"{path}: {e.Message}", e); }
        }
    }

    public static Sas7bdatFile ReadWithInfo(Stream stream, IReadOnlySet<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try { return Sas7bdatParser.Parse(stream, columns); }
        catch (DataException) { throw; }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Every offset is checked, so this is a reader bug; the caller still gets the promised exception type.
            throw new DataException($"Unreadable SAS7BDAT file (internal error {e.GetType().Name}: {e.Message})", e);
        }
    }

    /// <summary>Whether the bytes start with the SAS7BDAT magic number (needs the first 32 bytes).</summary>
    public static bool LooksLikeSas7bdat(ReadOnlySpan<byte> header) => FileHeader.HasMagic(header);
}
