using Resampling.Replication;

namespace Resampling.Mcmc;

/// <summary>
/// How to run the Gibbs sampler. Defaults: 4 chains of 2,000 iterations of which the first 1,000 are warm-up, no thinning,
/// seed 1, all cores; priors as documented on <see cref="FixedEffectsPrior"/>, <see cref="ResidualPrior"/> and
/// <see cref="CovariancePrior"/>. Chains start at the REML estimates with each variance parameter multiplied by
/// exp(Jitter·N(0,1)) and σ likewise, so that R̂ can see chains that never leave their start.
/// </summary>
public sealed record McmcOptions
{
    public int Chains { get; init; } = 4;

    /// <summary>
    /// The number of the first chain run (from 1): chain c always draws from the stream (seed, Chain, c), so chains
    /// <see cref="FirstChain"/> … <see cref="FirstChain"/> + <see cref="Chains"/> − 1 run on another machine are the
    /// single-machine run's chains bit for bit (a shard of the chains; <see cref="McmcSampler.FromChains"/> joins them).
    /// </summary>
    public int FirstChain { get; init; } = 1;

    /// <summary>Iterations per chain, warm-up included (Stan's convention).</summary>
    public int Iterations { get; init; } = 2000;

    public int Warmup { get; init; } = 1000;

    /// <summary>Keep every Thin-th draw after warm-up.</summary>
    public int Thin { get; init; } = 1;

    /// <summary>Chain c (from 1) draws from the stream (Seed, Chain, c).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Upper bound on threads; 0 (default) uses every core (<see cref="Threads"/>). Draws do not depend on it.</summary>
    public int MaxThreads { get; init; } = Threads.AllCores;

    /// <summary>Log-scale sd of the multiplicative jitter on the REML start (0: every chain starts at REML).</summary>
    public double Jitter { get; init; } = 0.5;

    public FixedEffectsPrior FixedEffects { get; init; } = FixedEffectsPrior.Flat;
    public ResidualPrior Residual { get; init; } = ResidualPrior.Jeffreys;
    public CovariancePrior Covariance { get; init; } = CovariancePrior.Default;

    /// <summary>
    /// Add the collapsed Metropolis–Hastings move on the covariance parameters and σ with (β, b) integrated out (an
    /// independence proposal fitted to each chain's warm-up; see the Mcmc README). Needs a warm-up of at least 16
    /// iterations. False: the plain blocked Gibbs sampler with its scale and shear moves.
    /// </summary>
    public bool CollapsedMove { get; init; } = true;

    /// <summary>Keep the draws of every random effect (needed for their summaries and for rank uncertainty).</summary>
    public bool KeepRandomEffects { get; init; } = true;

    /// <summary>
    /// The grouping factors whose random effects are summarised (R̂, ESS, quantiles in
    /// <see cref="McmcResult.RandomEffectSummaries"/>) and counted in the warnings; null (default) every random effect.
    /// The draws kept do not depend on it. The rank analysis summarises only the ranked factor's effects (12,036 effects
    /// of a students × teachers × schools model cost ~10 CPU-s to summarise; its 1,311 teachers a tenth of that); an
    /// empty list summarises none (a shard of the chains, whose summaries nobody reads).
    /// </summary>
    public IReadOnlyList<string>? SummarisedFactors { get; init; }

    /// <summary>Iterations done out of the total over all chains, reported from worker threads one at a time.</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    public int DrawsPerChain => Iterations <= Warmup ? 0 : (Iterations - Warmup + Thin - 1) / Thin;

    internal void Validate()
    {
        if (Chains < 1) throw new Resampling.Model.ModelException($"Chains must be at least 1 (got {Chains}).");
        if (FirstChain < 1) throw new Resampling.Model.ModelException($"Chains are numbered from 1 (first chain {FirstChain}).");
        if (Warmup < 0) throw new Resampling.Model.ModelException($"Warm-up must not be negative (got {Warmup}).");
        if (Thin < 1) throw new Resampling.Model.ModelException($"Thin must be at least 1 (got {Thin}).");
        if (Iterations <= Warmup) throw new Resampling.Model.ModelException($"Iterations ({Iterations}) must exceed warm-up ({Warmup}).");
        if (MaxThreads < 0) throw new Resampling.Model.ModelException($"MaxThreads must be positive, or 0 for every core (got {MaxThreads}).");
        if (!(Jitter >= 0) || double.IsInfinity(Jitter)) throw new Resampling.Model.ModelException($"Jitter must be a non-negative number (got {Jitter}).");
    }
}
