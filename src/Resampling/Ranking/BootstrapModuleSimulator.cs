using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Randomness;

namespace Resampling.Ranking;

/// <summary>The Bootstrap module's simulator (lme4's simulate, use.u = FALSE) behind the ranking module's interface.</summary>
internal sealed class BootstrapModuleSimulator(LinearMixedModel model) : IResponseSimulator
{
    private readonly RowSimulator _simulator = new(model, useU: false);

    /// <summary>y* alone: on the data's rows only (a design of pseudo-rows also needs the residual <see cref="SimulateInto"/> adds).</summary>
    public double[] Simulate(RandomStream random)
    {
        if (_simulator.ResidualDf > 0) throw new InvalidOperationException("A design of pseudo-rows is simulated with SimulateInto.");
        var y = new double[_simulator.RowCount];
        _simulator.Simulate(random, y);
        return y;
    }

    /// <summary>
    /// Simulates y* into <paramref name="worker"/>'s cross-products; on pseudo-rows (a fit from cross-products) with the
    /// residual sum of squares they leave out (docs/cluster.md §5). The same draws as <see cref="Simulate"/> on data rows.
    /// </summary>
    public void SimulateInto(RandomStream random, RefitWorker worker, Buffers buffers)
    {
        double extra = _simulator.SimulateWithScratch(random, buffers.Y, buffers.Scratch);
        worker.SetResponse(buffers.Y, extra);
    }

    /// <summary>One thread's y* and simulation scratch, reused by every replicate it runs (1.6 MB at 200,000 rows).</summary>
    public Buffers NewBuffers() => new(new double[_simulator.RowCount], _simulator.NewScratch());

    internal sealed record Buffers(double[] Y, double[] Scratch);
}
