using MathNet.Numerics.Distributions;
using Resampling.Randomness;

namespace Resampling.Mcmc;

/// <summary>
/// Exact draws from the Pólya-Gamma distribution PG(b, c) for a whole number b ≥ 1 (Polson, Scott &amp; Windle 2013):
/// PG(1, c) by Devroye's alternating-series rejection sampler for J*(1, z) = 4·PG(1, 2z), and PG(b, c) as the sum of b
/// independent PG(1, c) draws (exact; O(b) per draw). Maths: docs/mcmc.md §7.
/// </summary>
internal static class PolyaGamma
{
    /// <summary>The point where the two piecewise forms of J*(1)'s density series meet (Devroye's choice, 0.64).</summary>
    private const double T = 0.64;

    /// <summary>A draw of PG(b, c): the sum of b draws of PG(1, c). b must be a whole number ≥ 0 (0 gives 0).</summary>
    public static double Next(RandomStream rng, int b, double c)
    {
        double s = 0;
        for (int k = 0; k < b; k++) s += NextOne(rng, c);
        return s;
    }

    /// <summary>A draw of PG(1, c) = J*(1, |c|/2)/4.</summary>
    public static double NextOne(RandomStream rng, double c)
    {
        double z = Math.Abs(c) / 2;
        // J*(1, z) has density cosh(z) e^(−z²x/2) f(x), f = Σ (−1)ⁿ aₙ(x) the density of J*(1). The proposal is a₀'s
        // envelope tilted by e^(−z²x/2): on x > T an exponential with rate K = π²/8 + z²/2, on x ≤ T the inverse Gaussian
        // IG(1/z, 1) truncated to (0, T). Their masses (common factor cosh z dropped) are p and q, compared in logs.
        double k = Math.PI * Math.PI / 8 + z * z / 2;
        double logP = Math.Log(Math.PI / (2 * k)) - k * T;
        double logQ = Math.Log(2) + LogInverseGaussianMassBelowT(z);
        double pRight = 1 / (1 + Math.Exp(logQ - logP));
        while (true)
        {
            double x = rng.NextDouble() < pRight
                ? T + -Math.Log(rng.NextOpenDouble()) / k
                : TruncatedInverseGaussian(rng, z);
            // Accept when V·a₀(x) falls below the density series: the partial sums alternate around it, so once
            // V·a₀ is below an odd partial sum it is accepted and once above an even one it is rejected.
            double s = A(0, x), y = rng.NextDouble() * s;
            for (int n = 1; ; n++)
            {
                if ((n & 1) == 1)
                {
                    s -= A(n, x);
                    if (y <= s) return x / 4;
                }
                else
                {
                    s += A(n, x);
                    if (y > s) break;
                }
            }
        }
    }

    /// <summary>
    /// The n-th term of the alternating series of J*(1)'s density: π(n+½)(2/(πx))^{3/2} exp(−2(n+½)²/x) for x ≤ T,
    /// π(n+½) exp(−(n+½)²π²x/2) for x &gt; T (both forms are the whole density; each term decreases in n on its side).
    /// </summary>
    internal static double A(int n, double x)
    {
        double h = n + 0.5;
        return x <= T
            ? Math.PI * h * Math.Pow(2 / (Math.PI * x), 1.5) * Math.Exp(-2 * h * h / x)
            : Math.PI * h * Math.Exp(-h * h * Math.PI * Math.PI * x / 2);
    }

    /// <summary>log[e^(−z) P(X &lt; T)], X ~ IG(1/z, 1): e^(−z)Φ((Tz − 1)/√T) + e^(z)Φ(−(Tz + 1)/√T), in logs.</summary>
    private static double LogInverseGaussianMassBelowT(double z)
    {
        double r = Math.Sqrt(T);
        double a = -z + LogNormalCdf((T * z - 1) / r);
        double b = z + LogNormalCdf(-(T * z + 1) / r);
        double m = Math.Max(a, b);
        return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));
    }

    /// <summary>log Φ(x), with the asymptotic series below −30 where Φ underflows.</summary>
    internal static double LogNormalCdf(double x)
    {
        if (x > -30) return Math.Log(Normal.CDF(0, 1, x));
        double x2 = x * x;
        return -x2 / 2 - Math.Log(-x) - 0.5 * Math.Log(2 * Math.PI) + Math.Log(1 - 1 / x2 + 3 / (x2 * x2));
    }

    /// <summary>IG(1/z, 1) truncated to (0, T).</summary>
    private static double TruncatedInverseGaussian(RandomStream rng, double z)
    {
        if (z < 1 / T)
        {
            // Mean beyond T: 1/X is χ²₁ truncated to (1/T, ∞) under the Lévy density x^{-3/2}e^{-1/(2x)} (a normal tail
            // |N| > 1/√T by Marsaglia's exponential method), then accepted with probability e^(−z²X/2) for the tilt.
            while (true)
            {
                double e1, e2;
                do
                {
                    e1 = -Math.Log(rng.NextOpenDouble());
                    e2 = -Math.Log(rng.NextOpenDouble());
                }
                while (e1 * e1 > 2 * e2 / T);
                double x = T / ((1 + T * e1) * (1 + T * e1));
                if (rng.NextDouble() <= Math.Exp(-z * z * x / 2)) return x;
            }
        }
        // Mean below T: plain IG(μ, 1) draws (Michael, Schucany & Haas 1976) until one falls below T.
        double mu = 1 / z;
        while (true)
        {
            double nrm = rng.NextNormal();
            double y = nrm * nrm;
            double x = mu + 0.5 * mu * mu * y - 0.5 * mu * Math.Sqrt(4 * mu * y + mu * mu * y * y);
            if (rng.NextDouble() > mu / (mu + x)) x = mu * mu / x;
            if (x < T) return x;
        }
    }

    /// <summary>E[PG(b, c)] = b tanh(c/2)/(2c) (b/4 at c = 0).</summary>
    public static double Mean(double b, double c) =>
        Math.Abs(c) < 1e-8 ? b / 4 : b * Math.Tanh(c / 2) / (2 * c);
}
