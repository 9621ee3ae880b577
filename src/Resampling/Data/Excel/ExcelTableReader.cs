using System.Globalization;
using System.IO.Compression;
using ExcelDataReader;

namespace Resampling.Data.Excel;

/// <summary>
/// Reads one worksheet of an Excel workbook (.xlsx) through ExcelDataReader: the first row names the columns, each
/// later row is a row of the table (an empty row is skipped, as a blank CSV line). A column is numeric when every
/// non-missing cell is a number, a boolean (0/1), a date or a text that parses as a number (as a CSV column); otherwise
/// it is text, numbers written as R would show them. Empty cells, blank texts, <c>NA</c> and <c>.</c> are missing, as in
/// CSV; so are error cells (<c>#DIV/0!</c>), as R's readxl reads them. Dates are days and date-times seconds since
/// 1960-01-01 (the SAS epoch, as the SAS and Stata readers keep them): a cell's number format with an hour or second
/// field makes it a date-time. A corrupt file is one <see cref="DataException"/> naming the file.
/// </summary>
public static class ExcelTableReader
{
    /// <summary>Whether <paramref name="stream"/> (at its start, seekable) is a zip archive holding xl/workbook.xml.</summary>
    public static bool LooksLikeXlsx(Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4 || !magic.SequenceEqual("PK\x03\x04"u8)) return false;
        stream.Position = 0;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            return zip.GetEntry("xl/workbook.xml") is not null;
        }
        catch (InvalidDataException) { return false; }
        finally { stream.Position = 0; }
    }

    /// <summary>Whether the first bytes are a zip archive's (an .xlsx is one; <see cref="LooksLikeXlsx"/> looks inside).</summary>
    public static bool LooksLikeZip(ReadOnlySpan<byte> header) => header.StartsWith("PK\x03\x04"u8);

    public static DataTable Read(string path, string? sheet = null, IReadOnlySet<string>? columns = null)
    {
        FileStream stream;
        try { stream = File.OpenRead(path); }
        catch (IOException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        using (stream) return Read(stream, Path.GetFileName(path), sheet, columns);
    }

    /// <param name="stream">A seekable stream of the workbook.</param>
    /// <param name="sourceName">The file's name, for messages.</param>
    /// <param name="sheet">The worksheet, by name or 1-based position; null for the first.</param>
    /// <param name="columns">The columns to keep, or null for all.</param>
    public static DataTable Read(Stream stream, string sourceName, string? sheet = null, IReadOnlySet<string>? columns = null)
    {
        try
        {
            _ = CodePages.Value;
            VerifyChecksums(stream, sourceName);
            using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
            MoveTo(reader, sheet);
            return ReadSheet(reader, columns);
        }
        catch (DataException e) { throw new DataException($"'{sourceName}': {e.Message}", e); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A corrupt workbook can make the library fail in any way (zip, XML, index): one line naming the file.
            throw new DataException($"'{sourceName}' is not a readable Excel workbook: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// Every zip entry's CRC-32 checked against its content before the workbook is parsed: the zip reader does not check
    /// it, so a corrupt compressed part could otherwise decode to different cells without any error (seen in the seeded
    /// corruption test). Costs one more decompression of the parts.
    /// </summary>
    private static void VerifyChecksums(Stream stream, string sourceName)
    {
        long start = stream.Position;
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
        {
            var crc = new System.IO.Hashing.Crc32();
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                crc.Reset();
                using var part = entry.Open();
                int n;
                while ((n = part.Read(buffer, 0, buffer.Length)) > 0) crc.Append(buffer.AsSpan(0, n));
                if (crc.GetCurrentHashAsUInt32() != entry.Crc32)
                    throw new DataException($"its part '{entry.FullName}' fails its CRC-32 check (the file is corrupt)");
            }
        }
        stream.Position = start;
    }

    // ExcelDataReader's configuration asks for code page 1252 (its fallback for legacy files) even for .xlsx, which .NET
    // knows only once the code-page provider is registered: done on the first workbook, so CSV reading never pays it.
    private static readonly Lazy<bool> CodePages = new(() =>
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return true;
    });

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private static void MoveTo(IExcelDataReader reader, string? sheet)
    {
        if (sheet is null) return;
        var names = new List<string>();
        do
        {
            if (reader.Name == sheet) return;
            names.Add(reader.Name);
        }
        while (reader.NextResult());
        // Not a sheet's name: a 1-based position, as R's readxl takes sheet = 2.
        if (int.TryParse(sheet, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k >= 1 && k <= names.Count)
        {
            reader.Reset();
            for (int i = 1; i < k; i++) reader.NextResult();
            return;
        }
        throw new DataException($"no worksheet '{sheet}'; the sheets are {string.Join(", ", names.Select(n => $"'{n}'"))} (or give a position, 1 to {names.Count}).");
    }

    private static DataTable ReadSheet(IExcelDataReader reader, IReadOnlySet<string>? wanted)
    {
        if (!reader.Read()) throw new DataException($"worksheet '{reader.Name}' is empty: a header row is required.");
        int width = 0;
        for (int c = 0; c < reader.FieldCount; c++)
            if (!IsBlank(reader.GetValue(c))) width = c + 1;
        if (width == 0) throw new DataException($"worksheet '{reader.Name}' has an empty header row.");
        var names = new string[width];
        for (int c = 0; c < width; c++)
            names[c] = reader.GetValue(c) is { } v && !IsBlank(v) ? Text(v).Trim() : $"V{c + 1}";
        var dup = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new DataException($"worksheet '{reader.Name}' has two columns named '{dup.Key}'.");
        var builders = new ExcelColumnBuilder?[width];
        for (int c = 0; c < width; c++)
            if (wanted is null || wanted.Contains(names[c])) builders[c] = new ExcelColumnBuilder(names[c]);
        int row = 1;
        while (reader.Read())
        {
            row++;
            int fields = reader.FieldCount;
            bool empty = true;
            for (int c = 0; c < fields && empty; c++) empty = IsBlank(reader.GetValue(c));
            if (empty) continue;
            for (int c = width; c < fields; c++)
                if (!IsBlank(reader.GetValue(c)))
                    throw new DataException($"worksheet '{reader.Name}' row {row}: a value in column {c + 1}, right of the last named column ({width}).");
            for (int c = 0; c < width; c++)
                builders[c]?.Add(c < fields ? reader.GetValue(c) : null, c < fields ? reader.GetNumberFormatString(c) : null);
        }
        return new DataTable(builders.Where(b => b is not null).Select(b => b!.Build()).ToArray(), wanted is null ? null : names);
    }

    private static bool IsBlank(object? value) => value is null || value is string s && string.IsNullOrWhiteSpace(s);

    internal static string Text(object value) => value switch
    {
        string s => s,
        double d => DataColumn.FormatNumber(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
