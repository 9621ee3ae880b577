using Resampling.Randomness;

namespace Resampling.Ranking;

/// <summary>
/// Simulates a response y* from a fitted model with a replicate's random stream; the result depends only on the stream.
/// <see cref="TypeThreeBootstrap"/> uses the Bootstrap module's simulator (<see cref="BootstrapModuleSimulator"/>);
/// <see cref="InternalResponseSimulator"/>, written before that module landed, is kept as an independent check of it.
/// </summary>
public interface IResponseSimulator
{
    double[] Simulate(RandomStream random);
}
