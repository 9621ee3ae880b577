namespace Resampling.Ranking;

/// <summary>
/// The rankogram P(rank = r) per group (rank 1 first), holding only the ranks that occurred: per group the distinct
/// ranks in increasing order and their counts. A dense groups × ranks table would be J² entries (3.2 GB of ints for
/// 20,000 groups) while a group's draws reach only a band of ranks. Immutable.
/// </summary>
public sealed class SparseRankogram
{
    private readonly int[] _start;
    // Ranks and counts as 16-bit numbers when they fit (ranks up to 65,535 groups, counts up to 65,535 draws): at
    // 20,000 groups × 4,000 draws a group reaches thousands of ranks, and the table is hundreds of MB.
    private readonly ushort[]? _ranks16, _counts16;
    private readonly int[]? _ranks32, _counts32;
    private readonly int _draws;

    /// <summary>
    /// The rankogram from each group's distinct ranks (increasing) and their counts, copied into one table of the exact
    /// size; each group's pieces are let go (set to null) once copied, so the pieces and the table are not all held at once.
    /// </summary>
    internal SparseRankogram(int draws, int[][] ranks, int[][] counts)
    {
        int groups = ranks.Length;
        Groups = groups;
        _draws = draws;
        _start = new int[groups + 1];
        for (int j = 0; j < groups; j++) _start[j + 1] = checked(_start[j] + ranks[j].Length);
        int total = _start[groups];
        if (groups <= ushort.MaxValue) _ranks16 = new ushort[total];
        else _ranks32 = new int[total];
        if (draws <= ushort.MaxValue) _counts16 = new ushort[total];
        else _counts32 = new int[total];
        for (int j = 0; j < groups; j++)
        {
            int at = _start[j];
            var r = ranks[j];
            var c = counts[j];
            for (int i = 0; i < r.Length; i++)
            {
                if (_ranks16 is not null) _ranks16[at + i] = (ushort)r[i];
                else _ranks32![at + i] = r[i];
                if (_counts16 is not null) _counts16[at + i] = (ushort)c[i];
                else _counts32![at + i] = c[i];
            }
            ranks[j] = counts[j] = null!;
        }
    }

    private int RankAt(int i) => _ranks16 is not null ? _ranks16[i] : _ranks32![i];
    private int CountAt(int i) => _counts16 is not null ? _counts16[i] : _counts32![i];

    public int Groups { get; }

    /// <summary>P(rank of group j = r + 1): r is 0-based, as in a group × rank table.</summary>
    public double this[int group, int rank]
    {
        get
        {
            int lo = _start[group], hi = _start[group + 1] - 1, target = rank + 1;
            while (lo <= hi)
            {
                int mid = lo + (hi - lo) / 2, r = RankAt(mid);
                if (r == target) return CountAt(mid) / (double)_draws;
                if (r < target) lo = mid + 1;
                else hi = mid - 1;
            }
            return 0;
        }
    }

    /// <summary>The ranks group j took (1-based, increasing) with their probabilities.</summary>
    public IEnumerable<(int Rank, double Probability)> Of(int group)
    {
        for (int i = _start[group]; i < _start[group + 1]; i++) yield return (RankAt(i), CountAt(i) / (double)_draws);
    }
}
