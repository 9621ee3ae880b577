using Resampling.Data.Parquet;
using Resampling.Tests.Support;

namespace Resampling.Tests.Parquet;

/// <summary>
/// 1,000 seeded corruptions (truncations, bit flips anywhere, changed bytes in the footer where the schema, row groups
/// and offsets live): each file reads or fails with a one-line <see cref="Resampling.Data.DataException"/> within seconds, whatever
/// Parquet.Net throws inside.
/// </summary>
public class ParquetCorruptFileTests
{
    [Theory]
    [InlineData("hsb12.parquet", 500)]
    [InlineData("types_v2.parquet", 500)]
    public void CorruptionsFailCleanly(string file, int trials)
    {
        var original = File.ReadAllBytes(Lme4Reference.FixturePath("parquet", file));
        SeededCorruptions.Check(file, original, trials, new Random(20261202 ^ file.Length ^ trials), Corrupt,
            bytes => ParquetTableReader.Read(new MemoryStream(bytes, writable: false), file));
    }

    private static (byte[] Bytes, string What) Corrupt(byte[] original, Random rng) => rng.Next(4) switch
    {
        0 => SeededCorruptions.Truncate(original, rng),
        1 => SeededCorruptions.FlipBits(original, rng),
        // The footer (the file's last bytes): schema, row groups, column chunk offsets and sizes.
        _ => SeededCorruptions.ChangeBytes(original, rng, r => original.Length - 1 - r.Next(Math.Min(original.Length, 4096)), "footer"),
    };
}
