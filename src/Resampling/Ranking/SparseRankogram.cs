namespace Resampling.Ranking;

/// <summary>
/// The rankogram P(rank = r) per group (rank 1 first), holding only the ranks that occurred: per group the distinct
/// ranks in increasing order and their counts. A dense groups × ranks table would be J² entries (3.2 GB of ints for
/// 20,000 groups) while a group's draws reach only a band of ranks. Immutable once built.
/// </summary>
/// <remarks>
/// Stored in blocks of <see cref="BlockSize"/> consecutive groups, one exact-size array of ranks and one of counts per
/// block, 16-bit where the numbers fit (ranks up to 65,535 groups, counts up to 65,535 draws): at 20,000 groups × 4,000
/// draws a group reaches thousands of ranks and the table is about 160 MB. The summaries write each block once as they
/// finish it, so no per-group pieces (nor a second, concatenated copy) are ever held beside the table.
/// </remarks>
public sealed class SparseRankogram
{
    /// <summary>Groups per block (the summaries' unit of work).</summary>
    internal const int BlockSize = 64;

    private readonly int _draws;
    // Group j's entries are [_first[j], _end[j]) of block j / BlockSize.
    private readonly int[] _first, _end;
    private readonly ushort[][]? _ranks16, _counts16;
    private readonly int[][]? _ranks32, _counts32;

    /// <summary>An empty table for <paramref name="groups"/> groups and <paramref name="draws"/> draws, filled block by block (<see cref="SetBlock"/>).</summary>
    internal SparseRankogram(int groups, int draws)
    {
        Groups = groups;
        _draws = draws;
        _first = new int[groups];
        _end = new int[groups];
        int blocks = (groups + BlockSize - 1) / BlockSize;
        if (groups <= ushort.MaxValue) _ranks16 = new ushort[blocks][];
        else _ranks32 = new int[blocks][];
        if (draws <= ushort.MaxValue) _counts16 = new ushort[blocks][];
        else _counts32 = new int[blocks][];
    }

    /// <summary>
    /// Block <paramref name="block"/>'s groups, one after the other: group j's distinct ranks (increasing) and their
    /// counts are entries [<paramref name="first"/>[jj], <paramref name="end"/>[jj]) of <paramref name="ranks"/> and
    /// <paramref name="counts"/>, jj = j − block·BlockSize. Copied into arrays of the exact size. Each block is set once
    /// (by one thread; different blocks may be set at the same time).
    /// </summary>
    internal void SetBlock(int block, ReadOnlySpan<int> ranks, ReadOnlySpan<int> counts, ReadOnlySpan<int> first, ReadOnlySpan<int> end)
    {
        int j0 = block * BlockSize;
        first.CopyTo(_first.AsSpan(j0, first.Length));
        end.CopyTo(_end.AsSpan(j0, end.Length));
        if (_ranks16 is not null)
        {
            var r = new ushort[ranks.Length];
            for (int i = 0; i < r.Length; i++) r[i] = (ushort)ranks[i];
            _ranks16[block] = r;
        }
        else _ranks32![block] = ranks.ToArray();
        if (_counts16 is not null)
        {
            var c = new ushort[counts.Length];
            for (int i = 0; i < c.Length; i++) c[i] = (ushort)counts[i];
            _counts16[block] = c;
        }
        else _counts32![block] = counts.ToArray();
    }

    private int RankAt(int block, int i) => _ranks16 is not null ? _ranks16[block][i] : _ranks32![block][i];
    private int CountAt(int block, int i) => _counts16 is not null ? _counts16[block][i] : _counts32![block][i];

    public int Groups { get; }

    /// <summary>P(rank of group j = r + 1): r is 0-based, as in a group × rank table.</summary>
    public double this[int group, int rank]
    {
        get
        {
            int block = group / BlockSize, lo = _first[group], hi = _end[group] - 1, target = rank + 1;
            while (lo <= hi)
            {
                int mid = lo + (hi - lo) / 2, r = RankAt(block, mid);
                if (r == target) return CountAt(block, mid) / (double)_draws;
                if (r < target) lo = mid + 1;
                else hi = mid - 1;
            }
            return 0;
        }
    }

    /// <summary>The ranks group j took (1-based, increasing) with their probabilities.</summary>
    public IEnumerable<(int Rank, double Probability)> Of(int group)
    {
        int block = group / BlockSize;
        for (int i = _first[group]; i < _end[group]; i++) yield return (RankAt(block, i), CountAt(block, i) / (double)_draws);
    }
}
