namespace Resampling.Data.Sas7bdat;

/// <summary>What a page holds, from the 16-bit type field of its header.</summary>
internal enum PageType { Meta, Data, Mix, Skip }

internal static class PageTypes
{
    /// <summary>
    /// The low bits of the high byte give the kind (0 meta, 1 data, 2 mix, 4 amendment, read as meta).
    /// Compressed files add flag bits: 0x4000 marks meta pages, 0x9000 pages of index tables
    /// that a sequential reader does not need.
    /// </summary>
    public static PageType Classify(ushort type, int page)
    {
        if ((type & 0x9000) != 0) return PageType.Skip;
        return (type & 0x0F00) switch
        {
            0x0000 or 0x0400 => PageType.Meta,
            0x0100 => PageType.Data,
            0x0200 => PageType.Mix,
            _ => throw new DataException($"Page {page} has unsupported page type 0x{type:X4}."),
        };
    }
}
