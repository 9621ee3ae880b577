namespace Resampling.Data.Sas7bdat;

/// <summary>
/// Collects what the metadata subheaders say, in the order they are met. Columns are described
/// piecewise by several subheader kinds (names, attributes, formats), each of which may be split
/// across subheaders, so the pieces are joined only when a row needs them (<see cref="Layout"/>).
/// </summary>
internal sealed class Metadata(FileHeader header)
{
    internal readonly record struct Attribute(long Offset, int Width, ColumnKind Kind);

    private readonly List<byte[]> _textBlobs = [];
    private readonly List<TextRef> _names = [];
    private readonly List<Attribute> _attributes = [];
    private readonly List<(TextRef Format, TextRef Label)> _formats = [];
    private long? _columnCount;

    // A sanity bound, the same as for pages: a corrupt row length must not allocate gigabytes.
    private const long MaxRowLength = 1 << 24;
    private ColumnLayout? _layout;

    public bool HasRowSize { get; private set; }
    public long RowLength { get; private set; }
    public long RowCount { get; private set; }
    public long MixPageRowCount { get; private set; }
    public SasCompression Compression { get; private set; }

    private int W => header.WordSize;

    public void Apply(uint signature, ByteView sub)
    {
        switch (signature)
        {
            case SubheaderSignature.RowSize: RowSize(sub); break;
            case SubheaderSignature.ColumnSize: ColumnSize(sub); break;
            case SubheaderSignature.ColumnText: ColumnText(sub); break;
            case SubheaderSignature.ColumnName: ColumnNames(sub); break;
            case SubheaderSignature.ColumnAttributes: ColumnAttributes(sub); break;
            case SubheaderSignature.ColumnFormat: ColumnFormat(sub); break;
        }
    }

    private void RowSize(ByteView sub)
    {
        // The first one wins: a later copy (e.g. on an amendment page) must not resize rows already read.
        if (HasRowSize) return;
        RowLength = Count(sub.Word(5 * W, W, "row length"), "row length");
        RowCount = Count(sub.Word(6 * W, W, "row count"), "row count");
        MixPageRowCount = Count(sub.Word(15 * W, W, "rows per mix page"), "rows per mix page");
        HasRowSize = true;
    }

    private void ColumnSize(ByteView sub)
    {
        _columnCount ??= Count(sub.Word(W, W, "column count"), "column count");
    }

    private void ColumnText(ByteView sub)
    {
        var blob = sub.Slice(W, sub.Length - W, "column text").ToArray();
        if (_textBlobs.Count == 0) Compression = CompressionTag(blob);
        _textBlobs.Add(blob);
    }

    /// <summary>
    /// SAS puts the compression tag at offset 12 of the first column text; other writers (ReadStat)
    /// append it after the column names, so look there too.
    /// </summary>
    private static SasCompression CompressionTag(byte[] blob)
    {
        var span = blob.AsSpan();
        if (blob.Length >= 20)
        {
            if (span.Slice(12, 8).SequenceEqual("SASYZCRL"u8)) return SasCompression.Rle;
            if (span.Slice(12, 8).SequenceEqual("SASYZCR2"u8)) return SasCompression.Rdc;
        }
        if (span.IndexOf("SASYZCR2"u8) >= 0) return SasCompression.Rdc;
        if (span.IndexOf("SASYZCRL"u8) >= 0) return SasCompression.Rle;
        return SasCompression.None;
    }

    /// <summary>Rows arrived compressed although no tag said how: RLE is the only scheme seen untagged.</summary>
    public void AssumeRleIfUntagged()
    {
        if (Compression == SasCompression.None) Compression = SasCompression.Rle;
    }

    private void ColumnNames(ByteView sub)
    {
        int count = Entries(sub, 8, "column name");
        for (int k = 0; k < count; k++)
            _names.Add(TextRef.Read(sub, W + 8 + 8L * k, "column name pointer"));
    }

