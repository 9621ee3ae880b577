namespace Resampling.Bootstrap;

/// <summary>
/// The random stream of one bootstrap replicate: xoshiro256** seeded through SplitMix64 from (seed, replicate index).
/// Every replicate owns its stream, so a replicate's draws depend only on (seed, index): the same seed gives the same
/// results on any number of threads, and ranges of replicates run on different machines merge into the whole run.
/// Normals by Marsaglia's polar method, gammas by Marsaglia &amp; Tsang (2000).
/// </summary>
public sealed class ReplicateRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    public ReplicateRandom(ulong seed, long replicate) => Reset(seed, replicate);

    /// <summary>Restarts this object on the stream of (seed, replicate), so a worker can reuse one instance.</summary>
    public void Reset(ulong seed, long replicate)
    {
        // Mix the index before adding so neighbouring (seed, i) pairs start far apart in SplitMix64's sequence.
        ulong x = seed ^ Mix(unchecked((ulong)replicate * 0xD1B54A32D192ED03UL + 0x8CB92BA72F3D8DD7UL));
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _hasSpare = false;
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

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

    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spare = v * f;
        _hasSpare = true;
        return u * f;
    }

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

    private static ulong SplitMix(ref ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        return Mix(x);
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
