namespace Resampling.Randomness;

/// <summary>
/// What a random stream is for: the second part of its key (seed, purpose, index). Streams of different purposes never
/// share draws under one seed, so for example an MCMC run and a bootstrap with the same seed are independent.
/// The numeric values are part of the stream definition: do not renumber them.
/// </summary>
public enum StreamPurpose
{
    /// <summary>Bootstrap replicates (parametric, case, residual, the LRT's and the ranking's type III bootstrap).</summary>
    Replicate = 0,

    /// <summary>MCMC chains (index: chain number, from 1).</summary>
    Chain = 1,

    /// <summary>The max-t draws of the rank confidence sets.</summary>
    RankConfidenceSet = 2,

    /// <summary>Simulated data sets (examples, tests, benchmarks, simulation studies).</summary>
    Simulation = 3,
}
