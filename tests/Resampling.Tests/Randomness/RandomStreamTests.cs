using Resampling.Bootstrap;
using Resampling.Randomness;

namespace Resampling.Tests.Randomness;

public class RandomStreamTests
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

    [Fact]
    public void PurposesGiveDifferentStreamsUnderOneSeed()
    {
        var purposes = Enum.GetValues<StreamPurpose>();
        var firsts = purposes.Select(p => new RandomStream(42, p, 1).NextUInt64()).ToArray();
        Assert.Equal(purposes.Length, firsts.Distinct().Count());
        // Neighbouring indices of two purposes do not meet either.
        var chain = Enumerable.Range(1, 1000).Select(i => new RandomStream(42, StreamPurpose.Chain, i).NextUInt64());
        var replicate = Enumerable.Range(1, 1000).Select(i => new RandomStream(42, StreamPurpose.Replicate, i).NextUInt64());
        Assert.Empty(chain.Intersect(replicate));
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(4.5)]
    public void GammaAndInverseGammaHaveTheirMoments(double shape)
    {
        var r = new RandomStream(5, StreamPurpose.Simulation, 1);
        const int n = 200_000;
        double s = 0, s2 = 0, inv = 0;
        for (int i = 0; i < n; i++)
        {
            double g = r.NextGamma(shape);
            s += g;
            s2 += g * g;
            inv += r.NextInverseGamma(shape + 2, 3);
        }
        double mean = s / n, variance = s2 / n - mean * mean;
        // Gamma(a, 1): mean a, variance a, fourth central moment 3a² + 6a; 5 Monte Carlo SEs.
        Assert.InRange(mean, shape - 5 * Math.Sqrt(shape / n), shape + 5 * Math.Sqrt(shape / n));
        double varSe = Math.Sqrt((3 * shape * shape + 6 * shape - shape * shape) / n);
        Assert.InRange(variance, shape - 5 * varSe, shape + 5 * varSe);
        // Inverse-gamma(b, c): mean c/(b − 1), variance c²/((b − 1)²(b − 2)).
        double b = shape + 2, invMean = 3 / (b - 1), invSd = 3 / ((b - 1) * Math.Sqrt(b - 2));
        Assert.InRange(inv / n, invMean - 5 * invSd / Math.Sqrt(n), invMean + 5 * invSd / Math.Sqrt(n));
    }

    [Fact]
    public void OpenUniformsAreNeverZeroOrOne()
    {
        var r = new RandomStream(1, StreamPurpose.Simulation, 2);
        for (int i = 0; i < 100_000; i++) Assert.InRange(r.NextOpenDouble(), double.Epsilon, 1 - 1e-17);
    }
}
