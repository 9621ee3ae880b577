using Resampling.Data;
using Resampling.Data.Sas7bdat;

namespace Resampling.Tests.Sas7bdat;

/// <summary>
/// Damaged files must fail fast with a <see cref="DataException"/>: never another exception type,
/// never a hang. Corruptions are random but seeded, so a failure reproduces.
/// </summary>
public class CorruptFileTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static TheoryData<string, int> Files => new()
    {
        { "small_rle64.sas7bdat", 300 },
        { "small_rle32.sas7bdat", 300 },
        { "small_plain32.sas7bdat", 300 },
        { "hsb12.sas7bdat", 100 },
        { "hsb12_rle32.sas7bdat", 100 },
    };

    [Theory, MemberData(nameof(Files))]
    public void Random_truncations_and_bit_flips_fail_cleanly(string file, int trials)
    {
        var original = Fixtures.Bytes(file);
        var rng = new Random(20240607 ^ file.Length);
        for (int trial = 0; trial < trials; trial++)
        {
            var (bytes, what) = Corrupt(original, rng);
            var outcome = ReadWithin(bytes);
            Assert.True(outcome.Finished, $"{file}, trial {trial} ({what}): still reading after {Limit.TotalSeconds} s");
            if (outcome.Error is { } e)
            {
                Assert.True(e is DataException, $"{file}, trial {trial} ({what}): {e.GetType().Name}: {e.Message}");
                Assert.DoesNotContain("internal error", e.Message);
                Assert.DoesNotContain('\n', e.Message);
            }
        }
    }

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

    private static (byte[] Bytes, string What) Corrupt(byte[] original, Random rng)
    {
        switch (rng.Next(4))
        {
            case 0:
                int length = rng.Next(original.Length);
                return (original[..length], $"truncated to {length} bytes");
            case 1:
            {
                // Anywhere in the file: mostly row data.
                var bytes = (byte[])original.Clone();
                int flips = 1 + rng.Next(8);
                for (int k = 0; k < flips; k++) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                return (bytes, $"{flips} random bit flips");
            }
            default:
            {
                // Header and first pages, where counts, offsets and lengths live.
                var bytes = (byte[])original.Clone();
                int span = Math.Min(bytes.Length, 8192 + 2 * 65536);
                int flips = 1 + rng.Next(4);
                var at = new List<int>();
                for (int k = 0; k < flips; k++)
                {
                    int i = rng.Next(span);
                    at.Add(i);
                    bytes[i] = rng.Next(3) == 0 ? (byte)rng.Next(256) : (byte)(bytes[i] ^ (1 << rng.Next(8)));
                }
                return (bytes, $"metadata bytes changed at {string.Join(", ", at)}");
            }
        }
    }

    private static (bool Finished, Exception? Error) ReadWithin(byte[] bytes)
    {
        var task = Task.Run(() => Sas7bdatReader.Read(new MemoryStream(bytes)));
        try
        {
            if (!task.Wait(Limit)) return (false, null);
            return (true, null);
        }
        catch (AggregateException e)
        {
            return (true, e.InnerException);
        }
    }
}
