using Resampling.Data.Sas7bdat;

namespace Resampling.Data;

/// <summary>Reads a data file, choosing the format by content: SAS7BDAT by its magic number, otherwise CSV.</summary>
public static class TableReader
{
    public static DataTable Read(string path, char delimiter = ',')
    {
        if (!File.Exists(path)) throw new DataException($"Cannot read '{path}': no such file.");
        bool sas;
        try
        {
            using var f = File.OpenRead(path);
            // A pipe (/dev/stdin, a process substitution) cannot be rewound after the format is sniffed, nor read twice:
            // read it into memory once.
            if (!f.CanSeek) return Read(f, path, delimiter);
            var header = new byte[64];
            int read = f.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            sas = Sas7bdatReader.LooksLikeSas7bdat(header.AsSpan(0, read));
        }
        catch (IOException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        return sas ? Sas7bdatReader.Read(path) : CsvTableReader.Read(path, delimiter);
    }

    /// <summary>Reads a stream that may not seek, such as standard input, by holding its bytes in memory.</summary>
    internal static DataTable Read(Stream stream, string sourceName, char delimiter = ',')
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        return Sas7bdatReader.LooksLikeSas7bdat(bytes.AsSpan(0, Math.Min(64, bytes.Length)))
            ? Sas7bdatReader.Read(new MemoryStream(bytes, writable: false))
            : CsvTableReader.Read(bytes, sourceName, delimiter);
    }
}
