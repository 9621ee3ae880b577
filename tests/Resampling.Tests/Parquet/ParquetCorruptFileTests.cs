using Resampling.Data;
using Resampling.Data.Parquet;
using Resampling.Tests.Support;

namespace Resampling.Tests.Parquet;

/// <summary>
/// 1,000 seeded corruptions (truncations, bit flips anywhere, changed bytes in the footer where the schema, row groups
/// and offsets live): each file reads or fails with a one-line <see cref="DataException"/> within seconds, whatever
/// Parquet.Net throws inside.
/// </summary>
public class ParquetCorruptFileTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("hsb12.parquet", 500)]
    [InlineData("types_v2.parquet", 500)]
    public void CorruptionsFailCleanly(string file, int trials)
    {
        var original = File.ReadAllBytes(Lme4Reference.FixturePath("parquet", file));
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
        var task = Task.Run(() => ParquetTableReader.Read(new MemoryStream(bytes, writable: false), file));
        try { return (task.Wait(Limit), null); }
        catch (AggregateException e) { return (true, e.InnerException); }
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
                // The footer (the file's last bytes): schema, row groups, column chunk offsets and sizes.
                int span = Math.Min(bytes.Length, 4096);
                var at = new List<int>();
                for (int k = 0, n = 1 + rng.Next(4); k < n; k++)
                {
                    int i = bytes.Length - 1 - rng.Next(span);
                    at.Add(i);
                    bytes[i] = rng.Next(3) == 0 ? (byte)rng.Next(256) : (byte)(bytes[i] ^ (1 << rng.Next(8)));
                }
                return (bytes, $"footer bytes changed at {string.Join(", ", at)}");
        }
    }
}
