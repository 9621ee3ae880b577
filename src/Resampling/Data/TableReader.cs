using Resampling.Data.Excel;
using Resampling.Data.Parquet;
using Resampling.Data.Sas7bdat;
using Resampling.Data.Spss;
using Resampling.Data.Stata;

namespace Resampling.Data;

/// <summary>
/// Reads a data file, choosing the format by content: SAS7BDAT, Stata .dta, SPSS .sav/.zsav and Parquet by their
/// first bytes, an Excel workbook by its zip archive's xl/workbook.xml, otherwise CSV.
/// </summary>
public static class TableReader
{
    /// <param name="path">The file.</param>
    /// <param name="delimiter">The CSV delimiter (other formats ignore it).</param>
    /// <param name="codes">Keep the numeric codes of value-labelled variables (Stata, SPSS) instead of their labels.</param>
    public static DataTable Read(string path, char delimiter = ',', bool codes = false) =>
        Read(path, new TableReadOptions { Delimiter = delimiter, Codes = codes });

    public static DataTable Read(string path, TableReadOptions options)
    {
        if (!File.Exists(path)) throw new DataException($"Cannot read '{path}': no such file.");
        byte[] header;
        int read;
        try
        {
            using var f = File.OpenRead(path);
            // A pipe (/dev/stdin, a process substitution) cannot be rewound after the format is sniffed, nor read twice:
            // read it into memory once.
            if (!f.CanSeek) return Read(f, path, options);
            header = new byte[64];
            read = f.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (IOException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        var head = header.AsSpan(0, read);
        if (ExcelTableReader.LooksLikeZip(head))
        {
            using var zip = File.OpenRead(path);
            return ExcelTableReader.LooksLikeXlsx(zip) ? ExcelTableReader.Read(zip, Path.GetFileName(path), options.Sheet, options.Columns) : NotAWorkbook(path);
        }
        if (options.Sheet is not null) throw new DataException($"'{path}' is not an Excel workbook: --sheet applies only to .xlsx files.");
        return Sas7bdatReader.LooksLikeSas7bdat(head) ? Sas7bdatReader.Read(path, options.Columns)
            : StataReader.LooksLikeStata(head) ? StataReader.Read(path, options.Codes, options.Columns)
            : SpssReader.LooksLikeSpss(head) ? SpssReader.Read(path, options.Codes, options.Columns)
            : ParquetTableReader.LooksLikeParquet(head) ? ParquetTableReader.Read(path, options.Columns)
            : CsvTableReader.Read(path, options.Delimiter, options.Columns);
    }

    /// <summary>Reads a stream that may not seek, such as standard input, by holding its bytes in memory.</summary>
    internal static DataTable Read(Stream stream, string sourceName, char delimiter = ',', bool codes = false) =>
        Read(stream, sourceName, new TableReadOptions { Delimiter = delimiter, Codes = codes });

    internal static DataTable Read(Stream stream, string sourceName, TableReadOptions options)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        var header = bytes.AsSpan(0, Math.Min(64, bytes.Length));
        if (ExcelTableReader.LooksLikeZip(header))
        {
            var zip = new MemoryStream(bytes, writable: false);
            return ExcelTableReader.LooksLikeXlsx(zip) ? ExcelTableReader.Read(zip, sourceName, options.Sheet, options.Columns) : NotAWorkbook(sourceName);
        }
        if (options.Sheet is not null) throw new DataException($"'{sourceName}' is not an Excel workbook: --sheet applies only to .xlsx files.");
        return Sas7bdatReader.LooksLikeSas7bdat(header) ? Sas7bdatReader.Read(new MemoryStream(bytes, writable: false), options.Columns)
            : StataReader.LooksLikeStata(header) ? StataReader.Read(bytes, sourceName, options.Codes, options.Columns)
            : SpssReader.LooksLikeSpss(header) ? SpssReader.Read(bytes, sourceName, options.Codes, options.Columns)
            : ParquetTableReader.LooksLikeParquet(header) ? ParquetTableReader.Read(new MemoryStream(bytes, writable: false), sourceName, options.Columns)
            : CsvTableReader.Read(bytes, sourceName, options.Delimiter, options.Columns);
    }

    private static DataTable NotAWorkbook(string source) =>
        throw new DataException($"'{source}' is a zip archive but not an Excel workbook (.xlsx): no xl/workbook.xml inside.");
}
