using System.Diagnostics;
using Resampling.Engine;
using Resampling.Randomness;

namespace Resampling.Bootstrap;

/// <summary>
/// lme4's bootMer: simulate y* from the fitted model (new random effects, or conditional on the estimated ones with
/// <see cref="BootstrapOptions.UseU"/>), refit with the model's own method (REML or ML) warm-started at θ̂, and collect
/// every parameter of <see cref="BootstrapParameterLayout"/>, or a statistic of the user's. A model fitted from shards'
/// cross-products is simulated on its pseudo-rows (<see cref="RowSimulator"/>, or the per-group bases with one grouping
/// factor): the same distribution from the sufficient statistics alone (docs/cluster.md §5).
/// Maths: docs/bootstrap.md §2.
/// </summary>
public static class ParametricBootstrap
{
    public static BootstrapResult Run(LinearMixedModel model, BootstrapOptions options)
    {
        var sw = Stopwatch.StartNew();
        var layout = new BootstrapParameterLayout(model);
        bool fast = options.FastSimulation && GroupBasisSimulator.Supports(model, [model]);
        var basis = fast ? new GroupBasisSimulator(model, [model], options.UseU) : null;
        var rows = fast ? null : new RowSimulator(model, options.UseU);
        var draws = BootstrapRunner.Run(() => new Kernel(model, layout, basis, rows), layout.Count, options);
        return new BootstrapResult("parametric", options.Seed, layout.Names, layout.Values(model), draws, sw.Elapsed);
    }

    /// <summary>
    /// The bootstrap of a statistic of the user's: each replicate's refit is a whole <see cref="LinearMixedModel"/>
    /// (<see cref="LinearMixedModel.Refit"/>), passed to <paramref name="statistic"/>, which must return
    /// <paramref name="names"/>.Count values and be thread-safe.
    /// </summary>
    public static BootstrapResult Run(LinearMixedModel model, Func<LinearMixedModel, double[]> statistic, IReadOnlyList<string> names,
        BootstrapOptions options)
    {
        DataRowsCheck.Require(model, "The bootstrap of a statistic (a whole model refitted per replicate)");
        var sw = Stopwatch.StartNew();
        var estimate = statistic(model);
        if (estimate.Length != names.Count) throw new ArgumentException($"The statistic gives {estimate.Length} values for {names.Count} names.");
        var rows = new RowSimulator(model, options.UseU);
        var draws = BootstrapRunner.Run(() => new StatisticKernel(model, statistic, rows), names.Count, options);
        return new BootstrapResult("parametric", options.Seed, names, estimate, draws, sw.Elapsed);
    }

    private sealed class Kernel : IReplicateKernel
    {
        private readonly RefitWorker _worker;
        private readonly BootstrapParameterLayout _layout;
        private readonly WorkerResponses _responses;

        public Kernel(LinearMixedModel model, BootstrapParameterLayout layout, GroupBasisSimulator? basis, RowSimulator? rows)
        {
            _worker = new RefitWorker(model);
            _layout = layout;
            _responses = new WorkerResponses(basis, rows, _worker);
        }

        public bool Run(RandomStream random, double[] values)
        {
            _responses.Simulate(random);
            var o = _worker.Fit();
            _layout.Fill(o.Theta, o.Sigma, o.Beta, o.Objective, values);
            return o.Singular;
        }
    }

    private sealed class StatisticKernel(LinearMixedModel model, Func<LinearMixedModel, double[]> statistic, RowSimulator rows) : IReplicateKernel
    {
        public bool Run(RandomStream random, double[] values)
        {
            var y = new double[rows.RowCount];
            rows.Simulate(random, y);
            var refit = model.RefitWorking(y); // the rows are simulated on the working scale
            var v = statistic(refit);
            if (v.Length != values.Length) throw new BootstrapRefitException($"the statistic gave {v.Length} values, expected {values.Length}");
            v.CopyTo(values, 0);
            return refit.Singular;
        }
    }
}
