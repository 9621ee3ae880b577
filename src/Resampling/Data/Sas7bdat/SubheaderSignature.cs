namespace Resampling.Data.Sas7bdat;

/// <summary>The first word of a metadata subheader, which says what it holds.</summary>
internal static class SubheaderSignature
{
    public const uint RowSize = 0xF7F7F7F7;
    public const uint ColumnSize = 0xF6F6F6F6;
    public const uint Counts = 0xFFFFFC00;
    public const uint ColumnFormat = 0xFFFFFBFE;
    public const uint ColumnAttributes = 0xFFFFFFFC;
    public const uint ColumnText = 0xFFFFFFFD;
    public const uint ColumnList = 0xFFFFFFFE;
    public const uint ColumnName = 0xFFFFFFFF;

    /// <summary>Signatures -1 to -8 all describe columns; those not listed above carry nothing a reader needs.</summary>
    private const uint ColumnFamilyMask = 0xFFFFFFF8;

    public static bool IsKnown(uint signature) =>
        signature is RowSize or ColumnSize or Counts or ColumnFormat
        || (signature & ColumnFamilyMask) == ColumnFamilyMask;

    /// <summary>
    /// The signature as a 32-bit value. In the 64-bit layout the word is 8 bytes and the meaningful
    /// half can be either one: the other half is then all zeros or all ones.
    /// </summary>
    public static uint Read(ByteView page, long offset, bool is64)
    {
        uint first = page.U32(offset, "subheader signature");
        if (is64 && first is 0 or 0xFFFFFFFF)
            return page.U32(offset + 4, "subheader signature");
        return first;
    }
}
