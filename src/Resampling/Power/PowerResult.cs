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
    /// <summary>The first simulation's index: this run covers FirstSimulation .. FirstSimulation + Simulations − 1.</summary>
    public long FirstSimulation { get; init; } = 1;

    /// <summary>The grouping column whose observations per group the sizes count (simr's within); null when sizes count groups.</summary>
    public string? Within { get; init; }

    /// <summary>
    /// Joins runs of the same analysis over disjoint ranges of simulations (shards): rejections, used and failed counts
    /// add up and the intervals are recomputed, so the merged result equals the run over the union of the ranges.
    /// </summary>
    public static PowerResult Merge(IReadOnlyList<PowerResult> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("Nothing to merge.");
        var a = parts[0];
        foreach (var b in parts.Skip(1))
        {
            if (b.Test != a.Test || b.Method != a.Method || b.Alpha != a.Alpha || b.Seed != a.Seed || b.Along != a.Along || b.Within != a.Within || b.Target != a.Target
                || !b.Points.Select(p => p.Size).SequenceEqual(a.Points.Select(p => p.Size)) || (b.NullRejection is null) != (a.NullRejection is null))
                throw new Model.ModelException("The power runs to merge differ (test, method, alpha, seed, sizes, target or --null): they are not shards of one run.");
        }
        var ordered = parts.OrderBy(p => p.FirstSimulation).ToList();
        for (int k = 1; k < ordered.Count; k++)
            if (ordered[k].FirstSimulation < ordered[k - 1].FirstSimulation + ordered[k - 1].Simulations)
                throw new Model.ModelException($"The power runs to merge overlap (simulations from {ordered[k].FirstSimulation} run twice).");
        static IReadOnlyList<PowerPoint> Sum(IEnumerable<IReadOnlyList<PowerPoint>> lists)
        {
            var all = lists.ToList();
            return all[0].Select((p, k) =>
            {
                int rejected = all.Sum(l => l[k].Rejections), used = all.Sum(l => l[k].Used), failed = all.Sum(l => l[k].Failed);
                var (lower, upper) = ClopperPearson.Interval(rejected, used);
                return new PowerPoint(p.Size, rejected, used, failed, lower, upper);
            }).ToList();
        }
        return a with
        {
            Simulations = parts.Sum(p => p.Simulations),
            FirstSimulation = ordered[0].FirstSimulation,
            Points = Sum(parts.Select(p => p.Points)),
            NullRejection = a.NullRejection is null ? null : Sum(parts.Select(p => p.NullRejection!)),
            Elapsed = TimeSpan.FromTicks(parts.Sum(p => p.Elapsed.Ticks)),
        };
    }

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
