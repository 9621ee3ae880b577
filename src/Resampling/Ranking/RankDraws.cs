using Resampling.Numerics;

namespace Resampling.Ranking;

/// <summary>
/// Draws of the ranked quantity for every group, from any source (MCMC posterior, type III bootstrap, ...): a
/// draws × groups matrix, draw-major. <see cref="Chains"/> optionally gives the chain of each draw (MCMC). The
/// constructor copies its arrays, so the draws cannot change after the fact.
/// </summary>
public sealed class RankDraws
{
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
        Values = copy ? ReadOnlyMatrix.CopyOf(values) : ReadOnlyMatrix.Wrap(values);
        Chains = chains is null ? null : Array.AsReadOnly((int[])chains.Clone());
    }

    /// <summary>Where the draws come from, e.g. "mcmc" or "bootstrap".</summary>
    public string Source { get; }
    public IReadOnlyList<string> Levels { get; }
    /// <summary>Draw × group.</summary>
    public ReadOnlyMatrix Values { get; }
    public IReadOnlyList<int>? Chains { get; }
    public int DrawCount => Values.Rows;
    public int GroupCount => Values.Columns;
}
