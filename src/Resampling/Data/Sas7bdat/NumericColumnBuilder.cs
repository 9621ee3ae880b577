using System.Buffers.Binary;

namespace Resampling.Data.Sas7bdat;

internal sealed class NumericColumnBuilder(int offset, int width, bool littleEndian, int capacity) : ColumnBuilder(offset, width)
{
    private double[] _values = new double[capacity];

    public override void Add(ReadOnlySpan<byte> row)
    {
        Grow(ref _values, Count);
        _values[Count++] = Decode(row.Slice(Offset, Width), littleEndian);
    }

    public override DataColumn Build(string name)
    {
        Array.Resize(ref _values, Count);
        return DataColumn.FromNumbers(name, _values);
    }

    /// <summary>
    /// SAS drops the low-order bytes of a double to store it in fewer than 8 bytes; the missing
    /// mantissa bits are zeros. All of SAS's missing values (., .A to .Z, ._) are NaNs.
    /// </summary>
    internal static double Decode(ReadOnlySpan<byte> bytes, bool littleEndian)
    {
        if (bytes.Length == 8)
        {
            double d = littleEndian ? BinaryPrimitives.ReadDoubleLittleEndian(bytes) : BinaryPrimitives.ReadDoubleBigEndian(bytes);
            return double.IsNaN(d) ? double.NaN : d;
        }
        ulong bits = 0;
        if (littleEndian)
            for (int k = bytes.Length - 1; k >= 0; k--) bits = (bits << 8) | bytes[k];
        else
            for (int k = 0; k < bytes.Length; k++) bits = (bits << 8) | bytes[k];
        bits <<= (8 - bytes.Length) * 8;
        double v = BitConverter.UInt64BitsToDouble(bits);
        return double.IsNaN(v) ? double.NaN : v;
    }
}
