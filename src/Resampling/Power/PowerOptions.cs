using Resampling.Replication;

namespace Resampling.Power;

/// <summary>How to estimate power: the test, the simulation's size and seed, and the design dimension to vary.</summary>
public sealed record PowerOptions
{
    public required PowerTest Test { get; init; }
    public PowerMethod Method { get; init; } = PowerMethod.Satterthwaite;

    /// <summary>NAME=VALUE changes to the fitted parameters before simulating (<see cref="SimulationParameters.Set"/>).</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>The grouping column whose number of groups varies; null: the data's design only.</summary>
    public string? Along { get; init; }

    /// <summary>
    /// The grouping column whose groups' number of observations varies (simr's <c>within</c>); null: the data's group
    /// sizes. Not with <see cref="Along"/>.
    /// </summary>
    public string? Within { get; init; }

    /// <summary>Numbers of groups of <see cref="Along"/>, or observations per group of <see cref="Within"/>.</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [];

    /// <summary>A column of prior weights (lme4's weights =: residual variance σ²/wᵢ); null: unweighted.</summary>
    public string? Weights { get; init; }

    public int Simulations { get; init; } = 1000;

    /// <summary>
    /// The index of the first simulation (from 1): a run of simulations First..First + Simulations − 1, so that ranges run
    /// apart (shards) merge into the whole run (<see cref="PowerResult.Merge"/>).
    /// </summary>
    public long FirstSimulation { get; init; } = 1;
    public ulong Seed { get; init; } = 1;
    public double Alpha { get; init; } = 0.05;

    /// <summary>Target power for the smallest sufficient size; null: none asked.</summary>
    public double? Target { get; init; }

    /// <summary>Also simulate with the tested effect at zero, for the type I error rate.</summary>
    public bool Null { get; init; }

    /// <summary>Inner replicates of the parametric-bootstrap LRT applied to each simulated data set (method pb).</summary>
    public int BootstrapReplicates { get; init; } = 199;

    public int MaxThreads { get; init; } = Threads.AllCores;
    public IProgress<RunProgress>? Progress { get; init; }
}
