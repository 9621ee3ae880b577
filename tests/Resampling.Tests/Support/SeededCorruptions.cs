using Resampling.Data;

namespace Resampling.Tests.Support;

/// <summary>
/// The binary readers' fuzz tests: seeded corruptions of a fixture (so a failure reproduces), and the one check they all
/// make: each corrupted file reads, or fails with a one-line <see cref="DataException"/>, within seconds; never another
/// exception, a multi-line message or a hang.
/// </summary>
public static class SeededCorruptions
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>The file cut at a random length.</summary>
    public static (byte[] Bytes, string What) Truncate(byte[] original, Random rng)
    {
        int length = rng.Next(original.Length);
        return (original[..length], $"truncated to {length} bytes");
    }

    /// <summary>One to eight bits flipped anywhere (mostly in the data).</summary>
    public static (byte[] Bytes, string What) FlipBits(byte[] original, Random rng)
    {
        var bytes = (byte[])original.Clone();
        int flips = 1 + rng.Next(8);
        for (int k = 0; k < flips; k++) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
        return (bytes, $"{flips} random bit flips");
    }

    /// <summary>
    /// One to four bytes at positions drawn by <paramref name="position"/> (the region where a format keeps its counts,
    /// offsets and lengths) set to a random value or with one bit flipped.
    /// </summary>
    public static (byte[] Bytes, string What) ChangeBytes(byte[] original, Random rng, Func<Random, int> position, string region)
    {
        var bytes = (byte[])original.Clone();
        var at = new List<int>();
        for (int k = 0, n = 1 + rng.Next(4); k < n; k++)
        {
            int i = position(rng);
            at.Add(i);
            bytes[i] = rng.Next(3) == 0 ? (byte)rng.Next(256) : (byte)(bytes[i] ^ (1 << rng.Next(8)));
        }
        return (bytes, $"{region} bytes changed at {string.Join(", ", at)}");
    }

    /// <summary>
    /// Reads <paramref name="trials"/> corruptions of <paramref name="original"/> and asserts the promise above for each;
    /// <paramref name="refusal"/> checks what a reader adds to its message. Returns how many were refused.
    /// </summary>
    public static int Check(string file, byte[] original, int trials, Random rng, Func<byte[], Random, (byte[] Bytes, string What)> corrupt,
        Action<byte[]> read, Action<DataException>? refusal = null)
    {
        int refused = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            var (bytes, what) = corrupt(original, rng);
            var task = Task.Run(() => read(bytes));
            Exception? error = null;
            bool finished;
            try { finished = task.Wait(Limit); }
            catch (AggregateException e) { finished = true; error = e.InnerException; }
            Assert.True(finished, $"{file}, trial {trial} ({what}): still reading after {Limit.TotalSeconds} s");
            if (error is null) continue;
            refused++;
            Assert.True(error is DataException, $"{file}, trial {trial} ({what}): {error.GetType().Name}: {error.Message}");
            Assert.DoesNotContain('\n', error.Message);
            Assert.DoesNotContain("internal error", error.Message);
            refusal?.Invoke((DataException)error);
        }
        return refused;
    }
}
