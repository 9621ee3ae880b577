using System.Text;

namespace Resampling.Data.Sas7bdat;

/// <summary>The fixed part of a SAS7BDAT file before the first page.</summary>
internal sealed record FileHeader(
    bool Is64Bit,
    bool LittleEndian,
    byte EncodingCode,
    Encoding Encoding,
    string DatasetName,
    int HeaderLength,
    int PageSize,
    long PageCount)
{
    /// <summary>Enough bytes to reach every header field in either layout.</summary>
    public const int MinimumLength = 1024;

    // Sizes are sanity bounds, not format limits: they keep a corrupt header from asking for
    // gigabytes before a single page is read.
    private const int MaxBlockLength = 1 << 24;

    private static ReadOnlySpan<byte> Magic =>
    [
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc2, 0xea, 0x81, 0x60,
        0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11,
    ];

    public static bool HasMagic(ReadOnlySpan<byte> header) => header.Length >= Magic.Length && header[..Magic.Length].SequenceEqual(Magic);

    /// <summary>Bytes per word (counts, offsets, subheader signatures).</summary>
    public int WordSize => Is64Bit ? 8 : 4;
    public int PageHeaderLength => Is64Bit ? 40 : 24;
    public int SubheaderPointerLength => Is64Bit ? 24 : 12;

    public static FileHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < MinimumLength)
            throw new DataException($"Not a SAS7BDAT file: only {bytes.Length} bytes, the header needs at least {MinimumLength}.");
        if (!HasMagic(bytes))
            throw new DataException("Not a SAS7BDAT file: the magic number at offset 0 does not match.");

        bool is64 = bytes[32] == 0x33;
        int align1 = bytes[35] == 0x33 ? 4 : 0;
        bool little = bytes[37] switch
        {
            0x01 => true,
            0x00 => false,
            var b => throw new DataException($"SAS7BDAT header byte 37 (byte order) is {b}, expected 0 or 1."),
        };
        var view = new ByteView(bytes, little);
        byte encodingCode = bytes[70];
        var encoding = SasEncodings.For(encodingCode);
        string name = Encoding.Latin1.GetString(bytes.Slice(92, 64)).TrimEnd(' ', '\0');

        long headerLength = view.U32(196 + align1, "header length");
        long pageSize = view.U32(200 + align1, "page size");
        if (headerLength < MinimumLength || headerLength > MaxBlockLength)
            throw new DataException($"SAS7BDAT header length {headerLength} (header offset {196 + align1}) is out of range.");
        if (pageSize < MinimumLength || pageSize > MaxBlockLength)
            throw new DataException($"SAS7BDAT page size {pageSize} (header offset {200 + align1}) is out of range.");
        ulong pageCount = view.Word(204 + align1, is64 ? 8 : 4, "page count");
        if (pageCount > int.MaxValue)
            throw new DataException($"SAS7BDAT page count {pageCount} (header offset {204 + align1}) is out of range.");

        return new FileHeader(is64, little, encodingCode, encoding, name, (int)headerLength, (int)pageSize, (long)pageCount);
    }
}
