using Resampling.Bootstrap;
using Resampling.Randomness;
using Xunit;

namespace Resampling.Tests.Bootstrap;

/// <summary>
/// The binomial and Poisson variates of the GLMM simulator, on both their counting and their reduced (beta/gamma order
/// statistic) paths: mean and variance within 5 Monte Carlo standard errors of the distribution's, and the small
/// cases' probabilities within 5 binomial SEs. Fixed seeds.
/// </summary>
public class DiscreteVariatesTests
{
    private const int Draws = 40_000;

    private static void AssertMoments(double[] x, double mean, double variance, string what)
    {
        double m = x.Average();
        double v = x.Sum(t => (t - m) * (t - m)) / (x.Length - 1);
        Assert.True(Math.Abs(m - mean) <= 5 * Math.Sqrt(variance / x.Length), $"{what}: mean {m} vs {mean}");
        // Var(s²) ≈ (μ₄ − σ⁴)/n; bounded here by 3σ⁴ + σ² (a count's fourth central moment is below 3σ⁴ + σ²).
        double se = Math.Sqrt((2 * variance * variance + variance) / x.Length);
        Assert.True(Math.Abs(v - variance) <= 5 * se, $"{what}: variance {v} vs {variance}");
    }

    [Theory]
    [InlineData(1, 0.3)]
    [InlineData(12, 0.8)]
    [InlineData(200, 0.3)]
    [InlineData(5000, 0.01)]
    [InlineData(100_000, 0.5)]
    public void BinomialHasItsMeanAndVariance(int n, double p)
    {
        var random = new RandomStream(7, StreamPurpose.Simulation, n);
        var x = new double[Draws];
        for (int i = 0; i < Draws; i++)
        {
            int k = DiscreteVariates.Binomial(random, n, p);
            Assert.InRange(k, 0, n);
            x[i] = k;
        }
        AssertMoments(x, n * p, n * p * (1 - p), $"Binomial({n}, {p})");
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(4.5)]
    [InlineData(29.9)]
    [InlineData(30)]
    [InlineData(250)]
    [InlineData(1e6)]
    [InlineData(5e9)] // beyond int: the reduction takes 2³⁰ arrivals at a time (it overflowed and hung before)
    public void PoissonHasItsMeanAndVariance(double mean)
    {
        var random = new RandomStream(11, StreamPurpose.Simulation, (long)mean);
        var x = new double[Draws];
        for (int i = 0; i < Draws; i++)
        {
            long k = DiscreteVariates.Poisson(random, mean);
            Assert.True(k >= 0);
            x[i] = k;
        }
        AssertMoments(x, mean, mean, $"Poisson({mean})");
    }

    [Fact]
    public void PoissonMeansBeyondExactCountsAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscreteVariates.Poisson(new RandomStream(1, StreamPurpose.Simulation, 0), 1e16));

    [Fact]
    public void SmallCasesHaveTheirProbabilities()
    {
        var random = new RandomStream(3, StreamPurpose.Simulation, 1);
        var binomial = new int[4];
        var poisson = new int[200];
        for (int i = 0; i < Draws; i++)
        {
            binomial[DiscreteVariates.Binomial(random, 3, 0.6)]++;
            poisson[DiscreteVariates.Poisson(random, 40)]++; // the gamma-reduced path
        }
        for (int k = 0; k <= 3; k++)
        {
            double p = MathNet.Numerics.Distributions.Binomial.PMF(0.6, 3, k);
            Assert.True(Math.Abs(binomial[k] / (double)Draws - p) <= 5 * Math.Sqrt(p * (1 - p) / Draws), $"P(X = {k})");
        }
        foreach (int k in new[] { 30, 35, 40, 45, 50 })
        {
            double p = MathNet.Numerics.Distributions.Poisson.PMF(40, k);
            Assert.True(Math.Abs(poisson[k] / (double)Draws - p) <= 5 * Math.Sqrt(p * (1 - p) / Draws), $"P(N = {k})");
        }
    }

    [Fact]
    public void EdgesAreExact()
    {
        var random = new RandomStream(1, StreamPurpose.Simulation, 1);
        Assert.Equal(0, DiscreteVariates.Binomial(random, 0, 0.5));
        Assert.Equal(0, DiscreteVariates.Binomial(random, 1000, 0));
        Assert.Equal(1000, DiscreteVariates.Binomial(random, 1000, 1));
        Assert.Equal(0, DiscreteVariates.Poisson(random, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscreteVariates.Binomial(random, 3, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscreteVariates.Poisson(random, -1));
    }
}
