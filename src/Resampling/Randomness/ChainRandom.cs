using Resampling.Randomness;

namespace Resampling.Randomness;

/// <summary>
/// The generator of one chain: xoshiro256** (Blackman &amp; Vigna 2018) seeded through SplitMix64 from (seed, chain), with
/// normal (Marsaglia polar) and gamma (Marsaglia &amp; Tsang 2000) variates. Our own rather than System.Random so that the
/// stream is specified here, independent of the runtime version, and each chain's draws depend only on (seed, chain).
/// </summary>
internal sealed class ChainRandom
{
    private Xoshiro256 _g;

    public ChainRandom(long seed, int stream)
    {
        ulong x = unchecked((ulong)seed ^ (0x9E3779B97F4A7C15UL * (ulong)(stream + 1)));
        // Mix the stream in twice so neighbouring (seed, chain) pairs do not share SplitMix64 states.
        x = Xoshiro256.SplitMix(ref x) ^ (ulong)stream;
        _g = Xoshiro256.FromSplitMix(x);
    }

    public ulong NextULong() => _g.Next();

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => _g.NextDouble();

    /// <summary>Uniform on (0, 1): safe under a logarithm.</summary>
    public double NextOpenDouble() => _g.NextOpenDouble();

    public double NextNormal() => _g.NextNormal();

    public void FillNormal(Span<double> z)
    {
        for (int i = 0; i < z.Length; i++) z[i] = NextNormal();
    }

    /// <summary>Gamma with the given shape and unit scale.</summary>
    public double NextGamma(double shape)
    {
        if (!(shape > 0)) throw new ArgumentOutOfRangeException(nameof(shape), shape, "Gamma shape must be positive.");
        if (shape < 1)
        {
            // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
            return NextGamma(shape + 1) * Math.Pow(NextOpenDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextNormal();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = NextOpenDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) return d * v;
            if (Math.Log(u) < 0.5 * x2 + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>Inverse-gamma with density ∝ x^(−shape−1) exp(−rate/x).</summary>
    public double NextInverseGamma(double shape, double rate) => rate / NextGamma(shape);

    /// <summary>Chi-square with df degrees of freedom.</summary>
    public double NextChiSquare(double df) => 2 * NextGamma(df / 2);
}
