namespace Resampling.Power;

/// <summary>
/// One design's estimate: <see cref="Rejections"/> of <see cref="Used"/> simulations (those whose fit and test gave a
/// p-value) rejected at α, the 95% Clopper–Pearson interval, and the simulations whose fit or test failed.
/// </summary>
public sealed record PowerPoint(int Size, int Rejections, int Used, int Failed, double Lower, double Upper)
{
    public double Power => Used > 0 ? (double)Rejections / Used : double.NaN;

    /// <summary>The Monte Carlo standard error √(p(1 − p)/n).</summary>
    public double StandardError => Used > 0 ? Math.Sqrt(Power * (1 - Power) / Used) : double.NaN;
}

/// <summary>A power analysis: one point per size (or one for the data's design), and the type I error if asked.</summary>
public sealed record PowerResult(PowerTest Test, PowerMethod Method, double Alpha, int Simulations, ulong Seed, string? Along,
    IReadOnlyList<PowerPoint> Points, IReadOnlyList<PowerPoint>? NullRejection, double? Target, TimeSpan Elapsed)
{
    /// <summary>The smallest size whose estimated power reaches the target; null if none does or no target was given.</summary>
    public int? SmallestSize => Target is { } t ? Points.OrderBy(p => p.Size).FirstOrDefault(p => p.Power >= t)?.Size : null;

    /// <summary>
    /// The range the smallest sufficient size is plausibly in: from the first size whose interval's upper end reaches
    /// the target to the first whose lower end does (null ends: not reached at the sizes run).
    /// </summary>
    public (int? From, int? To) SmallestSizeRange => Target is { } t
        ? (Points.OrderBy(p => p.Size).FirstOrDefault(p => p.Upper >= t)?.Size, Points.OrderBy(p => p.Size).FirstOrDefault(p => p.Lower >= t)?.Size)
        : (null, null);
}
