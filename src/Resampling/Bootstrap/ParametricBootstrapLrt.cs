using System.Diagnostics;
using Resampling.Engine;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Randomness;

namespace Resampling.Bootstrap;

/// <summary>
/// pbkrtest's PBmodcomp: fit both models by ML, simulate responses from the smaller (null) model, refit both on each,
/// and refer the observed likelihood-ratio statistic to the simulated ones. Replicate i's value is
/// T*_i = deviance_small − deviance_large (= 2(logLik_large − logLik_small)); a replicate where either refit fails is
/// counted as failed.
/// Maths: docs/bootstrap.md §4.
/// </summary>
public static class ParametricBootstrapLrt
{
    public static PbModcompResult Run(LinearMixedModel small, LinearMixedModel large, int replicates, ulong seed) =>
        Run(small, large, new BootstrapOptions { Replicates = replicates, Seed = seed });

    public static PbModcompResult Run(LinearMixedModel small, LinearMixedModel large, BootstrapOptions options)
    {
        var sw = Stopwatch.StartNew();
        var test = Prepare(small, large);
        return new PbModcompResult(test.Statistic, test.Df, test.Draws(options), sw.Elapsed);
    }

    /// <summary>
    /// The ML fits of the pair, checked nested (a one-line <see cref="ModelException"/> otherwise), with the observed
    /// statistic and df; its <see cref="Prepared.Draws"/> runs any range of the replicates.
    /// </summary>
    public static Prepared Prepare(LinearMixedModel small, LinearMixedModel large)
    {
        if (small.ObservationCount != large.ObservationCount || !small.Design.Response.SequenceEqual(large.Design.Response))
            throw new ModelException("The two models must be fitted to the same rows of the same response.");
        var s = small.RefitMl();
        var l = large.RefitMl();
        // Only a nested pair given the wrong way round is told to swap; anything else is told it is not nested.
        if (l.ParameterCount < s.ParameterCount && IsNested(l, s))
            throw new ModelException($"The larger model has {l.ParameterCount} parameters, the smaller {s.ParameterCount}: give the smaller model first.");
        LikelihoodRatioTest.CheckNested(s, l, "the first model", "the second model");
        int df = l.ParameterCount - s.ParameterCount;
        if (df <= 0)
            throw new ModelException($"The models are not nested: the second has {l.ParameterCount} parameters, the first {s.ParameterCount}.");
        return new Prepared(s, l, s.Objective - l.Objective, df);
    }

    /// <summary>A checked pair of ML fits: T = deviance_small − deviance_large on df parameters.</summary>
    public sealed record Prepared(LinearMixedModel Small, LinearMixedModel Large, double Statistic, int Df)
    {
        /// <summary>The replicates of <paramref name="options"/> (a range, a skip set): T*_i of each, on stream (seed, i).</summary>
        public IReadOnlyList<BootstrapDraw> Draws(BootstrapOptions options)
        {
            bool fast = options.FastSimulation && GroupBasisSimulator.Supports(Small, [Small, Large]);
            var basis = fast ? new GroupBasisSimulator(Small, [Small, Large], useU: false) : null;
            var rows = fast ? null : new RowSimulator(Small, useU: false);
            return BootstrapRunner.Run(() => new Kernel(Small, Large, basis, rows), 1, options with { UseU = false });
        }
    }

    private static bool IsNested(LinearMixedModel small, LinearMixedModel large)
    {
        try
        {
            LikelihoodRatioTest.CheckNested(small, large, "", "");
            return true;
        }
        catch (ModelException)
        {
            return false;
        }
    }

    private sealed class Kernel : IReplicateKernel
    {
        private readonly RefitWorker _small, _large;
        private readonly WorkerResponses _responses;

        public Kernel(LinearMixedModel small, LinearMixedModel large, GroupBasisSimulator? basis, RowSimulator? rows)
        {
            _small = new RefitWorker(small);
            _large = new RefitWorker(large);
            _responses = new WorkerResponses(basis, rows, _small, _large);
        }

        public bool Run(RandomStream random, double[] values)
        {
            _responses.Simulate(random);
            var s = _small.Fit();
            var l = _large.Fit();
            values[0] = s.Objective - l.Objective;
            return l.Singular;
        }
    }
}
