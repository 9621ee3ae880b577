using System.Text;

namespace Resampling.Data.Spss;

/// <summary>
/// Reads SPSS system files (.sav, and .zsav with zlib-compressed data), in either byte order, uncompressed or bytecode
/// compressed. Numeric variables become numeric columns, with the system-missing value and user-defined missing values
/// (discrete values and ranges) as missing; string variables (up to 255 bytes, and very long strings joined from their
/// segments) become text columns, trailing spaces dropped, the empty string and user-missing strings as missing. A
/// variable with value labels becomes a text column of its labels (a value without a label keeps its value as text, as
/// haven's as_factor does), unless <c>codes</c> asks for the stored values. Dates and times stay numbers in SPSS's
/// units (seconds since 1582-10-14), their formats exposed by <see cref="ReadWithInfo(byte[], string, bool, IReadOnlySet{string})"/>. Every
/// offset and length is checked: a truncated or corrupt file is a <see cref="DataException"/> naming the file and the
/// position. Layout: docs/data-formats.md.
/// </summary>
public static class SpssReader
{
    static SpssReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Whether the first bytes are a system file's: "$FL2" (.sav) or "$FL3" (.zsav).</summary>
    public static bool LooksLikeSpss(ReadOnlySpan<byte> header) => header.StartsWith("$FL2"u8) || header.StartsWith("$FL3"u8);

    /// <param name="path">The file.</param>
    /// <param name="codes">Keep the stored values of value-labelled variables instead of their labels.</param>
    /// <param name="columns">The variables to keep, or null for all (the others are decoded with each case, not stored).</param>
    public static DataTable Read(string path, bool codes = false, IReadOnlySet<string>? columns = null) => ReadWithInfo(path, codes, columns).Table;

    public static DataTable Read(byte[] bytes, string sourceName, bool codes = false, IReadOnlySet<string>? columns = null) =>
        ReadWithInfo(bytes, sourceName, codes, columns).Table;

    public static SpssFile ReadWithInfo(string path, bool codes = false, IReadOnlySet<string>? columns = null)
    {
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new DataException($"Cannot read '{path}': {e.Message}", e);
        }
        using (stream)
        {
            try { return ReadWithInfo(stream, Path.GetFileName(path), codes, columns); }
            catch (IOException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        }
    }

    /// <summary>The table plus each column's label, print format (so dates can be told from numbers), width and labels.</summary>
    public static SpssFile ReadWithInfo(byte[] bytes, string sourceName, bool codes = false, IReadOnlySet<string>? columns = null) =>
        ReadWithInfo(new MemoryStream(bytes, writable: false), sourceName, codes, columns);

    /// <summary>
    /// Reads a seekable stream: the dictionary from a prefix of the file (doubled until the records fit), then the data
    /// a megabyte (or a zlib block) at a time, so the file is never held whole.
    /// </summary>
    public static SpssFile ReadWithInfo(Stream stream, string sourceName, bool codes = false, IReadOnlySet<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            var (d, prefix) = Dictionary(stream);
            var encoding = EncodingOf(d);
            var variables = SpssVariables.Build(d, prefix, encoding);
            var table = SpssData.Read(d, stream, variables, encoding, codes, columns);
            var info = variables.Where(v => table.Contains(v.Name)).Select(v => new SpssVariableInfo(v.Name, v.Label, SpssFormats.Describe(v.Print),
                v.IsNumeric ? SpssFormats.Classify(v.Print) : SpssTemporalKind.None, v.Width, v.LabelCount, v.HasUserMissing)).ToList();
            return new SpssFile(table, info, SpssVariables.Text(d.FileLabel, encoding), encoding.WebName, (SpssCompression)d.Compression, d.LittleEndian);
        }
        catch (DataException e)
        {
            throw new DataException($"'{sourceName}' is not a readable SPSS file: {e.Message}", e);
        }
    }

    /// <summary>
    /// The dictionary, parsed from the first 64 KB of the file, or twice that, and so on: a record that seems to run
    /// past the prefix is read again from a longer one, so only the whole file's end is an error.
    /// </summary>
    private static (SpssDictionary, byte[]) Dictionary(Stream stream)
    {
        long length = stream.Length;
        for (long size = Math.Min(length, 1 << 16); ; size = Math.Min(length, 2 * size))
        {
            var prefix = new byte[size];
            stream.Position = 0;
            stream.ReadExactly(prefix);
            try { return (SpssDictionary.Parse(prefix), prefix); }
            catch (DataException) when (size < length) { }
        }
    }

    /// <summary>
    /// The encoding the character-encoding record (subtype 20) names; failing that the machine record's character code
    /// (a Windows code page number; 2 and 3 are ASCII); failing that Windows-1252, what SPSS wrote before encodings were recorded.
    /// </summary>
    private static Encoding EncodingOf(SpssDictionary d)
    {
        if (d.EncodingName is { } raw)
        {
            string name = Encoding.ASCII.GetString(raw).TrimEnd('\0', ' ');
            try { return Encoding.GetEncoding(name); }
            catch (ArgumentException e) { throw new DataException($"the character encoding '{name}' is not one this reader knows", e); }
        }
        int code = d.CharacterCode;
        if (code is 0 or 2 or 3) return Encoding.GetEncoding(1252);
        if (code == 1) throw new DataException("EBCDIC files (character code 1) are not supported");
        try { return Encoding.GetEncoding(code); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new DataException($"character code {code} of the machine integer record is not an encoding this reader knows", e);
        }
    }
}
