using System.Diagnostics;
using Resampling.Engine;
using Resampling.Formulas;
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
        // Two models' cross-products give two sets of pseudo-rows: y* cannot be simulated once for both.
        DataRowsCheck.Require(small, "The bootstrap likelihood-ratio test");
        DataRowsCheck.Require(large, "The bootstrap likelihood-ratio test");
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

    /// <summary>
    /// PBmodcomp of <paramref name="large"/> against its fixed part alone, the linear model y ~ X with no random term
    /// (ranova's row that removes the last random term): responses simulated from the lm as simulate.lm does (σ̂ the
    /// unbiased RSS/(n − p)), the lm refitted by least squares and the mixed model by ML with the warm refit,
    /// T* = deviance_lm − deviance_mixed. Same random stream and replicate runner as the mixed-model case.
    /// </summary>
    public static PbModcompResult RunAgainstFixedPart(LinearMixedModel large, BootstrapOptions options) =>
        RunAgainstLinearModel(formula: null, large, options);

    /// <summary>
    /// PBmodcomp of <paramref name="large"/> against the linear model of <paramref name="formula"/> (fixed terms only;
    /// null: the large model's fixed part), as <see cref="RunAgainstFixedPart"/>. The linear model must use the same rows
    /// and response, and its model-matrix columns must be among the mixed model's (so it is nested).
    /// </summary>
    public static PbModcompResult RunAgainstLinearModel(Formula? formula, LinearMixedModel large, BootstrapOptions options)
    {
        DataRowsCheck.Require(large, "The bootstrap likelihood-ratio test against a linear model");
        var sw = Stopwatch.StartNew();
        var l = large.RefitMl();
        var lm = new LinearNullModel(formula is null ? l.Design : LinearDesign(formula, l));
        int df = l.ParameterCount - lm.ParameterCount;
        if (df <= 0)
            throw new ModelException($"The models are not nested: the mixed model has {l.ParameterCount} parameters, the linear model {lm.ParameterCount}.");
        double t = lm.Deviance - l.Objective;
        var draws = BootstrapRunner.Run(() => new LinearNullKernel(lm, l), 1, options with { UseU = false });
        return new PbModcompResult(t, df, draws, sw.Elapsed);
    }

    /// <summary>
    /// The linear model's design: its fixed part under the mixed model's random terms (a design needs one; only X, y and
    /// the weights are used), refused unless it keeps the same rows and response and its columns are the mixed model's.
    /// </summary>
    private static MixedModelDesign LinearDesign(Formula formula, LinearMixedModel large)
    {
        if (formula.Random.Count > 0) throw new ModelException($"\"{formula.Text}\" has random-effects terms: it is not a linear model.");
        var design = large.Design.Reformulated(formula with { Random = large.Formula.Random });
        if (!design.Rows.SequenceEqual(large.Design.Rows) || !design.Response.SequenceEqual(large.Design.Response))
            throw new ModelException("The two models must be fitted to the same rows of the same response.");
        var missing = design.X.Names.Where(n => !large.Design.X.Names.Contains(n)).ToList();
        if (missing.Count > 0)
            throw new ModelException($"The models are not nested: the linear model's column '{missing[0]}' is not in the mixed model.");
        return design;
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

    /// <summary>One thread's replicate for the linear null: simulate from the lm, refit it in closed form and the mixed model by ML.</summary>
    private sealed class LinearNullKernel(LinearNullModel small, LinearMixedModel large) : IReplicateKernel
    {
        private readonly RefitWorker _large = new(large);
        private readonly double[] _y = new double[small.RowCount];

        public bool Run(RandomStream random, double[] values)
        {
            small.Simulate(random, _y);
            _large.SetResponse(_y);
            var l = _large.Fit();
            // With every θ on the boundary (below lme4's singular tolerance) the mixed model is the linear model and
            // the difference is rounding or the optimiser's tolerance (≪ 1e-6, either sign); PBtest counts T* > 0 as
            // valid, so the boundary's zeros are written as the 0 they are.
            double tol = _large.SingularTolerance;
            values[0] = Array.TrueForAll(l.Theta, t => Math.Abs(t) < tol) ? 0 : small.MlDeviance(_y) - l.Objective;
            return l.Singular;
        }
    }
}
