namespace Resampling.Randomness;

/// <summary>
/// The one random stream of the toolkit: xoshiro256** (<see cref="Xoshiro256"/>) seeded from the key (seed, purpose,
/// index), with uniform, integer, normal (Marsaglia's polar method), gamma (Marsaglia &amp; Tsang 2000), chi-square and
/// inverse-gamma variates. A stream's draws depend on its key alone, so work keyed by index (bootstrap replicate i,
/// MCMC chain c) gives the same numbers on any number of threads and in any order, and ranges run apart merge into the
/// whole run. Our own generator rather than System.Random so that the streams are specified here, independent of the
/// runtime version. One instance is not thread-safe; a worker reuses one through <see cref="Reset"/>.
/// </summary>
public sealed class RandomStream
{
    private Xoshiro256 _g;

    public RandomStream(ulong seed, StreamPurpose purpose, long index) => Reset(seed, purpose, index);

    /// <summary>Restarts this object on the stream of (seed, purpose, index), so a worker can reuse one instance.</summary>
    public void Reset(ulong seed, StreamPurpose purpose, long index)
    {
        // The index is spread by an odd multiplier and the purpose added as a mixed salt (0 for replicates) before the
        // SplitMix64 finaliser, so neighbouring keys start far apart in SplitMix64's sequence and two purposes would
        // need indices about 2^64 apart to meet. Purpose Replicate reproduces the bootstrap's streams of earlier versions.
        ulong salt = purpose == StreamPurpose.Replicate ? 0 : Xoshiro256.Mix(unchecked((ulong)purpose * 0x9E3779B97F4A7C15UL));
        ulong key = unchecked((ulong)index * 0xD1B54A32D192ED03UL + 0x8CB92BA72F3D8DD7UL + salt);
        _g = Xoshiro256.FromSplitMix(seed ^ Xoshiro256.Mix(key));
    }

    public ulong NextUInt64() => _g.Next();

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => _g.NextDouble();

    /// <summary>Uniform on (0, 1): never 0, safe under a logarithm.</summary>
    public double NextOpenDouble() => _g.NextOpenDouble();

    /// <summary>Uniform integer in [0, n), without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        ulong bound = (ulong)n;
        while (true)
        {
            ulong r = NextUInt64();
            UInt128 m = (UInt128)r * bound;
            ulong low = (ulong)m;
            if (low < bound && low < unchecked(0UL - bound) % bound) continue;
            return (int)(m >> 64);
        }
    }

    /// <summary>Standard normal (Marsaglia's polar method; the pair's second normal is kept for the next call).</summary>
    public double NextNormal() => _g.NextNormal();

    public void FillNormal(Span<double> target)
    {
        for (int i = 0; i < target.Length; i++) target[i] = NextNormal();
    }

    /// <summary>Gamma with the given shape and unit scale.</summary>
    public double NextGamma(double shape)
    {
        if (!(shape > 0)) throw new ArgumentOutOfRangeException(nameof(shape), shape, "Gamma shape must be positive.");
        if (shape < 1)
        {
            // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
            double u = NextDouble();
            return NextGamma(shape + 1) * Math.Pow(u == 0 ? double.Epsilon : u, 1 / shape);
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
            double u = NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>Chi-square with <paramref name="df"/> degrees of freedom (0 gives 0).</summary>
    public double NextChiSquare(double df) => df <= 0 ? 0 : 2 * NextGamma(df / 2);

    /// <summary>Inverse-gamma with density ∝ x^(−shape−1) exp(−rate/x).</summary>
    public double NextInverseGamma(double shape, double rate) => rate / NextGamma(shape);
}
