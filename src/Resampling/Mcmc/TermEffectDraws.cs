namespace Resampling.Mcmc;

/// <summary>
/// Posterior draws of one lme4 term's random effects b (not the spherical u): for each level and column, the draws of all
/// chains, chain-major (chain c's draws at [c·DrawsPerChain, (c+1)·DrawsPerChain)). The rank-uncertainty report ranks
/// the levels within each draw.
/// </summary>
public sealed class TermEffectDraws
{
    private readonly double[][] _draws;

    internal TermEffectDraws(string group, string factor, IReadOnlyList<string> levels, IReadOnlyList<string> names,
        int chains, int drawsPerChain, double[][] draws)
    {
        Group = group;
        Factor = factor;
        Levels = levels;
        Names = names;
        Chains = chains;
        DrawsPerChain = drawsPerChain;
        _draws = draws;
    }

    /// <summary>lme4's name for the term (<c>SCHOOL</c>, or <c>Subject.1</c> for a factor's second term).</summary>
    public string Group { get; }

    public string Factor { get; }
    public IReadOnlyList<string> Levels { get; }
    public IReadOnlyList<string> Names { get; }
    public int Chains { get; }
    public int DrawsPerChain { get; }
    public int DrawCount => Chains * DrawsPerChain;

    /// <summary>Draws of the effect of column <paramref name="column"/> for level <paramref name="level"/>.</summary>
    public ReadOnlySpan<double> Draws(int level, int column) => _draws[level * Names.Count + column];

    /// <summary>The array behind <see cref="Draws"/>, for this library's readers that share it rather than copy it; never written.</summary>
    internal double[] DrawArray(int level, int column) => _draws[level * Names.Count + column];

    /// <summary>rstanarm's name, <c>b[(Intercept) SCHOOL:1224]</c>.</summary>
    public string EffectName(int level, int column) => $"b[{Names[column]} {Factor}:{Levels[level]}]";
}
