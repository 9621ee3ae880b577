using Resampling.Data;
using Resampling.Data.Stata;
using Resampling.Tests.Support;

namespace Resampling.Tests.Stata;

/// <summary>
/// 1,000 seeded corruptions per layout (truncations, bit flips anywhere, changed header and descriptor bytes): each
/// file reads or fails with a one-line <see cref="DataException"/> within seconds, never another exception or a hang.
/// </summary>
public class StataCorruptFileTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("labels_v10.dta", 500)]
    [InlineData("labels_v14.dta", 500)]
    [InlineData("labels_v15.dta", 250)]
    [InlineData("labels_v13.dta", 250)]
    public void CorruptionsFailCleanly(string file, int trials)
    {
        var original = File.ReadAllBytes(Lme4Reference.FixturePath("stata", file));
        var rng = new Random(20261202 ^ file.Length ^ trials);
        for (int trial = 0; trial < trials; trial++)
        {
            var (bytes, what) = Corrupt(original, rng);
            var (finished, error) = ReadWithin(bytes, file);
            Assert.True(finished, $"{file}, trial {trial} ({what}): still reading after {Limit.TotalSeconds} s");
            if (error is null) continue;
            Assert.True(error is DataException, $"{file}, trial {trial} ({what}): {error.GetType().Name}: {error.Message}");
            Assert.DoesNotContain('\n', error.Message);
        }
    }

    private static (bool Finished, Exception? Error) ReadWithin(byte[] bytes, string file)
    {
        var task = Task.Run(() => StataReader.Read(bytes, file));
        try
        {
            return (task.Wait(Limit), null);
        }
        catch (AggregateException e)
        {
            return (true, e.InnerException);
        }
    }

    private static (byte[] Bytes, string What) Corrupt(byte[] original, Random rng)
    {
        var bytes = (byte[])original.Clone();
        switch (rng.Next(4))
        {
            case 0:
                int length = rng.Next(original.Length);
                return (original[..length], $"truncated to {length} bytes");
            case 1:
                int flips = 1 + rng.Next(8);
                for (int k = 0; k < flips; k++) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                return (bytes, $"{flips} random bit flips");
            default:
                // The header, map and descriptors (the first 2 KB), where counts, offsets and lengths live.
                int span = Math.Min(bytes.Length, 2048);
                var at = new List<int>();
                for (int k = 0, n = 1 + rng.Next(4); k < n; k++)
                {
                    int i = rng.Next(span);
                    at.Add(i);
                    bytes[i] = rng.Next(3) == 0 ? (byte)rng.Next(256) : (byte)(bytes[i] ^ (1 << rng.Next(8)));
                }
                return (bytes, $"header bytes changed at {string.Join(", ", at)}");
        }
    }
}
