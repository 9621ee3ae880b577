namespace Resampling.Data.Spss;

/// <summary>How the cases of a system file are stored.</summary>
public enum SpssCompression
{
    /// <summary>Compression 0: each case is its 8-byte elements.</summary>
    None,
    /// <summary>Compression 1: bytecode (command bytes, small integers in one byte, spaces and missing values in none).</summary>
    Bytecode,
    /// <summary>Compression 2 (.zsav): the bytecode stream cut into zlib-compressed blocks.</summary>
    Zlib,
}

/// <summary>One column of an SPSS file, with what a <see cref="DataTable"/> has no room for.</summary>
/// <param name="Name">The column's name (the long name when the file has one).</param>
/// <param name="Label">The variable label, empty when there is none.</param>
/// <param name="Format">The print format as SPSS writes it ("F8.2", "DATE11", "A300").</param>
/// <param name="Temporal">What the format says the numbers mean (dates and times stay numbers in SPSS's units).</param>
/// <param name="Width">0 for a numeric variable, the string width in bytes otherwise.</param>
/// <param name="ValueLabels">How many values have a label.</param>
/// <param name="UserMissing">Whether the variable declares user-defined missing values (read as missing).</param>
public sealed record SpssVariableInfo(string Name, string Label, string Format, SpssTemporalKind Temporal, int Width, int ValueLabels,
    bool UserMissing);

/// <summary>An SPSS system file as read: the table plus the metadata that a <see cref="DataTable"/> has no room for.</summary>
/// <param name="Table">The values, one column per variable.</param>
/// <param name="Variables">One entry per column of <paramref name="Table"/>, in the same order.</param>
/// <param name="FileLabel">The file label from the header.</param>
/// <param name="Encoding">The .NET name of the character encoding used for text.</param>
/// <param name="Compression">How the cases are stored.</param>
/// <param name="IsLittleEndian">Whether the file's numbers are little-endian.</param>
public sealed record SpssFile(DataTable Table, IReadOnlyList<SpssVariableInfo> Variables, string FileLabel, string Encoding,
    SpssCompression Compression, bool IsLittleEndian)
{
    public SpssVariableInfo Variable(string name) =>
        Variables.FirstOrDefault(v => v.Name == name) ?? throw new DataException($"Unknown column '{name}'.");
}
