using Resampling.Randomness;
using Resampling.Bootstrap;
using Resampling.Engine;

namespace Resampling.Ranking;

/// <summary>The Bootstrap module's simulator (lme4's simulate, use.u = FALSE) behind the ranking module's interface.</summary>
internal sealed class BootstrapModuleSimulator(LinearMixedModel model, long seed) : IResponseSimulator
{
    private readonly RowSimulator _simulator = new(model, useU: false);

    public double[] Simulate(int replicate)
    {
        var y = new double[_simulator.RowCount];
        _simulator.Simulate(new ReplicateRandom(unchecked((ulong)seed), replicate), y);
        return y;
    }
}
