using Resampling.Randomness;

namespace Resampling.Randomness;

/// <summary>
/// The random stream of one bootstrap replicate: xoshiro256** seeded through SplitMix64 from (seed, replicate index).
/// Every replicate owns its stream, so a replicate's draws depend only on (seed, index): the same seed gives the same
/// results on any number of threads, and ranges of replicates run on different machines merge into the whole run.
/// Normals by Marsaglia's polar method, gammas by Marsaglia &amp; Tsang (2000).
/// </summary>
public sealed class ReplicateRandom
{
    private Xoshiro256 _g;

    public ReplicateRandom(ulong seed, long replicate) => Reset(seed, replicate);

    /// <summary>Restarts this object on the stream of (seed, replicate), so a worker can reuse one instance.</summary>
    public void Reset(ulong seed, long replicate)
    {
        // Mix the index before adding so neighbouring (seed, i) pairs start far apart in SplitMix64's sequence.
        _g = Xoshiro256.FromSplitMix(seed ^ Xoshiro256.Mix(unchecked((ulong)replicate * 0xD1B54A32D192ED03UL + 0x8CB92BA72F3D8DD7UL)));
    }

    public ulong NextUInt64() => _g.Next();

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => _g.NextDouble();

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

    public double NextNormal() => _g.NextNormal();

    /// <summary>Gamma(shape, scale 1).</summary>
    public double NextGamma(double shape)
    {
        if (!(shape > 0)) throw new ArgumentOutOfRangeException(nameof(shape));
        if (shape < 1)
        {
            // Boost: Gamma(a) = Gamma(a + 1) · U^{1/a}.
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
}
