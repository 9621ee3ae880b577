using System.Buffers.Binary;

namespace Resampling.Data.Spss;

/// <summary>Delivers the cases one at a time as their 8-byte elements, in the file's byte order.</summary>
internal abstract class CaseReader
{
    /// <summary>Fills <paramref name="row"/> with the next case; false at a clean end of the data.</summary>
    public abstract bool Next(Span<byte> row);

    /// <summary>Where the reader is, for error messages.</summary>
    public abstract string Position { get; }
}

/// <summary>A stream of bytes delivered in chunks: the rest of the file, or zlib blocks one after another.</summary>
internal abstract class ChunkSource
{
    /// <summary>The next chunk, empty at the end.</summary>
    public abstract ReadOnlyMemory<byte> NextChunk();

    /// <summary>Where a byte of the chunk last returned lies, for error messages.</summary>
    public abstract string Describe(long offsetInChunk);
}

/// <summary>The file from an offset to its end, read a megabyte at a time (the file is never held whole).</summary>
internal sealed class StreamChunks(Stream stream, long start) : ChunkSource
{
    private readonly byte[] _buffer = new byte[1 << 20];
    private long _chunkStart = start, _next = start;

    public override ReadOnlyMemory<byte> NextChunk()
    {
        stream.Position = _next;
        int got = stream.ReadAtLeast(_buffer, _buffer.Length, throwOnEndOfStream: false);
        _chunkStart = _next;
        _next += got;
        return _buffer.AsMemory(0, got);
    }

    public override string Describe(long offsetInChunk) => $"offset {_chunkStart + offsetInChunk}";
}

/// <summary>Compression 0: the cases follow the dictionary back to back.</summary>
internal sealed class UncompressedCases(ChunkSource source) : CaseReader
{
    private ReadOnlyMemory<byte> _chunk = ReadOnlyMemory<byte>.Empty;
    private int _at;

    public override bool Next(Span<byte> row)
    {
        int got = 0;
        while (got < row.Length)
        {
            if (_at == _chunk.Length)
            {
                _chunk = source.NextChunk();
                _at = 0;
                if (_chunk.IsEmpty)
                {
                    if (got == 0) return false;
                    throw new DataException($"the last case, ending at {Position}, is cut short: {got} of its {row.Length} bytes");
                }
            }
            int take = Math.Min(row.Length - got, _chunk.Length - _at);
            _chunk.Span.Slice(_at, take).CopyTo(row[got..]);
            got += take;
            _at += take;
        }
        return true;
    }

    public override string Position => source.Describe(_at);
}

/// <summary>
/// Compression 1 (and 2 once inflated): 8 command bytes, then the 8-byte elements that commands 253 call for, in order.
/// 0 is padding, 1–251 the number code − bias, 252 the end of the data, 253 an element stored as is, 254 eight spaces,
/// 255 the system-missing value.
/// </summary>
internal sealed class BytecodeCases(ChunkSource source, double bias, double systemMissing, bool littleEndian) : CaseReader
{
    private ReadOnlyMemory<byte> _chunk = ReadOnlyMemory<byte>.Empty;
    private int _at;
    private readonly byte[] _commands = new byte[8];
    private int _command = 8;
    private bool _ended;

    public override bool Next(Span<byte> row)
    {
        int elements = row.Length / 8;
        for (int e = 0; e < elements; e++)
        {
            var cell = row.Slice(8 * e, 8);
            while (true)
            {
                if (_ended) return End(e);
                if (_command == 8)
                {
                    if (!Read8(_commands)) { _ended = true; continue; }
                    _command = 0;
                }
                byte code = _commands[_command++];
                if (code == 0) continue;
                switch (code)
                {
                    case 252: _ended = true; continue;
                    case 253:
                        if (!Read8(cell)) throw new DataException($"the data end at {Position} where command 253 needs 8 more bytes");
                        break;
                    case 254: cell.Fill((byte)' '); break;
                    case 255: WriteDouble(cell, systemMissing); break;
                    default: WriteDouble(cell, code - bias); break;
                }
                break;
            }
        }
        return true;
    }

    private bool End(int element) => element == 0
        ? false
        : throw new DataException($"the data end at {Position} inside a case, after {element} of its elements");

    private void WriteDouble(Span<byte> cell, double v)
    {
        if (littleEndian) BinaryPrimitives.WriteDoubleLittleEndian(cell, v);
        else BinaryPrimitives.WriteDoubleBigEndian(cell, v);
    }

    /// <summary>Eight bytes from the stream, across chunks if need be; false only at the very end.</summary>
    private bool Read8(Span<byte> destination)
    {
        int got = 0;
        while (got < 8)
        {
            if (_at == _chunk.Length)
            {
                _chunk = source.NextChunk();
                _at = 0;
                if (_chunk.IsEmpty)
                {
                    if (got == 0) return false;
                    throw new DataException($"the data end at {Position} inside an 8-byte unit");
                }
            }
            int take = Math.Min(8 - got, _chunk.Length - _at);
            _chunk.Span.Slice(_at, take).CopyTo(destination[got..]);
            got += take;
            _at += take;
        }
        return true;
    }

    public override string Position => source.Describe(_at);
}
