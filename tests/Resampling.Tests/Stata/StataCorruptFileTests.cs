using Resampling.Data.Stata;
using Resampling.Tests.Support;

namespace Resampling.Tests.Stata;

/// <summary>
/// 1,000 seeded corruptions per layout (truncations, bit flips anywhere, changed header and descriptor bytes): each
/// file reads or fails with a one-line <see cref="Resampling.Data.DataException"/> within seconds, never another exception or a hang.
/// </summary>
public class StataCorruptFileTests
{
    [Theory]
    [InlineData("labels_v10.dta", 500)]
    [InlineData("labels_v14.dta", 500)]
    [InlineData("labels_v15.dta", 250)]
    [InlineData("labels_v13.dta", 250)]
    public void CorruptionsFailCleanly(string file, int trials)
    {
        var original = File.ReadAllBytes(Lme4Reference.FixturePath("stata", file));
        SeededCorruptions.Check(file, original, trials, new Random(20261202 ^ file.Length ^ trials), Corrupt, bytes => StataReader.Read(bytes, file));
    }

    private static (byte[] Bytes, string What) Corrupt(byte[] original, Random rng) => rng.Next(4) switch
    {
        0 => SeededCorruptions.Truncate(original, rng),
        1 => SeededCorruptions.FlipBits(original, rng),
        // The header, map and descriptors (the first 2 KB), where counts, offsets and lengths live.
        _ => SeededCorruptions.ChangeBytes(original, rng, r => r.Next(Math.Min(original.Length, 2048)), "header"),
    };
}