    private void ColumnAttributes(ByteView sub)
    {
        int entry = W + 8;
        int count = Entries(sub, entry, "column attributes");
        for (int k = 0; k < count; k++)
        {
            long at = W + 8 + (long)entry * k;
            long offset = Count(sub.Word(at, W, "column offset"), "column offset");
            long width = sub.U32(at + W, "column width");
            var kind = sub.U8(at + W + 6, "column type") switch
            {
                1 => ColumnKind.Numeric,
                2 => ColumnKind.Text,
                var t => throw new DataException($"Column {_attributes.Count + 1} has unknown type code {t}."),
            };
            if (kind == ColumnKind.Numeric && width is < 3 or > 8)
                throw new DataException($"Numeric column {_attributes.Count + 1} has width {width}; SAS stores 3 to 8 bytes.");
            if (kind == ColumnKind.Text && width is < 1 or > short.MaxValue)
                throw new DataException($"Text column {_attributes.Count + 1} has width {width}.");
            _attributes.Add(new Attribute(offset, (int)width, kind));
        }
    }

    private void ColumnFormat(ByteView sub)
    {
        int formatAt = header.Is64Bit ? 46 : 34;
        _formats.Add((TextRef.Read(sub, formatAt, "column format pointer"), TextRef.Read(sub, formatAt + 6, "column label pointer")));
    }

    /// <summary>Entries of <paramref name="entry"/> bytes follow an 8-byte preamble after the signature; the tail is padding.</summary>
    private int Entries(ByteView sub, int entry, string what)
    {
        long room = sub.Length - (2L * W + 12);
        if (room < 0)
            throw new DataException($"The {what} subheader is only {sub.Length} bytes long.");
        return (int)(room / entry);
    }

    private static long Count(ulong value, string what) => value <= int.MaxValue
        ? (long)value
        : throw new DataException($"The {what} {value} is out of range.");

    /// <summary>Where each column sits in a row. Fixed at the first row: metadata met later cannot move columns.</summary>
    public ColumnLayout Layout()
    {
        if (_layout is not null) return _layout;
        if (!HasRowSize)
            throw new DataException("No row size subheader precedes the first row.");
        long columns = _columnCount ?? _attributes.Count;
        if (_attributes.Count < columns)
            throw new DataException($"The file declares {columns} columns but describes the position of {_attributes.Count}.");
        if (_names.Count < columns)
            throw new DataException($"The file declares {columns} columns but names {_names.Count}.");
        if ((RowLength <= 0 && columns > 0) || RowLength > MaxRowLength)
            throw new DataException($"The row length {RowLength} is out of range.");
        var slots = new Attribute[columns];
        for (int j = 0; j < columns; j++)
        {
            var a = _attributes[j];
            if (a.Offset + a.Width > RowLength)
                throw new DataException($"Column {j + 1} at row offset {a.Offset} with width {a.Width} overruns the {RowLength}-byte row.");
            slots[j] = a;
        }
        return _layout = new ColumnLayout(slots, (int)RowLength);
    }

    /// <summary>Names, labels and formats, read once every subheader has been seen.</summary>
    public IReadOnlyList<Sas7bdatColumn> Describe(ColumnLayout layout)
    {
        var columns = new Sas7bdatColumn[layout.Slots.Length];
        for (int j = 0; j < columns.Length; j++)
        {
            var slot = layout.Slots[j];
            string name = Text(_names[j], $"name of column {j + 1}");
            if (name.Length == 0) name = $"V{j + 1}";
            string format = "", label = "";
            if (j < _formats.Count)
            {
                format = Text(_formats[j].Format, $"format of column {j + 1}");
                label = Text(_formats[j].Label, $"label of column {j + 1}");
            }
            columns[j] = new Sas7bdatColumn(name, label, format, slot.Kind, slot.Width);
        }
        return columns;
    }

    private string Text(TextRef r, string what)
    {
        if (r.Length == 0) return "";
        if (r.Blob >= _textBlobs.Count)
            throw new DataException($"The {what} points to column text block {r.Blob}, but there are {_textBlobs.Count}.");
        var blob = _textBlobs[r.Blob];
        if (r.Offset + r.Length > blob.Length)
            throw new DataException($"The {what} at offset {r.Offset} with length {r.Length} lies outside its {blob.Length}-byte text block.");
        return header.Encoding.GetString(blob, r.Offset, r.Length).TrimEnd(' ', '\0');
    }
}
