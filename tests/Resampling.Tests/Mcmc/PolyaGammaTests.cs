using MathNet.Numerics.Distributions;
using Resampling.Mcmc;
using Resampling.Randomness;

namespace Resampling.Tests.Mcmc;

/// <summary>
/// The Pólya-Gamma sampler against the distribution's exact properties, computed here independently of the sampler:
/// PG(b, c) = (1/(2π²)) Σₖ gₖ/((k − ½)² + c²/(4π²)), gₖ ~ Gamma(b, 1), gives the mean and variance as series, which
/// must match the closed forms b·tanh(c/2)/(2c) and b(sinh c − c)/(4c³cosh²(c/2)); the CDF of PG(1, c) from the two
/// exact series of J*(1, z) (Devroye's), which must agree with each other, is the KS test's reference.
/// </summary>
public class PolyaGammaTests
{
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(1, 1.5)]
    [InlineData(1, -4.0)]
    [InlineData(3, 2.0)]
    [InlineData(2, 12.0)]
    public void MomentsMatchTheExactMeanAndVariance(int b, double c)
    {
        var (seriesMean, seriesVariance) = SeriesMoments(b, c);
        Assert.Equal(ClosedMean(b, c), seriesMean, 1e-6);
        Assert.Equal(ClosedVariance(b, c), seriesVariance, 1e-6);
        Assert.Equal(ClosedMean(b, c), PolyaGamma.Mean(b, c), 1e-12);

        var rng = new RandomStream(7, StreamPurpose.Simulation, (long)(b * 1000 + c * 10 + 500));
        const int n = 40_000;
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = PolyaGamma.Next(rng, b, c);
        double mean = x.Average();
        double variance = x.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        double m4 = x.Sum(v => Math.Pow(v - mean, 4)) / n;
        double meanSe = Math.Sqrt(seriesVariance / n), varSe = Math.Sqrt((m4 - variance * variance) / n);
        Assert.True(Math.Abs(mean - seriesMean) < 4 * meanSe, $"mean {mean} vs {seriesMean} (se {meanSe})");
        Assert.True(Math.Abs(variance - seriesVariance) < 4 * varSe, $"variance {variance} vs {seriesVariance} (se {varSe})");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.8)]
    [InlineData(3.0)]
    [InlineData(-9.0)]
    public void DrawsFollowTheExactCdf(double c)
    {
        // The two series are each the whole CDF: they agree where both converge quickly.
        foreach (double x in new[] { 0.08, 0.12, 0.16, 0.25 })
            Assert.Equal(CdfLeft(x, c), 1 - SurvivalRight(x, c), 1e-10);
        var rng = new RandomStream(11, StreamPurpose.Simulation, (long)(c * 100 + 1000));
        const int n = 20_000;
        var x2 = new double[n];
        for (int i = 0; i < n; i++) x2[i] = PolyaGamma.NextOne(rng, c);
        Array.Sort(x2);
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double f = Cdf(x2[i], c);
            d = Math.Max(d, Math.Max((i + 1.0) / n - f, f - (double)i / n));
        }
        // Kolmogorov's 1% critical value 1.628/√n.
        Assert.True(d < 1.628 / Math.Sqrt(n), $"KS distance {d} for c = {c}");
    }

    private static double ClosedMean(double b, double c) => Math.Abs(c) < 1e-12 ? b / 4 : b * Math.Tanh(c / 2) / (2 * c);

    private static double ClosedVariance(double b, double c)
    {
        if (Math.Abs(c) < 1e-12) return b / 24;
        double ch = Math.Cosh(c / 2);
        return b * (Math.Sinh(c) - c) / (4 * c * c * c * ch * ch);
    }

    /// <summary>Mean and variance from the infinite sum of gammas, summed to 2·10⁶ terms plus the integral of the tail.</summary>
    private static (double Mean, double Variance) SeriesMoments(double b, double c)
    {
        double a = c * c / (4 * Math.PI * Math.PI), mean = 0, variance = 0;
        const int terms = 2_000_000;
        for (int k = terms; k >= 1; k--)
        {
            double d = (k - 0.5) * (k - 0.5) + a;
            mean += 1 / d;
            variance += 1 / (d * d);
        }
        // Tails Σ_{k>K} 1/(k−½)² ≈ 1/K and Σ 1/(k−½)⁴ ≈ 1/(3K³).
        mean += 1.0 / terms;
        variance += 1.0 / (3.0 * terms * terms * terms);
        return (b * mean / (2 * Math.PI * Math.PI), b * variance / (4 * Math.PI * Math.PI * Math.PI * Math.PI));
    }

    private static double Cdf(double x, double c) => 4 * x < 0.64 ? CdfLeft(x, c) : 1 - SurvivalRight(x, c);

    /// <summary>
    /// P(PG(1, c) ≤ x) = P(J*(1, z) ≤ 4x), z = |c|/2, from the small-x series of J*'s density (a sum of Lévy-type terms,
    /// each integrating to an inverse-Gaussian CDF): cosh z Σₙ (−1)ⁿ 2[e^(−mz)Φ((yz − m)/√y) + e^(mz)Φ(−(yz + m)/√y)],
    /// m = 2n + 1, y = 4x.
    /// </summary>
    private static double CdfLeft(double x, double c)
    {
        double z = Math.Abs(c) / 2, y = 4 * x, s = 0;
        for (int n = 0; n < 12; n++) // terms fall like e^(−m²/(2y)); more would overflow e^(mz)
        {
            double m = 2 * n + 1;
            double term = 2 * (Math.Exp(-m * z) * Normal.CDF(0, 1, (y * z - m) / Math.Sqrt(y))
                + Math.Exp(m * z) * Normal.CDF(0, 1, -(y * z + m) / Math.Sqrt(y)));
            s += (n % 2 == 0 ? 1 : -1) * term;
        }
        return Math.Cosh(z) * s;
    }

    /// <summary>P(PG(1, c) &gt; x) from the large-x series: cosh z Σₙ (−1)ⁿ π(n+½) e^(−Kₙy)/Kₙ, Kₙ = ((n+½)²π² + z²)/2.</summary>
    private static double SurvivalRight(double x, double c)
    {
        double z = Math.Abs(c) / 2, y = 4 * x, s = 0;
        for (int n = 0; n < 400; n++)
        {
            double h = n + 0.5, k = (h * h * Math.PI * Math.PI + z * z) / 2;
            s += (n % 2 == 0 ? 1 : -1) * Math.PI * h * Math.Exp(-k * y) / k;
        }
        return Math.Cosh(z) * s;
    }
}
