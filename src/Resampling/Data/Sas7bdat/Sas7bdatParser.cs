namespace Resampling.Data.Sas7bdat;

/// <summary>
/// One pass over the pages of a SAS7BDAT file. Metadata subheaders come before the rows that need
/// them, so rows are decoded as soon as they are met and no page is kept after it has been read.
/// </summary>
internal sealed class Sas7bdatParser
{
    private readonly FileHeader _header;
    private readonly Metadata _meta;
    private readonly byte[] _page;
    private ColumnBuilder[]? _columns;
    private byte[] _row = [];
    private long _rows;

    private readonly long? _fileLength;
    private readonly IReadOnlySet<string>? _wanted;

    private Sas7bdatParser(FileHeader header, long? fileLength, IReadOnlySet<string>? wanted)
    {
        _fileLength = fileLength;
        _wanted = wanted;
        _header = header;
        _meta = new Metadata(header);
        _page = new byte[header.PageSize];
    }

    /// <param name="stream">The file.</param>
    /// <param name="wanted">The columns to keep, or null for all: the others are decoded for validation only.</param>
    public static Sas7bdatFile Parse(Stream stream, IReadOnlySet<string>? wanted = null)
    {
        var reader = new BlockReader(stream);
        var start = new byte[FileHeader.MinimumLength];
        int got = reader.Fill(start);
        var header = FileHeader.Parse(start.AsSpan(0, got));
        var rest = new byte[header.HeaderLength - FileHeader.MinimumLength];
        if (reader.Fill(rest) < rest.Length)
            throw new DataException($"SAS7BDAT file is truncated inside its {header.HeaderLength}-byte header.");
        long? length = null;
        try { if (stream.CanSeek) length = stream.Length; }
        catch (NotSupportedException) { }
        return new Sas7bdatParser(header, length, wanted).ReadPages(reader);
    }

    private Sas7bdatFile ReadPages(BlockReader reader)
    {
        for (long p = 0; p < _header.PageCount; p++)
        {
            long at = reader.Position;
            int got = reader.Fill(_page);
            if (got < _page.Length)
                throw new DataException(got == 0
                    ? $"SAS7BDAT file is truncated: it ends at byte offset {at}, before page {p + 1} of {_header.PageCount}."
                    : $"SAS7BDAT file is truncated: page {p + 1} at byte offset {at} has {got} of {_page.Length} bytes.");
            try { ReadPage(p + 1); }
            catch (DataException e)
            {
                throw new DataException($"SAS7BDAT page {p + 1} (byte offset {at}): {e.Message}", e);
            }
        }
        return Finish();
    }

    private void ReadPage(long pageNumber)
    {
        var page = new ByteView(_page, _header.LittleEndian);
        int headerLength = _header.PageHeaderLength;
        ushort type = page.U16(headerLength - 8, "page type");
        int blocks = page.U16(headerLength - 6, "block count");
        int subheaders = page.U16(headerLength - 4, "subheader count");

        switch (PageTypes.Classify(type, (int)Math.Min(pageNumber, int.MaxValue)))
        {
            case PageType.Data:
                Rows(page, headerLength, blocks);
                break;
            case PageType.Meta:
                Subheaders(page, subheaders);
                break;
            case PageType.Mix:
                long end = Subheaders(page, subheaders);
                // Rows start at the next 8-byte boundary, but some writers skip the padding;
                // padding is blank or zero, a row's first bytes need not be.
                if (end % 8 == 4 && end + 4 <= page.Length && IsPadding(page.Slice(end, 4, "mix page padding")))
                    end += 4;
                long room = (page.Length - end) / Math.Max(1, _meta.RowLength);
                long count = _meta.MixPageRowCount > 0 ? Math.Min(_meta.MixPageRowCount, room) : room;
                Rows(page, end, count);
                break;
        }
    }

