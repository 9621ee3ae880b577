using Resampling.Data.Sas7bdat;

namespace Resampling.Tests.Sas7bdat;

public class NumericDecodingTests
{
    /// <summary>The bytes SAS stores for <paramref name="value"/> in a column of <paramref name="width"/> bytes: the high-order ones.</summary>
    private static byte[] Stored(double value, int width, bool littleEndian)
    {
        var bytes = BitConverter.GetBytes(value); // this machine: little-endian
        if (!littleEndian) Array.Reverse(bytes);
        return littleEndian ? bytes[(8 - width)..] : bytes[..width];
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Truncated_doubles_lose_only_low_mantissa_bits(int width)
    {
        double[] values = [0, 1, -1.5, 8192, Math.PI, -1e-300, 1e300, 20_000.25];
        foreach (bool little in new[] { true, false })
            foreach (double v in values)
            {
                ulong mask = ulong.MaxValue << ((8 - width) * 8);
                double expected = BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(v) & mask);
                Assert.Equal(expected, NumericColumnBuilder.Decode(Stored(v, width, little), little));
            }
    }

    [Fact]
    public void Small_integers_survive_three_bytes() =>
        Assert.Equal(8192.0, NumericColumnBuilder.Decode(Stored(8192, 3, true), true));

    [Theory]
    [InlineData(0xFFFFFE0000000000UL)] // .
    [InlineData(0xFFFFFD0000000000UL)] // .A (one of several tag encodings)
    [InlineData(0xFFFFFF0000000000UL)] // ._
    [InlineData(0x7FF8000000000000UL)] // an ordinary NaN
    public void Missing_value_patterns_read_as_NaN(ulong bits)
    {
        double v = BitConverter.UInt64BitsToDouble(bits);
        for (int width = 3; width <= 8; width++)
        {
            Assert.True(double.IsNaN(NumericColumnBuilder.Decode(Stored(v, width, true), true)));
            Assert.True(double.IsNaN(NumericColumnBuilder.Decode(Stored(v, width, false), false)));
        }
    }
}
