using Resampling.Numerics;

namespace Resampling.Ranking;

/// <summary>
/// Draws of the ranked quantity for every group, from any source (MCMC posterior, type III bootstrap, ...): a
/// draws × groups matrix. <see cref="Chains"/> optionally gives the chain of each draw (MCMC). The constructor copies
/// its arrays, so the draws cannot change after the fact.
/// </summary>
/// <remarks>
/// The module's own sources hand their arrays over without a copy, either draw-major (the bootstrap writes one
/// replicate per row) or group-major (the MCMC keeps each random effect's draws as one array: the posterior of a single
/// random-effect column is those very arrays, so 20,000 groups × 4,000 draws are held once, not twice).
/// </remarks>
public sealed class RankDraws
{
    private readonly double[,]? _drawMajor;
    private readonly double[][]? _groupMajor;
    private ReadOnlyMatrix? _values;

    public RankDraws(string source, IReadOnlyList<string> levels, double[,] values, int[]? chains = null)
        : this(source, levels, values, chains, copy: true)
    {
    }

    /// <summary>With <paramref name="copy"/> false the draws are taken, not copied (the module's own sources, which
    /// hand over a fresh array: a second draws × groups copy is hundreds of MB for 20,000 groups).</summary>
    internal RankDraws(string source, IReadOnlyList<string> levels, double[,] values, int[]? chains, bool copy)
    {
        if (values.GetLength(1) != levels.Count)
            throw new ArgumentException($"{values.GetLength(1)} columns of draws for {levels.Count} groups.");
        if (values.GetLength(0) == 0) throw new ArgumentException("No draws.");
        if (chains is not null && chains.Length != values.GetLength(0))
            throw new ArgumentException($"{chains.Length} chain ids for {values.GetLength(0)} draws.");
        Source = source;
        Levels = levels;
        _drawMajor = copy ? (double[,])values.Clone() : values;
        DrawCount = values.GetLength(0);
        Chains = chains is null ? null : Array.AsReadOnly((int[])chains.Clone());
    }

    /// <summary>
    /// Group-major draws taken without a copy: <paramref name="columns"/>[j] holds group j's draws (all of the same
    /// length). The arrays may be shared with their source (the MCMC result's effect draws), which never writes them again.
    /// </summary>
    internal RankDraws(string source, IReadOnlyList<string> levels, double[][] columns, int[]? chains)
    {
        if (columns.Length != levels.Count)
            throw new ArgumentException($"{columns.Length} columns of draws for {levels.Count} groups.");
        int n = columns.Length == 0 ? 0 : columns[0].Length;
        if (n == 0) throw new ArgumentException("No draws.");
        if (columns.Any(c => c.Length != n)) throw new ArgumentException("Groups with different numbers of draws.");
        if (chains is not null && chains.Length != n)
            throw new ArgumentException($"{chains.Length} chain ids for {n} draws.");
        Source = source;
        Levels = levels;
        _groupMajor = columns;
        DrawCount = n;
        Chains = chains is null ? null : Array.AsReadOnly((int[])chains.Clone());
    }

    /// <summary>Where the draws come from, e.g. "mcmc" or "bootstrap".</summary>
    public string Source { get; }
    public IReadOnlyList<string> Levels { get; }

    /// <summary>Draw × group (for group-major draws, a draw-major copy made at the first call).</summary>
    public ReadOnlyMatrix Values => _values ??= _drawMajor is not null ? ReadOnlyMatrix.Wrap(_drawMajor) : ReadOnlyMatrix.Wrap(ToDrawMajor(_groupMajor!, DrawCount));

    public IReadOnlyList<int>? Chains { get; }
    public int DrawCount { get; }
    public int GroupCount => Levels.Count;

    /// <summary>Draw <paramref name="draw"/> of group <paramref name="group"/>.</summary>
    public double this[int draw, int group] => _drawMajor is not null ? _drawMajor[draw, group] : _groupMajor![group][draw];

    /// <summary>Copies draws [<paramref name="firstDraw"/>, + <paramref name="count"/>) of every group into
    /// <paramref name="tile"/>, draw-major (count × groups), whichever the storage.</summary>
    internal void CopyDraws(int firstDraw, int count, Span<double> tile)
    {
        int groups = GroupCount;
        if (_drawMajor is not null)
        {
            for (int d = 0; d < count; d++)
                for (int j = 0; j < groups; j++) tile[d * groups + j] = _drawMajor[firstDraw + d, j];
            return;
        }
        // Group-major: a short contiguous run of each group's array per group, scattered into the tile's column.
        for (int j = 0; j < groups; j++)
        {
            var column = _groupMajor![j].AsSpan(firstDraw, count);
            for (int d = 0; d < count; d++) tile[d * groups + j] = column[d];
        }
    }

    /// <summary>Copies every draw of groups [<paramref name="firstGroup"/>, + <paramref name="count"/>) into
    /// <paramref name="tile"/>, group-major (count × draws), whichever the storage.</summary>
    internal void CopyGroups(int firstGroup, int count, Span<double> tile)
    {
        int n = DrawCount;
        if (_groupMajor is not null)
        {
            for (int jj = 0; jj < count; jj++) _groupMajor[firstGroup + jj].AsSpan().CopyTo(tile.Slice(jj * n, n));
            return;
        }
        for (int d = 0; d < n; d++)
            for (int jj = 0; jj < count; jj++) tile[jj * n + d] = _drawMajor![d, firstGroup + jj];
    }

    private static double[,] ToDrawMajor(double[][] columns, int n)
    {
        var values = new double[n, columns.Length];
        for (int j = 0; j < columns.Length; j++)
            for (int d = 0; d < n; d++) values[d, j] = columns[j][d];
        return values;
    }
}
