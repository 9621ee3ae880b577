using Resampling.Data;
using Resampling.Data.Sas7bdat;

namespace Resampling.Tests.Sas7bdat;

public class RleDecompressorTests
{
    private static byte[] Run(byte value, int count) => Enumerable.Repeat(value, count).ToArray();
    private static byte[] Literal(int count, int seed) => Enumerable.Range(0, count).Select(i => (byte)(i * 7 + seed)).ToArray();

    [Fact]
    public void Expands_every_command()
    {
        var input = new List<byte>();
        var expected = new List<byte>();
        void Add(byte[] code, byte[] output) { input.AddRange(code); expected.AddRange(output); }

        Add([0x82, (byte)'A', (byte)'B', (byte)'C'], "ABC"u8.ToArray());        // copy 1 + 2
        Add([0xC1, (byte)'q'], Run((byte)'q', 4));                               // insert byte 3 + 1
        Add([0xD0], Run((byte)'@', 2));                                          // insert @ 2
        Add([0xE1], Run((byte)' ', 3));                                          // insert blank 2 + 1
        Add([0xF0], Run(0, 2));                                                  // insert zero 2
        Add([0x60, 0x03], Run((byte)' ', 20));                                   // insert blank 17 + 3
        Add([0x70, 0x00], Run(0, 17));                                           // insert zero 17
        Add([0x50, 0x01], Run((byte)'@', 18));                                   // insert @ 17 + 1
        Add([0x40, 0x02, (byte)'k'], Run((byte)'k', 20));                        // insert byte 18 + 2
        Add([0x41, 0x00, (byte)'m'], Run((byte)'m', 274));                       // insert byte 18 + 256
        Add([0x90, .. Literal(17, 1)], Literal(17, 1));                          // copy 17
        Add([0xA0, .. Literal(33, 2)], Literal(33, 2));                          // copy 33
        Add([0xB1, .. Literal(50, 3)], Literal(50, 3));                          // copy 49 + 1
        Add([0x00, 0x00, .. Literal(64, 4)], Literal(64, 4));                    // copy 64
        Add([0x20, .. Literal(96, 5)], Literal(96, 5));                          // copy 96
        Add([0x10, 0x00, .. Literal(4160, 6)], Literal(4160, 6));                // copy 64 + 4096

        var output = new byte[expected.Count];
        Assert.Equal(expected.Count, RleDecompressor.Decompress(input.ToArray(), output));
        Assert.Equal(expected.ToArray(), output);
    }

    [Theory]
    [InlineData(new byte[] { 0x30 })]                   // command 3 is undefined
    [InlineData(new byte[] { 0x84, 1, 2 })]             // copies more than the input holds
    [InlineData(new byte[] { 0xC0 })]                   // ends before the byte to repeat
    [InlineData(new byte[] { 0x60 })]                   // ends before the length byte
    [InlineData(new byte[] { 0x6F, 0xFF })]             // inserts more than the row holds
    public void Rejects_corrupt_input(byte[] input)
    {
        Assert.Throws<DataException>(() => RleDecompressor.Decompress(input, new byte[64]));
    }
}
