using Resampling.Randomness;
using Resampling.Bootstrap;

namespace Resampling.Tests.Bootstrap;

public class ReplicateRandomTests
{
    [Fact]
    public void StreamDependsOnlyOnSeedAndIndex()
    {
        var a = new RandomStream(42, StreamPurpose.Replicate, 7);
        var b = new RandomStream(1, StreamPurpose.Replicate, 1);
        b.NextNormal();
        b.Reset(42, StreamPurpose.Replicate, 7);
        for (int i = 0; i < 100; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
        var c = new RandomStream(42, StreamPurpose.Replicate, 8);
        var d = new RandomStream(43, StreamPurpose.Replicate, 7);
        var first = new RandomStream(42, StreamPurpose.Replicate, 7).NextUInt64();
        Assert.NotEqual(first, c.NextUInt64());
        Assert.NotEqual(first, d.NextUInt64());
    }

    [Fact]
    public void NormalAndChiSquareHaveTheirMoments()
    {
        var r = new RandomStream(3, StreamPurpose.Replicate, 1);
        const int n = 200_000;
        double s = 0, s2 = 0, c = 0;
        for (int i = 0; i < n; i++)
        {
            double z = r.NextNormal();
            s += z;
            s2 += z * z;
            c += r.NextChiSquare(7.5);
        }
        // Monte Carlo SEs: mean 1/√n, variance √(2/n), χ² mean √(2·7.5/n); 5 SE bounds.
        Assert.InRange(s / n, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(s2 / n - (s / n) * (s / n), 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
        Assert.InRange(c / n, 7.5 - 5 * Math.Sqrt(15.0 / n), 7.5 + 5 * Math.Sqrt(15.0 / n));
    }

    [Fact]
    public void NextIntIsUniform()
    {
        var r = new RandomStream(9, StreamPurpose.Replicate, 2);
        var counts = new int[5];
        for (int i = 0; i < 50_000; i++) counts[r.NextInt(5)]++;
        // Each count ~ Binomial(50000, 0.2): sd ≈ 89.
        Assert.All(counts, k => Assert.InRange(k, 10_000 - 450, 10_000 + 450));
    }
}
