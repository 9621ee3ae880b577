namespace Resampling.Data.Sas7bdat;

/// <summary>A SAS7BDAT file as read: the table plus the metadata that a <see cref="DataTable"/> has no room for.</summary>
/// <param name="Columns">One entry per column of <paramref name="Table"/>, in the same order.</param>
/// <param name="Encoding">The .NET name of the character encoding used for text values.</param>
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
