using Resampling.Data.Sas7bdat;
using Resampling.Data.Spss;
using Resampling.Data.Stata;

namespace Resampling.Data;

/// <summary>Reads a data file, choosing the format by content: SAS7BDAT, Stata .dta and SPSS .sav/.zsav by their first bytes, otherwise CSV.</summary>
public static class TableReader
{
    /// <param name="path">The file.</param>
    /// <param name="delimiter">The CSV delimiter (other formats ignore it).</param>
    /// <param name="codes">Keep the numeric codes of value-labelled variables (Stata, SPSS) instead of their labels.</param>
    public static DataTable Read(string path, char delimiter = ',', bool codes = false)
    {
        if (!File.Exists(path)) throw new DataException($"Cannot read '{path}': no such file.");
        bool sas, stata, spss;
        try
        {
            using var f = File.OpenRead(path);
            // A pipe (/dev/stdin, a process substitution) cannot be rewound after the format is sniffed, nor read twice:
            // read it into memory once.
            if (!f.CanSeek) return Read(f, path, delimiter, codes);
            var header = new byte[64];
            int read = f.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            sas = Sas7bdatReader.LooksLikeSas7bdat(header.AsSpan(0, read));
            stata = StataReader.LooksLikeStata(header.AsSpan(0, read));
            spss = SpssReader.LooksLikeSpss(header.AsSpan(0, read));
        }
        catch (IOException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        return sas ? Sas7bdatReader.Read(path) : stata ? StataReader.Read(path, codes) : spss ? SpssReader.Read(path, codes)
            : CsvTableReader.Read(path, delimiter);
    }

    /// <summary>Reads a stream that may not seek, such as standard input, by holding its bytes in memory.</summary>
    internal static DataTable Read(Stream stream, string sourceName, char delimiter = ',', bool codes = false)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        var header = bytes.AsSpan(0, Math.Min(64, bytes.Length));
        return Sas7bdatReader.LooksLikeSas7bdat(header) ? Sas7bdatReader.Read(new MemoryStream(bytes, writable: false))
            : StataReader.LooksLikeStata(header) ? StataReader.Read(bytes, sourceName, codes)
            : SpssReader.LooksLikeSpss(header) ? SpssReader.Read(bytes, sourceName, codes)
            : CsvTableReader.Read(bytes, sourceName, delimiter);
    }
}
