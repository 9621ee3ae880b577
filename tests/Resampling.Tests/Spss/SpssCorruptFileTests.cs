using Resampling.Data;
using Resampling.Data.Spss;
using Resampling.Tests.Support;

namespace Resampling.Tests.Spss;

/// <summary>
/// 1,000 seeded corruptions per variant (uncompressed, bytecode, zlib, big-endian bytecode): truncations, bit flips
/// anywhere, changed dictionary bytes, changed integers set to hostile values. Each file reads or fails with a one-line
/// <see cref="DataException"/> within seconds, never another exception or a hang.
/// </summary>
public class SpssCorruptFileTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

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
        var rng = new Random(20261202 ^ file.Length ^ (bigEndian ? 7 : 0));
        int failures = 0;
        for (int trial = 0; trial < 1000; trial++)
        {
            var (bytes, what) = Corrupt(original, rng);
            var (finished, error) = ReadWithin(bytes, file);
            Assert.True(finished, $"{file}, trial {trial} ({what}): still reading after {Limit.TotalSeconds} s");
            if (error is null) continue;
            failures++;
            Assert.True(error is DataException, $"{file}, trial {trial} ({what}): {error.GetType().Name}: {error.Message}");
            Assert.DoesNotContain('\n', error.Message);
            Assert.StartsWith($"'{file}' is not a readable SPSS file: ", error.Message);
        }
        // Most corruptions must be caught: a reader that accepted anything would pass the loop above.
        Assert.True(failures > 300, $"{file}: only {failures} of 1000 corruptions were refused");
    }

    private static (bool Finished, Exception? Error) ReadWithin(byte[] bytes, string file)
    {
        var task = Task.Run(() => SpssReader.Read(bytes, file));
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
        // The dictionary (the first 5 KB of these files), where counts, offsets and lengths live.
        int span = Math.Min(bytes.Length, 5000);
        switch (rng.Next(5))
        {
            case 0:
                int length = rng.Next(original.Length);
                return (original[..length], $"truncated to {length} bytes");
            case 1:
                int flips = 1 + rng.Next(8);
                for (int k = 0; k < flips; k++) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                return (bytes, $"{flips} random bit flips");
            case 2:
                // A 4-byte word set to a hostile integer: a count, length or offset made huge, negative or zero.
                int w = rng.Next(span - 4) & ~3;
                int[] hostile = [0, -1, 1, int.MaxValue, int.MinValue, 255, 256, 65536, 1 << 30];
                BitConverter.GetBytes(hostile[rng.Next(hostile.Length)]).CopyTo(bytes, w);
                return (bytes, $"word at {w} made hostile");
            case 3:
                // The tail: zlib trailer, last blocks, last cases.
                int tail = Math.Max(0, bytes.Length - 1 - rng.Next(Math.Min(400, bytes.Length)));
                bytes[tail] = (byte)rng.Next(256);
                return (bytes, $"byte {tail} near the end changed");
            default:
                var at = new List<int>();
                for (int k = 0, n = 1 + rng.Next(4); k < n; k++)
                {
                    int i = rng.Next(span);
                    at.Add(i);
                    bytes[i] = rng.Next(3) == 0 ? (byte)rng.Next(256) : (byte)(bytes[i] ^ (1 << rng.Next(8)));
                }
                return (bytes, $"dictionary bytes changed at {string.Join(", ", at)}");
        }
    }
}