    private static bool IsPadding(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyExcept((byte)0) < 0 || bytes.IndexOfAnyExcept((byte)' ') < 0;

    /// <summary>Reads the subheaders a page points to; returns the offset just past the pointer array.</summary>
    private long Subheaders(ByteView page, int count)
    {
        int w = _header.WordSize;
        long pointers = _header.PageHeaderLength;
        long end = pointers + (long)count * _header.SubheaderPointerLength;
        if (end > page.Length)
            throw new DataException($"{count} subheader pointers do not fit in the page.");

        for (int k = 0; k < count; k++)
        {
            long at = pointers + (long)k * _header.SubheaderPointerLength;
            ulong offset = page.Word(at, w, "subheader offset");
            ulong length = page.Word(at + w, w, "subheader length");
            byte compression = page.U8(at + 2 * w, "subheader compression");
            byte kind = page.U8(at + 2 * w + 1, "subheader type");

            // A zero length or the "truncated" flag marks a slot with nothing in it (a row continued on the next page).
            if (length == 0 || compression == 1) continue;
            if (offset < (ulong)end || offset > (ulong)page.Length || length > (ulong)page.Length - offset)
                throw new DataException($"Subheader {k + 1} at page offset {offset} with length {length} lies outside the page.");
            var sub = new ByteView(page.Slice((long)offset, (long)length, "subheader"), _header.LittleEndian);

            switch (compression)
            {
                case 4:
                    CompressedRow(sub.Bytes, k + 1);
                    break;
                case 0:
                    uint signature = SubheaderSignature.Read(sub, 0, _header.Is64Bit);
                    // Compressed files store a row that did not shrink as is, flagged as data by the type byte.
                    if (kind == 1 && !SubheaderSignature.IsKnown(signature))
                    {
                        if (sub.Length != RowLayout().RowLength)
                            throw new DataException($"Uncompressed row in subheader {k + 1} has {sub.Length} bytes, rows have {RowLayout().RowLength}.");
                        Row(sub.Bytes);
                    }
                    else if (SubheaderSignature.IsKnown(signature))
                        _meta.Apply(signature, sub);
                    else
                        throw new DataException($"Subheader {k + 1} at page offset {offset} has unknown signature 0x{signature:X8}.");
                    break;
                default:
                    throw new DataException($"Subheader {k + 1} has unsupported compression code {compression}.");
            }
        }
        return end;
    }

    private void Rows(ByteView page, long start, long declared)
    {
        var layout = RowLayout();
        long count = Math.Min(declared, _meta.RowCount - _rows);
        if (count <= 0) return;
        if (layout.RowLength == 0)
            throw new DataException("Rows of zero bytes cannot be read.");
        if (start + count * layout.RowLength > page.Length)
            throw new DataException($"{count} rows of {layout.RowLength} bytes from page offset {start} do not fit in the page.");
        for (long r = 0; r < count; r++)
            Row(page.Slice(start + r * layout.RowLength, layout.RowLength, "row"));
    }

    private void CompressedRow(ReadOnlySpan<byte> data, int subheader)
    {
        var layout = RowLayout();
        if (_rows >= _meta.RowCount) return;
        if (_row.Length != layout.RowLength) _row = new byte[layout.RowLength];
        _meta.AssumeRleIfUntagged();
        int n = _meta.Compression == SasCompression.Rdc
            ? RdcDecompressor.Decompress(data, _row)
            : RleDecompressor.Decompress(data, _row);
        if (n != _row.Length)
            throw new DataException($"Compressed row in subheader {subheader} expands to {n} bytes, rows have {_row.Length}.");
        Row(_row);
    }

    private void Row(ReadOnlySpan<byte> row)
    {
        if (_rows >= _meta.RowCount) return;
        foreach (var c in Columns()) c.Add(row);
        _rows++;
    }

    private ColumnLayout RowLayout() => _meta.Layout();

    private ColumnBuilder[] Columns()
    {
        if (_columns is not null) return _columns;
        var layout = _meta.Layout();
        // The declared row count comes from the file and may be corrupt: trust it only as far as the
        // file's size allows (each row takes at least a row or a subheader pointer), else start modest.
        long fits = _fileLength is { } n ? n / Math.Max(1, Math.Min(layout.RowLength, _header.SubheaderPointerLength)) : 1 << 16;
        int capacity = (int)Math.Min(_meta.RowCount, Math.Min(fits, 1 << 24));
        var keep = Kept(layout);
        return _columns = layout.Slots.Select((s, j) => keep[j] ? ColumnBuilder.For(s, _header, capacity) : new SkippedColumn()).ToArray();
    }

    /// <summary>
    /// Which slots to keep. The names come from metadata subheaders, which precede the rows in every file seen; if they
    /// are not complete when the first row arrives, every column is kept (correct, only not the memory saving).
    /// </summary>
    private bool[] Kept(ColumnLayout layout)
    {
        var keep = new bool[layout.Slots.Length];
        Array.Fill(keep, true);
        if (_wanted is null) return keep;
        IReadOnlyList<Sas7bdatColumn> described;
        try { described = _meta.Describe(layout); }
        catch (DataException) { return keep; }
        for (int j = 0; j < keep.Length; j++) keep[j] = _wanted.Contains(described[j].Name);
        return keep;
    }

    private Sas7bdatFile Finish()
    {
        if (!_meta.HasRowSize)
            throw new DataException("SAS7BDAT file has no row size subheader.");
        var layout = _meta.Layout();
        var columns = Columns();
        if (_rows < _meta.RowCount)
            throw new DataException($"SAS7BDAT file declares {_meta.RowCount} rows but holds {_rows}.");
        IReadOnlyList<Sas7bdatColumn> described;
        try { described = _meta.Describe(layout); }
        catch (DataException e) { throw new DataException($"SAS7BDAT column metadata: {e.Message}", e); }
        var kept = Enumerable.Range(0, columns.Length).Where(j => columns[j] is not SkippedColumn).ToArray();
        var table = new DataTable(kept.Select(j => columns[j].Build(described[j].Name).Described(described[j].Label, described[j].Format)).ToList(),
            kept.Length == columns.Length ? null : described.Select(c => c.Name).ToArray());
        return new Sas7bdatFile(table, kept.Select(j => described[j]).ToList(), _header.DatasetName, _header.Encoding.WebName, _meta.Compression,
            _header.Is64Bit, _header.LittleEndian);
    }
}
