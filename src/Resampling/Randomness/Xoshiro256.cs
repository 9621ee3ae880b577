namespace Resampling.Randomness;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna 2018) with SplitMix64 seeding and Marsaglia's polar normals: the one generator core
/// behind <see cref="RandomStream"/>, which keys it by (seed, purpose, index).
/// A mutable struct: hold it in a field and call it through that field, never through a copy.
/// </summary>
internal struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    /// <summary>State from four SplitMix64 steps starting at <paramref name="x"/>.</summary>
    public static Xoshiro256 FromSplitMix(ulong x)
    {
        var g = new Xoshiro256();
        g._s0 = SplitMix(ref x);
        g._s1 = SplitMix(ref x);
        g._s2 = SplitMix(ref x);
        g._s3 = SplitMix(ref x);
        return g;
    }

    public static ulong SplitMix(ref ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        return Mix(x);
    }

    /// <summary>SplitMix64's output function, a strong 64-bit mixer.</summary>
    public static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    public ulong Next()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1): never 0, safe under a logarithm.</summary>
    public double NextOpenDouble() => ((Next() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by Marsaglia's polar method; the second normal of each pair is kept for the next call.</summary>
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
}
