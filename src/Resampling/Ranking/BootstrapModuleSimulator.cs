using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Randomness;

namespace Resampling.Ranking;

/// <summary>The Bootstrap module's simulator (lme4's simulate, use.u = FALSE) behind the ranking module's interface.</summary>
internal sealed class BootstrapModuleSimulator(LinearMixedModel model) : IResponseSimulator
{
    private readonly RowSimulator _simulator = new(model, useU: false);

    public double[] Simulate(RandomStream random)
    {
        var y = new double[_simulator.RowCount];
        _simulator.Simulate(random, y);
        return y;
    }
}
