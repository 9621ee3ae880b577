using Resampling.Numerics;

namespace Resampling.Ranking;

/// <summary>
/// Ranks the groups within each draw, r_j = 1 + #{k : θ_k > θ_j} (rank 1 = highest; ties share the better rank), and
/// summarises the rank distribution per group (Laird &amp; Louis 1989; Marshall &amp; Spiegelhalter 1998).
/// Maths: docs/ranking.md §2.
/// </summary>
public static class RankSummarizer
{
    /// <param name="draws">The effect draws: one row per draw, one column per group.</param>
    /// <param name="topFraction">Top (and bottom) share for P(top)/P(bottom): k = ⌈topFraction·J⌉ groups.</param>
    /// <param name="level">Coverage of the effect and rank intervals.</param>
    public static DrawRankSummaries Summarize(RankDraws draws, double topFraction = 0.1, double level = 0.95)
    {
        if (!(topFraction > 0 && topFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(topFraction), "must be in (0, 1]");
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), "must be in (0, 1)");
        int n = draws.DrawCount, groups = draws.GroupCount;
        int top = TopCount(groups, topFraction);
        var counts = new int[groups, groups];
        var sum = new double[groups];
        var keys = new double[groups];
        var order = new int[groups];
        var v = draws.Values;
        for (int d = 0; d < n; d++)
        {
            // One sort per draw: descending by value.
            for (int j = 0; j < groups; j++) { keys[j] = -v[d, j]; order[j] = j; }
            Array.Sort(keys, order);
            int rank = 1;
            for (int i = 0; i < groups; i++)
            {
                if (i > 0 && keys[i] != keys[i - 1]) rank = i + 1;
                counts[order[i], rank - 1]++;
            }
        }
        double alpha = (1 - level) / 2;
        var result = new DrawRankSummary[groups];
        var rankogram = new double[groups, groups];
        var column = new double[n];
        for (int j = 0; j < groups; j++)
        {
            double meanRank = 0;
            for (int r = 0; r < groups; r++)
            {
                rankogram[j, r] = counts[j, r] / (double)n;
                meanRank += (r + 1) * (double)counts[j, r];
            }
            meanRank /= n;
            int pTop = 0, pBottom = 0;
            for (int r = 0; r < top; r++) pTop += counts[j, r];
            for (int r = groups - top; r < groups; r++) pBottom += counts[j, r];
            for (int d = 0; d < n; d++) column[d] = v[d, j];
            double mean = column.Average();
            double ss = 0;
            foreach (var x in column) ss += (x - mean) * (x - mean);
            double sd = n > 1 ? Math.Sqrt(ss / (n - 1)) : double.NaN;
            var q = RStats.Quantiles(column, [alpha, 1 - alpha]);
            result[j] = new DrawRankSummary(draws.Levels[j], mean, sd, q[0], q[1], meanRank,
                RankQuantile(counts, j, groups, n, 0.5), RankQuantile(counts, j, groups, n, alpha), RankQuantile(counts, j, groups, n, 1 - alpha),
                pTop / (double)n, pBottom / (double)n);
        }
        return new DrawRankSummaries(draws.Source, n, level, top, result, ReadOnlyMatrix.Wrap(rankogram));
    }

    /// <summary>⌈fraction·J⌉, at least 1 (a tiny epsilon keeps 0.1·160 = 16, not 17, despite rounding).</summary>
    public static int TopCount(int groups, double fraction) => Math.Max(1, (int)Math.Ceiling(fraction * groups - 1e-9));

    /// <summary>Smallest rank r with P(rank ≤ r) ≥ p (R's quantile type 1).</summary>
    private static int RankQuantile(int[,] counts, int j, int groups, int n, double p)
    {
        long cum = 0;
        for (int r = 0; r < groups; r++)
        {
            cum += counts[j, r];
            if (cum >= p * n - 1e-9 * n && cum > 0) return r + 1;
        }
        return groups;
    }
}
