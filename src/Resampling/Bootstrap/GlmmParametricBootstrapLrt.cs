using System.Diagnostics;
using Resampling.Glmm;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Randomness;

namespace Resampling.Bootstrap;

/// <summary>
/// pbkrtest's PBmodcomp for two nested GLMMs (it accepts glmer fits): responses simulated from the smaller model's fit
/// (<see cref="GlmmResponseSimulator"/>), both models refitted on each (<see cref="GlmmRefitter"/>, warm-started at their
/// own estimates), T*_i = deviance_small − deviance_large, against the observed T. Replicate i on the stream (seed, i)
/// through the one replicate runner; a replicate where either refit fails is counted as failed. docs/glmm.md §9.
/// </summary>
public static class GlmmParametricBootstrapLrt
{
    public static PbModcompResult Run(GeneralizedLinearMixedModel small, GeneralizedLinearMixedModel large, BootstrapOptions options)
    {
        var sw = Stopwatch.StartNew();
        if (large.ParameterCount < small.ParameterCount)
            throw new ModelException($"The larger model has {large.ParameterCount} parameters, the smaller {small.ParameterCount}: give the smaller model first.");
        GlmmLikelihoodRatioTest.CheckNested(small, large, "the first model", "the second model");
        int df = large.ParameterCount - small.ParameterCount;
        double t = small.Deviance - large.Deviance;
        var simulator = new GlmmResponseSimulator(small);
        var draws = BootstrapRunner.Run(() => new Kernel(small, large, simulator), 1, options with { UseU = false });
        return new PbModcompResult(t, df, draws, sw.Elapsed);
    }

    private sealed class Kernel(GeneralizedLinearMixedModel small, GeneralizedLinearMixedModel large, GlmmResponseSimulator simulator) : IReplicateKernel
    {
        private readonly GlmmRefitter _small = new(small), _large = new(large);
        private readonly double[] _effects = new double[simulator.EffectCount];

        public bool Run(RandomStream random, double[] values)
        {
            simulator.Simulate(random, _small.Response, _effects);
            _small.Response.CopyTo(_large.Response);
            try
            {
                var s = _small.Fit();
                var l = _large.Fit();
                values[0] = s.Deviance - l.Deviance;
                return l.Singular;
            }
            catch (GlmmException e)
            {
                throw new BootstrapRefitException(e.Message);
            }
        }
    }
}
