namespace Resampling.Data.Sas7bdat;

/// <summary>The columns' positions in a decompressed row, and the row's length.</summary>
internal sealed record ColumnLayout(Metadata.Attribute[] Slots, int RowLength);
