namespace Resampling.Cluster;

/// <summary>
/// Numbers the cells (combinations of grouping levels) in order of first appearance: one long key per combination
/// (mixed radix over the level counts) when it fits, a text key otherwise (many terms with many levels).
/// </summary>
internal sealed class CellKeys(int[] levelCounts)
{
    private readonly bool _fits = levelCounts.Aggregate(1.0, (p, c) => p * Math.Max(c, 1)) < 9e18;
    private readonly Dictionary<long, int> _byNumber = [];
    private readonly Dictionary<string, int> _byText = new(StringComparer.Ordinal);

    /// <summary>The cell of <paramref name="levels"/>; when new, it is given number <paramref name="next"/>.</summary>
    public int IndexOf(int[] levels, int next)
    {
        if (_fits)
        {
            long k = 0;
            for (int t = 0; t < levels.Length; t++) k = k * levelCounts[t] + levels[t];
            if (_byNumber.TryGetValue(k, out int cell)) return cell;
            _byNumber.Add(k, next);
            return next;
        }
        var text = string.Join(",", levels);
        if (_byText.TryGetValue(text, out int c)) return c;
        _byText.Add(text, next);
        return next;
    }
}
