namespace Resampling.Mcmc;

/// <summary>
/// The posterior draws of a run and their summaries. Scalar parameters are named as in <see cref="ParameterNames"/>
/// (fixed effects by lme4's names; <c>var_x|g</c>, <c>cov_x.y|g</c>, <c>sd_x|g</c>, <c>cor_x.y|g</c> per term;
/// <c>var_Residual</c>, <c>sigma</c>). All draws are chain-major.
/// </summary>
public sealed class McmcResult
{
    private readonly double[][] _draws;
    private readonly Dictionary<string, int> _index;

    internal McmcResult(McmcOptions options, IReadOnlyList<string> names, double[][] draws, IReadOnlyList<TermEffectDraws> effects,
        IReadOnlyList<ParameterSummary> parameters, IReadOnlyList<ParameterSummary> effectSummaries, double elapsedSeconds,
        IReadOnlyList<string> warnings)
    {
        Options = options;
        ParameterNames = names;
        _draws = draws;
        _index = names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        RandomEffects = effects;
        Parameters = parameters;
        RandomEffectSummaries = effectSummaries;
        ElapsedSeconds = elapsedSeconds;
        Warnings = warnings;
    }

    public McmcOptions Options { get; }

    /// <summary>Per chain, the share of collapsed moves accepted after warm-up (NaN where the move was not used).</summary>
    public IReadOnlyList<double> CollapsedAcceptance { get; init; } = [];
    public int Chains => Options.Chains;
    public int Iterations => Options.Iterations;
    public int Warmup => Options.Warmup;
    public int Thin => Options.Thin;
    public int DrawsPerChain => Options.DrawsPerChain;
    public int DrawCount => Chains * DrawsPerChain;

    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Summaries of the scalar parameters, in <see cref="ParameterNames"/> order.</summary>
    public IReadOnlyList<ParameterSummary> Parameters { get; }

    /// <summary>Draws of every term's random effects (empty when <see cref="McmcOptions.KeepRandomEffects"/> is off).</summary>
    public IReadOnlyList<TermEffectDraws> RandomEffects { get; }

    /// <summary>Summaries of every random effect, term by term, level by level, column by column.</summary>
    public IReadOnlyList<ParameterSummary> RandomEffectSummaries { get; }

    /// <summary>Wall time of the sampling (all chains), diagnostics excluded.</summary>
    public double ElapsedSeconds { get; }

    /// <summary>R̂ above 1.01 and bulk- or tail-ESS below 400, one line each.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public ReadOnlySpan<double> Draws(int parameter) => _draws[parameter];

    public ReadOnlySpan<double> Draws(string name) =>
        _index.TryGetValue(name, out var i) ? _draws[i] : throw new KeyNotFoundException($"No parameter '{name}'. Parameters: {string.Join(", ", ParameterNames)}");

    public ParameterSummary Summary(string name) =>
        _index.TryGetValue(name, out var i) ? Parameters[i] : throw new KeyNotFoundException($"No parameter '{name}'.");
}
