using Resampling.Randomness;

namespace Resampling.Bootstrap;

/// <summary>
/// Exact binomial and Poisson variates from the toolkit's random stream, for simulating a GLMM's response. Small
/// cases by counting (n uniforms for a binomial of n &lt; 64 trials; multiplied uniforms for a Poisson mean below 30);
/// large ones reduced exactly through an order statistic (a beta for the binomial, a gamma for the Poisson: Devroye
/// 1986, §X.4 and §X.3), then counted. docs/glmm.md §8.
/// </summary>
public static class DiscreteVariates
{
    private const int CountingTrials = 64;
    private const double CountingMean = 30;

    /// <summary>The largest Poisson mean simulated (1e15; the fitted means of any sensible model are far below).</summary>
    public const double MaxPoissonMean = 1e15;

    /// <summary>The number of successes in <paramref name="trials"/> independent trials of probability <paramref name="p"/>.</summary>
    public static int Binomial(RandomStream random, int trials, double p)
    {
        if (trials < 0) throw new ArgumentOutOfRangeException(nameof(trials), trials, "The number of trials cannot be negative.");
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "A probability lies in [0, 1].");
        int add = 0;
        bool flip = p > 0.5;
        if (flip) p = 1 - p;
        int n = trials;
        // The i-th smallest of n uniforms is Beta(i, n − i + 1): if it is at most p, the i trials below it all succeed
        // and the n − i above it succeed with probability (p − Y)/(1 − Y); otherwise only those below it can, each with p/Y.
        while (n >= CountingTrials && p > 0)
        {
            int i = (n + 1) / 2;
            double a = random.NextGamma(i), b = random.NextGamma(n - i + 1);
            double y = a / (a + b);
            if (y <= p)
            {
                add += i;
                n -= i;
                p = (p - y) / (1 - y);
            }
            else
            {
                n = i - 1;
                p /= y;
            }
        }
        int k = add;
        if (p > 0)
            for (int j = 0; j < n; j++)
                if (random.NextDouble() < p) k++;
        return flip ? trials - k : k;
    }

    /// <summary>A Poisson count of mean <paramref name="mean"/>.</summary>
    public static long Poisson(RandomStream random, double mean)
    {
        if (!(mean >= 0) || double.IsInfinity(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "A Poisson mean is finite and non-negative.");
        // Beyond this a count is not even held exactly by a double, and the reduction below would take mean/2³⁰ steps.
        if (mean > MaxPoissonMean) throw new ArgumentOutOfRangeException(nameof(mean), mean, $"A Poisson mean above {MaxPoissonMean:G3} cannot be simulated exactly.");
        long add = 0;
        // The m-th arrival of a unit-rate Poisson process comes at Gamma(m): before the mean, m arrivals and a Poisson
        // count of the rest; after it, the first m − 1 arrivals are uniform on (0, X) and those before the mean binomial.
        // m is capped at 2³⁰ (an int for the binomial; a larger mean is worked off 2³⁰ arrivals at a time).
        while (mean >= CountingMean)
        {
            int m = (int)Math.Min(0.875 * mean, 1 << 30);
            double x = random.NextGamma(m);
            if (x < mean)
            {
                add += m;
                mean -= x;
            }
            else
            {
                return add + Binomial(random, m - 1, mean / x);
            }
        }
        double limit = Math.Exp(-mean), product = random.NextDouble();
        long k = 0;
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }
        return add + k;
    }
}
