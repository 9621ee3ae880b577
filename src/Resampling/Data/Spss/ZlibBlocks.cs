using System.IO.Compression;

namespace Resampling.Data.Spss;

/// <summary>
/// Compression 2 (.zsav): after the dictionary, a header (zheader_ofs, ztrailer_ofs, ztrailer_len, 8 bytes each), the
/// zlib blocks, and a trailer (bias and zero, 8 bytes each; block size and block count, 4 each; then per block its
/// uncompressed and compressed offsets, 8 bytes each, and sizes, 4 each). The blocks inflate, one at a time, to the
/// bytecode stream of compression 1. Every offset and size is checked against the file and against the blocks before
/// it, and each block must inflate to exactly its stated size.
/// </summary>
internal sealed class ZlibBlocks : ChunkSource
{
    private readonly Stream _stream;
    private readonly List<(long Uncompressed, long Compressed, int USize, int CSize)> _blocks = [];
    private int _next;
    private byte[] _compressed = [];
    private byte[] _buffer = [];

    /// <summary>The most a deflate stream can expand (1032:1), with room for the zlib wrapper.</summary>
    private const long MaxRatio = 1040;

    public ZlibBlocks(Stream stream, long zheader, bool littleEndian)
    {
        _stream = stream;
        long length = stream.Length;
        var header = new ByteView(ReadAt(zheader, 24, "the zlib header"), littleEndian);
        long headerAt = (long)header.U64(0, "the zlib header offset");
        long trailerAt = (long)header.U64(8, "the zlib trailer offset");
        long trailerLength = (long)header.U64(16, "the zlib trailer length");
        if (headerAt != zheader) throw new DataException($"the zlib header at offset {zheader} gives its own offset as {headerAt}");
        if (trailerAt < zheader + 24 || trailerLength < 24 || trailerAt > length || trailerLength > length - trailerAt)
            throw new DataException($"the zlib trailer (offset {trailerAt}, {trailerLength} bytes) lies outside the file's {length} bytes");
        var trailer = new ByteView(ReadAt(trailerAt, (int)trailerLength, "the zlib trailer"), littleEndian);
        int blockSize = (int)trailer.U32(16, "the zlib block size");
        int count = (int)trailer.U32(20, "the zlib block count");
        if (blockSize <= 0 || count < 0 || count > (trailerLength - 24) / 24 || 24 + 24L * count != trailerLength)
            throw new DataException($"the zlib trailer at offset {trailerAt} announces {count} blocks of up to {blockSize} bytes in {trailerLength} bytes");
        long expectUncompressed = zheader, expectCompressed = zheader + 24;
        for (int i = 0; i < count; i++)
        {
            int at = 24 + 24 * i;
            long u = (long)trailer.U64(at, "a block's uncompressed offset");
            long c = (long)trailer.U64(at + 8, "a block's compressed offset");
            int usize = (int)trailer.U32(at + 16, "a block's uncompressed size");
            int csize = (int)trailer.U32(at + 20, "a block's compressed size");
            if (u != expectUncompressed || c != expectCompressed)
                throw new DataException($"zlib block {i + 1} (trailer offset {trailerAt + at}) starts at {c} for uncompressed offset {u}, not at {expectCompressed} for {expectUncompressed}");
            if (csize <= 0 || csize > trailerAt - c || usize < 0 || usize > blockSize || usize > csize * MaxRatio)
                throw new DataException($"zlib block {i + 1} (trailer offset {trailerAt + at}) has sizes {csize} compressed, {usize} uncompressed, which the file cannot hold");
            _blocks.Add((u, c, usize, csize));
            expectUncompressed += usize;
            expectCompressed += csize;
        }
        if (expectCompressed != trailerAt)
            throw new DataException($"the zlib blocks end at offset {expectCompressed}, not at the trailer's offset {trailerAt}");
        UncompressedBytes = expectUncompressed - zheader;
    }

    /// <summary>The length of the bytecode stream the blocks inflate to.</summary>
    public long UncompressedBytes { get; }

    private byte[] ReadAt(long offset, int count, string what)
    {
        if (offset < 0 || count < 0 || offset > _stream.Length - count)
            throw new DataException($"{what} at offset {offset} with length {count} lies outside the file's {_stream.Length} bytes");
        var b = new byte[count];
        _stream.Position = offset;
        _stream.ReadExactly(b);
        return b;
    }

    public override ReadOnlyMemory<byte> NextChunk()
    {
        if (_next == _blocks.Count) return ReadOnlyMemory<byte>.Empty;
        var (_, c, usize, csize) = _blocks[_next++];
        if (_buffer.Length < usize) _buffer = new byte[usize];
        if (_compressed.Length < csize) _compressed = new byte[csize];
        _stream.Position = c;
        _stream.ReadExactly(_compressed, 0, csize);
        try
        {
            using var z = new ZLibStream(new MemoryStream(_compressed, 0, csize, writable: false), CompressionMode.Decompress);
            int got = z.ReadAtLeast(_buffer.AsSpan(0, usize), usize, throwOnEndOfStream: false);
            if (got != usize)
                throw new DataException($"zlib block {_next} at offset {c} inflates to {got} bytes, not the {usize} its trailer entry states");
            if (z.Read(stackalloc byte[1]) != 0)
                throw new DataException($"zlib block {_next} at offset {c} inflates to more than the {usize} bytes its trailer entry states");
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"zlib block {_next} at offset {c} is not valid zlib data ({e.Message.TrimEnd('.')})", e);
        }
        return _buffer.AsMemory(0, usize);
    }

    public override string Describe(long offsetInChunk) => _next == 0
        ? "the start of the zlib data"
        : $"byte {offsetInChunk} of zlib block {_next} (offset {_blocks[_next - 1].Compressed})";
}
