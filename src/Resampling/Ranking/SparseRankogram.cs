namespace Resampling.Ranking;

/// <summary>
/// The rankogram P(rank = r) per group (rank 1 first), holding only the ranks that occurred: per group the distinct
/// ranks in increasing order and their counts. A dense groups × ranks table would be J² entries (3.2 GB of ints for
/// 20,000 groups) while a group's draws reach only a band of ranks. Immutable.
/// </summary>
public sealed class SparseRankogram
{
    private readonly int[] _start, _ranks, _counts;
    private readonly int _draws;

    internal SparseRankogram(int groups, int draws, int[] start, int[] ranks, int[] counts)
    {
        Groups = groups;
        _draws = draws;
        _start = start;
        _ranks = ranks;
        _counts = counts;
    }

    public int Groups { get; }

    /// <summary>P(rank of group j = r + 1): r is 0-based, as in a group × rank table.</summary>
    public double this[int group, int rank]
    {
        get
        {
            int lo = _start[group], hi = _start[group + 1];
            int i = Array.BinarySearch(_ranks, lo, hi - lo, rank + 1);
            return i >= 0 ? _counts[i] / (double)_draws : 0;
        }
    }

    /// <summary>The ranks group j took (1-based, increasing) with their probabilities.</summary>
    public IEnumerable<(int Rank, double Probability)> Of(int group)
    {
        for (int i = _start[group]; i < _start[group + 1]; i++) yield return (_ranks[i], _counts[i] / (double)_draws);
    }
}
