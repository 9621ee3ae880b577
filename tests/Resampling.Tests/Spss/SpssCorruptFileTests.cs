using Resampling.Data.Spss;
using Resampling.Tests.Support;

namespace Resampling.Tests.Spss;

/// <summary>
/// 1,000 seeded corruptions per variant (uncompressed, bytecode, zlib, big-endian bytecode): truncations, bit flips
/// anywhere, changed dictionary bytes, changed integers set to hostile values. Each file reads or fails with a one-line
/// <see cref="Resampling.Data.DataException"/> within seconds, never another exception or a hang.
/// </summary>
public class SpssCorruptFileTests
{
    [Theory]
    [InlineData("labels_none.sav", false)]
    [InlineData("labels_byte.sav", false)]
    [InlineData("labels.zsav", false)]
    [InlineData("labels_byte.sav", true)]
    public void CorruptionsFailCleanly(string file, bool bigEndian)
    {
        var original = File.ReadAllBytes(Lme4Reference.FixturePath("spss", file));
        if (bigEndian) original = BigEndianSav.Convert(original);
        SpssReader.Read(original, file); // the uncorrupted file reads
        int refused = SeededCorruptions.Check(file, original, 1000, new Random(20261202 ^ file.Length ^ (bigEndian ? 7 : 0)), Corrupt,
            bytes => SpssReader.Read(bytes, file), e => Assert.StartsWith($"'{file}' is not a readable SPSS file: ", e.Message));
        // Most corruptions must be caught: a reader that accepted anything would pass the loop above.
        Assert.True(refused > 300, $"{file}: only {refused} of 1000 corruptions were refused");
    }

    private static (byte[] Bytes, string What) Corrupt(byte[] original, Random rng)
    {
        // The dictionary (the first 5 KB of these files), where counts, offsets and lengths live.
        int span = Math.Min(original.Length, 5000);
        switch (rng.Next(5))
        {
            case 0: return SeededCorruptions.Truncate(original, rng);
            case 1: return SeededCorruptions.FlipBits(original, rng);
            case 2:
            {
                // A 4-byte word set to a hostile integer: a count, length or offset made huge, negative or zero.
                var bytes = (byte[])original.Clone();
                int w = rng.Next(span - 4) & ~3;
                int[] hostile = [0, -1, 1, int.MaxValue, int.MinValue, 255, 256, 65536, 1 << 30];
                BitConverter.GetBytes(hostile[rng.Next(hostile.Length)]).CopyTo(bytes, w);
                return (bytes, $"word at {w} made hostile");
            }
            case 3:
            {
                // The tail: zlib trailer, last blocks, last cases.
                var bytes = (byte[])original.Clone();
                int tail = Math.Max(0, bytes.Length - 1 - rng.Next(Math.Min(400, bytes.Length)));
                bytes[tail] = (byte)rng.Next(256);
                return (bytes, $"byte {tail} near the end changed");
            }
            default: return SeededCorruptions.ChangeBytes(original, rng, r => r.Next(span), "dictionary");
        }
    }
}
