namespace Resampling.Data.Sas7bdat;

/// <summary>A SAS7BDAT file as read: the table plus the metadata that a <see cref="DataTable"/> has no room for.</summary>
/// <param name="Table">The values, one column per SAS variable.</param>
/// <param name="Columns">One entry per column of <paramref name="Table"/>, in the same order.</param>
/// <param name="DatasetName">The data set name stored in the file header.</param>
/// <param name="Encoding">The .NET name of the character encoding used for text values.</param>
/// <param name="Compression">The row compression the file uses, if any.</param>
/// <param name="Is64Bit">Whether the file has the 64-bit layout.</param>
/// <param name="IsLittleEndian">Whether the file's numbers are little-endian.</param>
public sealed record Sas7bdatFile(
    DataTable Table,
    IReadOnlyList<Sas7bdatColumn> Columns,
    string DatasetName,
    string Encoding,
    SasCompression Compression,
    bool Is64Bit,
    bool IsLittleEndian)
{
    public Sas7bdatColumn Column(string name) =>
        Columns.FirstOrDefault(c => c.Name == name) ?? throw new DataException($"Unknown column '{name}'.");
}
