using System.Text;
using Resampling.Data;
using Resampling.Data.Sas7bdat;

namespace Resampling.Tests.Sas7bdat;

/// <summary>ReadStat cannot write RDC-compressed files, so the decompressor is checked on hand-assembled streams.</summary>
public class RdcDecompressorTests
{
    [Fact]
    public void Expands_literals_runs_and_back_references()
    {
        // Control word 0001 1100 1000 0000: three literals, three commands, two literals, one command.
        byte[] input =
        [
            0x1C, 0x80,
            (byte)'a', (byte)'b', (byte)'c',
            0x02, (byte)'z',            // short run: 2 + 3 = 5 'z'
            0x35, 0x00,                 // short pattern: 3 bytes from 5 + 3 = 8 back ("abc")
            0x11, 0x01, (byte)'-',      // long run: 1 + (1 << 4) + 19 = 36 '-'
            (byte)'x', (byte)'y',
            0x20, 0x00, 0x04,           // long pattern: 4 + 16 = 20 bytes from 3 back, overlapping itself
        ];
        string expected = "abc" + "zzzzz" + "abc" + new string('-', 36) + "xy" + "-xy-xy-xy-xy-xy-xy-x";

        var output = new byte[expected.Length];
        Assert.Equal(expected.Length, RdcDecompressor.Decompress(input, output));
        Assert.Equal(expected, Encoding.ASCII.GetString(output));
    }

    [Fact]
    public void Reads_a_second_control_word_after_sixteen_items()
    {
        var input = new List<byte> { 0x00, 0x00 };
        input.AddRange("0123456789abcdef"u8.ToArray());
        input.AddRange([0x80, 0x00, 0x00, (byte)'!']);  // one command: short run of 3 '!'
        var output = new byte[19];
        Assert.Equal(19, RdcDecompressor.Decompress(input.ToArray(), output));
        Assert.Equal("0123456789abcdef!!!", Encoding.ASCII.GetString(output));
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00, 0x35, 0x00 })]         // refers back before the start of the row
    [InlineData(new byte[] { 0x80, 0x00, 0x0F, (byte)'a' })]    // run of 18 overflows an 8-byte row
    [InlineData(new byte[] { 0x80, 0x00, 0x11 })]               // ends inside a long run
    [InlineData(new byte[] { 0x80 })]                           // ends inside the control word
    public void Rejects_corrupt_input(byte[] input)
    {
        Assert.Throws<DataException>(() => RdcDecompressor.Decompress(input, new byte[8]));
    }
}
