using Resampling.Randomness;
namespace Resampling.Bootstrap;

/// <summary>
/// Computes one replicate's values from its random stream. One kernel per worker thread; a kernel may reuse buffers
/// between replicates but its result must depend on the stream alone (so thread scheduling cannot change results).
/// </summary>
internal interface IReplicateKernel
{
    /// <summary>Writes the replicate's values; returns true when the refit was singular. Throws when the refit fails.</summary>
    bool Run(RandomStream random, double[] values);
}
