using Resampling.Data;
using Resampling.Data.Sas7bdat;
using Resampling.Tests.Support;

namespace Resampling.Tests.Sas7bdat;

/// <summary>
/// Damaged files must fail fast with a <see cref="DataException"/>: never another exception type,
/// never a hang. Corruptions are random but seeded, so a failure reproduces.
/// </summary>
public class CorruptFileTests
{
    public static TheoryData<string, int> Files => new()
    {
        { "small_rle64.sas7bdat", 300 },
        { "small_rle32.sas7bdat", 300 },
        { "small_plain32.sas7bdat", 300 },
        { "hsb12.sas7bdat", 100 },
        { "hsb12_rle32.sas7bdat", 100 },
    };

    [Theory, MemberData(nameof(Files))]
    public void Random_truncations_and_bit_flips_fail_cleanly(string file, int trials) =>
        SeededCorruptions.Check(file, Fixtures.Bytes(file), trials, new Random(20240607 ^ file.Length), Corrupt,
            bytes => Sas7bdatReader.Read(new MemoryStream(bytes)));

    [Fact]
    public void Truncated_file_names_the_page_and_offset()
    {
        var bytes = Fixtures.Bytes("hsb12.sas7bdat");
        var e = Assert.Throws<DataException>(() => Sas7bdatReader.Read(new MemoryStream(bytes[..(8192 + 4096 * 3 + 100)])));
        Assert.Contains("page 4", e.Message);
        Assert.Contains("20480", e.Message);
    }

    [Fact]
    public void Non_sas_input_is_rejected()
    {
        var e = Assert.Throws<DataException>(() => Sas7bdatReader.Read(new MemoryStream(Fixtures.Bytes("hsb12.csv"))));
        Assert.Contains("magic number", e.Message);
        Assert.Throws<DataException>(() => Sas7bdatReader.Read(new MemoryStream([])));
        Assert.Throws<DataException>(() => Sas7bdatReader.Read(Path.Combine(AppContext.BaseDirectory, "no-such-file.sas7bdat")));
    }

    private static (byte[] Bytes, string What) Corrupt(byte[] original, Random rng) => rng.Next(4) switch
    {
        0 => SeededCorruptions.Truncate(original, rng),
        1 => SeededCorruptions.FlipBits(original, rng), // anywhere in the file: mostly row data
        // Header and first pages, where counts, offsets and lengths live.
        _ => SeededCorruptions.ChangeBytes(original, rng, r => r.Next(Math.Min(original.Length, 8192 + 2 * 65536)), "metadata"),
    };
}
