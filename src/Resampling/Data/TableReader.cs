using Resampling.Data.Sas7bdat;

namespace Resampling.Data;

/// <summary>Reads a data file, choosing the format by content: SAS7BDAT by its magic number, otherwise CSV.</summary>
public static class TableReader
{
    public static DataTable Read(string path, char delimiter = ',')
    {
        if (!File.Exists(path)) throw new DataException($"Cannot read '{path}': no such file.");
        var header = new byte[64];
        int read;
        try
        {
            using var f = File.OpenRead(path);
            read = f.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (IOException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new DataException($"Cannot read '{path}': {e.Message}", e); }
        return Sas7bdatReader.LooksLikeSas7bdat(header.AsSpan(0, read))
            ? Sas7bdatReader.Read(path)
            : CsvTableReader.Read(path, delimiter);
    }
}
