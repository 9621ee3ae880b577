using Resampling.Randomness;

namespace Resampling.Randomness;

/// <summary>
/// A small seedable generator (xoshiro256**, seeded through SplitMix64) with standard normal draws. Stream i of a seed
/// depends only on (seed, i), so replicate i draws the same numbers whatever the thread count or the order of work.
/// </summary>
internal sealed class RandomStream
{
    private Xoshiro256 _g;

    public RandomStream(long seed, long stream)
    {
        ulong x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)stream + 0x632BE59BD9B4E019UL) * 0xD1B54A32D192ED03UL);
        _g = Xoshiro256.FromSplitMix(x);
    }

    public ulong NextUInt64() => _g.Next();

    /// <summary>Uniform on (0, 1): 53 random bits, never 0.</summary>
    public double NextUniform() => _g.NextOpenDouble();

    /// <summary>Standard normal by Marsaglia's polar method.</summary>
    public double NextNormal() => _g.NextNormal(openUniforms: true);

    public void FillNormal(Span<double> target)
    {
        for (int i = 0; i < target.Length; i++) target[i] = NextNormal();
    }
}
