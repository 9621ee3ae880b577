namespace Resampling.Data.Sas7bdat;

/// <summary>What a SAS7BDAT file says about one column beyond its values.</summary>
/// <param name="Name">The column's name as the file stores it.</param>
/// <param name="Label">The column's label; empty when none.</param>
/// <param name="Format">The SAS format name as stored, e.g. "DATE" or "DATETIME"; empty when none.</param>
/// <param name="Kind">Numeric or text.</param>
/// <param name="Width">Bytes the column takes in a row: 3 to 8 for numbers, the declared length for text.</param>
public sealed record Sas7bdatColumn(string Name, string Label, string Format, ColumnKind Kind, int Width)
{
    /// <summary>Whether the numbers are dates, datetimes or times, judged from <see cref="Format"/>.</summary>
    public SasTemporalKind Temporal => Kind == ColumnKind.Numeric ? SasFormats.Classify(Format) : SasTemporalKind.None;

    public bool IsDate => Temporal == SasTemporalKind.Date;
    public bool IsDateTime => Temporal == SasTemporalKind.DateTime;
}
