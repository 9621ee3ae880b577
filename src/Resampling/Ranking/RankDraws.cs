namespace Resampling.Ranking;

/// <summary>
/// Draws of the ranked quantity for every group, from any source (MCMC posterior, type III bootstrap, ...): a
/// draws × groups matrix, draw-major. <see cref="Chains"/> optionally gives the chain of each draw (MCMC).
/// </summary>
public sealed class RankDraws
{
    public RankDraws(string source, IReadOnlyList<string> levels, double[,] values, int[]? chains = null)
    {
        if (values.GetLength(1) != levels.Count)
            throw new ArgumentException($"{values.GetLength(1)} columns of draws for {levels.Count} groups.");
        if (values.GetLength(0) == 0) throw new ArgumentException("No draws.");
        if (chains is not null && chains.Length != values.GetLength(0))
            throw new ArgumentException($"{chains.Length} chain ids for {values.GetLength(0)} draws.");
        Source = source;
        Levels = levels;
        Values = values;
        Chains = chains;
    }

    /// <summary>Where the draws come from, e.g. "mcmc" or "bootstrap".</summary>
    public string Source { get; }
    public IReadOnlyList<string> Levels { get; }
    /// <summary>Draw × group.</summary>
    public double[,] Values { get; }
    public int[]? Chains { get; }
    public int DrawCount => Values.GetLength(0);
    public int GroupCount => Values.GetLength(1);
}
