using System.Diagnostics;
using Resampling.Glmm;
using Resampling.Randomness;

namespace Resampling.Bootstrap;

/// <summary>
/// lme4's bootMer for a GLMM (type = "parametric", use.u = FALSE): replicate i simulates y* from the fit with the random
/// stream (seed, i) (<see cref="GlmmResponseSimulator"/>: b* ~ N(0, Σ̂), y* from the family at η* with the same trials
/// and offset), refits it warm-started at the estimate (<see cref="GlmmRefitter"/>) and collects the parameters of
/// <see cref="BootstrapParameterLayout"/>. Runs through the toolkit's one replicate runner, so the draws do not depend on
/// the thread count; a refit that fails is kept as a failed draw. Maths: docs/glmm.md §8.
/// </summary>
public static class GlmmParametricBootstrap
{
    public static BootstrapResult Run(GeneralizedLinearMixedModel model, BootstrapOptions options)
    {
        if (options.UseU) throw new ArgumentException("The GLMM bootstrap simulates new random effects (use.u = FALSE) only.", nameof(options));
        var sw = Stopwatch.StartNew();
        var layout = new BootstrapParameterLayout(model);
        var simulator = new GlmmResponseSimulator(model);
        var draws = BootstrapRunner.Run(() => new Kernel(model, layout, simulator), layout.Count, options);
        return new BootstrapResult("parametric", options.Seed, layout.Names, layout.Values(model), draws, sw.Elapsed);
    }

    private sealed class Kernel(GeneralizedLinearMixedModel model, BootstrapParameterLayout layout, GlmmResponseSimulator simulator) : IReplicateKernel
    {
        private readonly GlmmRefitter _refitter = new(model);
        private readonly double[] _effects = new double[simulator.EffectCount];

        public bool Run(RandomStream random, double[] values)
        {
            simulator.Simulate(random, _refitter.Response, _effects);
            GlmmRefit o;
            try
            {
                o = _refitter.Fit();
            }
            catch (GlmmException e)
            {
                throw new BootstrapRefitException(e.Message);
            }
            layout.Fill(o.Theta, o.Beta, o.Deviance, values);
            return o.Singular;
        }
    }
}
