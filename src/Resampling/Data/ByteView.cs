using System.Buffers.Binary;

namespace Resampling.Data;

/// <summary>
/// Reads integers and doubles from a byte buffer in the file's byte order. Every read is checked
/// against the buffer so that a corrupt offset becomes a <see cref="DataException"/> instead of an
/// <see cref="IndexOutOfRangeException"/>.
/// </summary>
internal readonly ref struct ByteView(ReadOnlySpan<byte> bytes, bool littleEndian)
{
    public ReadOnlySpan<byte> Bytes { get; } = bytes;
    public bool LittleEndian { get; } = littleEndian;
    public int Length => Bytes.Length;

    public ReadOnlySpan<byte> Slice(long offset, long length, string what)
    {
        if (offset < 0 || length < 0 || offset > Bytes.Length || length > Bytes.Length - offset)
            throw new DataException($"{what} at offset {offset} with length {length} lies outside its {Bytes.Length}-byte block.");
        return Bytes.Slice((int)offset, (int)length);
    }

    public byte U8(long offset, string what) => Slice(offset, 1, what)[0];

    public ushort U16(long offset, string what)
    {
        var s = Slice(offset, 2, what);
        return LittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
    }

    public uint U32(long offset, string what)
    {
        var s = Slice(offset, 4, what);
        return LittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
    }

    public ulong U64(long offset, string what)
    {
        var s = Slice(offset, 8, what);
        return LittleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(s) : BinaryPrimitives.ReadUInt64BigEndian(s);
    }

    /// <summary>A 4- or 8-byte unsigned integer, as the 32/64-bit layouts store counts and offsets.</summary>
    public ulong Word(long offset, int size, string what) => size == 8 ? U64(offset, what) : U32(offset, what);

    public double F64(long offset, string what) => BitConverter.UInt64BitsToDouble(U64(offset, what));

    public float F32(long offset, string what) => BitConverter.UInt32BitsToSingle(U32(offset, what));
}
