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
        // Each draw's ranks, draw-major (memory: half that of the draws, not groups²). One sort per draw, descending by
        // value; draws in parallel in blocks (a block's draws are gathered at once, so group-major draws are read in
        // contiguous runs), each draw writing its own row.
        // Ranks up to 65,535 are kept as 16-bit numbers (160 MB rather than 320 MB at 20,000 groups × 4,000 draws).
        bool narrow = groups <= ushort.MaxValue;
        var ranks16 = narrow ? new ushort[(long)n * groups] : null;
        var ranks32 = narrow ? null : new int[(long)n * groups];
        int drawBlocks = (n + DrawBlock - 1) / DrawBlock;
        Parallel.For(0, drawBlocks, () => (Tile: new double[DrawBlock * groups], Ranker: new DrawRanker(groups), Row: new int[groups]), (b, _, w) =>
        {
            int d0 = b * DrawBlock, count = Math.Min(DrawBlock, n - d0);
            draws.CopyDraws(d0, count, w.Tile);
            for (int dd = 0; dd < count; dd++)
            {
                w.Ranker.Rank(w.Tile.AsSpan(dd * groups, groups), w.Row);
                long row = (long)(d0 + dd) * groups;
                if (ranks16 is not null)
                    for (int j = 0; j < groups; j++) ranks16[row + j] = (ushort)w.Row[j];
                else
                    for (int j = 0; j < groups; j++) ranks32![row + j] = w.Row[j];
            }
            return w;
        }, _ => { });
        double alpha = (1 - level) / 2;
        var result = new DrawRankSummary[groups];
        // Per group, its distinct ranks and their counts (the sparse rankogram), increasing. Groups in blocks, so that
        // the columns are gathered row by row (contiguous reads) rather than one strided column at a time. A block's
        // rankogram entries are gathered in the worker's scratch and copied once into the table's exact-size (16-bit)
        // arrays for that block: no per-group pieces beside the table, no second copy of it.
        var rankogram = new SparseRankogram(groups, n);
        const int Block = SparseRankogram.BlockSize;
        int blocks = (groups + Block - 1) / Block;
        Parallel.For(0, blocks, () => new GroupBlockWork(Block, n, groups), (b, _, w) =>
        {
            int j0 = b * Block, width = Math.Min(Block, groups - j0);
            draws.CopyGroups(j0, width, w.Values);
            for (int d = 0; d < n; d++)
            {
                long row = (long)d * groups + j0;
                if (ranks16 is not null)
                    for (int jj = 0; jj < width; jj++) w.Ranks[jj * n + d] = ranks16[row + jj];
                else
                    for (int jj = 0; jj < width; jj++) w.Ranks[jj * n + d] = ranks32![row + jj];
            }
            int used = 0;
            for (int jj = 0; jj < width; jj++)
            {
                int j = j0 + jj;
                int m = Runs(w.Ranks.AsSpan(jj * n, n), w.Counts, w.RunRanks.AsSpan(used), w.RunCounts.AsSpan(used));
                ReadOnlySpan<int> r = w.RunRanks.AsSpan(used, m), c = w.RunCounts.AsSpan(used, m);
                w.First[jj] = used;
                used += m;
                w.End[jj] = used;
                double meanRank = 0;
                int pTop = 0, pBottom = 0;
                for (int i = 0; i < r.Length; i++)
                {
                    meanRank += r[i] * (double)c[i];
                    if (r[i] <= top) pTop += c[i];
                    if (r[i] > groups - top) pBottom += c[i];
                }
                meanRank /= n;
                var column = w.Values.AsSpan(jj * n, n);
                double mean = 0;
                foreach (var x in column) mean += x;
                mean /= n;
                double ss = 0;
                foreach (var x in column) ss += (x - mean) * (x - mean);
                double sd = n > 1 ? Math.Sqrt(ss / (n - 1)) : double.NaN;
                double lower, upper;
                if (double.IsNaN(mean))
                {
                    column.Sort();
                    (lower, upper) = (RStats.SortedQuantile(column, alpha), RStats.SortedQuantile(column, 1 - alpha));
                }
                else (lower, upper) = OrderStatistics.Quantiles(column, alpha, 1 - alpha);
                result[j] = new DrawRankSummary(draws.Levels[j], mean, sd, lower, upper, meanRank,
                    RankQuantile(r, c, groups, n, 0.5), RankQuantile(r, c, groups, n, alpha), RankQuantile(r, c, groups, n, 1 - alpha),
                    pTop / (double)n, pBottom / (double)n);
            }
            rankogram.SetBlock(b, w.RunRanks.AsSpan(0, used), w.RunCounts.AsSpan(0, used), w.First.AsSpan(0, width), w.End.AsSpan(0, width));
            return w;
        }, _ => { });
        return new DrawRankSummaries(draws.Source, n, level, top, result, rankogram);
    }

    /// <summary>
    /// The distinct ranks of one group's draws, increasing, and how often each occurs, written to the start of
    /// <paramref name="values"/> and <paramref name="counts"/> (room for one per draw); returns how many. Counted over the
    /// band of ranks the group reached (O(draws + band), no sort). <paramref name="tally"/> has room for ranks 1..J and is left zeroed.
    /// </summary>
    private static int Runs(ReadOnlySpan<int> ranks, int[] tally, Span<int> values, Span<int> counts)
    {
        int lo = int.MaxValue, hi = int.MinValue;
        foreach (int r in ranks)
        {
            tally[r]++;
            if (r < lo) lo = r;
            if (r > hi) hi = r;
        }
        int k = 0;
        for (int r = lo; r <= hi; r++)
        {
            if (tally[r] == 0) continue;
            values[k] = r;
            counts[k++] = tally[r];
            tally[r] = 0;
        }
        return k;
    }

    /// <summary>
    /// One worker's buffers for a block of groups: their draws and ranks (group-major), the rank tally, and the block's
    /// rankogram entries before they are copied into the table (at most one per draw per group).
    /// </summary>
    private sealed class GroupBlockWork(int block, int draws, int groups)
    {
        public double[] Values { get; } = new double[block * draws];
        public int[] Ranks { get; } = new int[block * draws];
        public int[] Counts { get; } = new int[groups + 1];
        public int[] RunRanks { get; } = new int[block * draws];
        public int[] RunCounts { get; } = new int[block * draws];
        public int[] First { get; } = new int[block];
        public int[] End { get; } = new int[block];
    }

    /// <summary>Draws ranked per task: their tile (draws × groups) is 2.5 MB at 20,000 groups.</summary>
    private const int DrawBlock = 16;

    /// <summary>⌈fraction·J⌉, at least 1 (a tiny epsilon keeps 0.1·160 = 16, not 17, despite rounding).</summary>
    public static int TopCount(int groups, double fraction) => Math.Max(1, (int)Math.Ceiling(fraction * groups - 1e-9));

    /// <summary>Smallest rank r with P(rank ≤ r) ≥ p (R's quantile type 1).</summary>
    private static int RankQuantile(ReadOnlySpan<int> ranks, ReadOnlySpan<int> counts, int groups, int n, double p)
    {
        long cum = 0;
        for (int i = 0; i < ranks.Length; i++)
        {
            cum += counts[i];
            if (cum >= p * n - 1e-9 * n && cum > 0) return ranks[i];
        }
        return groups;
    }
}
