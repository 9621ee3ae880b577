using System.Globalization;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Optimization;
using Resampling.Randomness;
using Resampling.Ranking;

namespace Resampling.Benchmarks;

/// <summary>
/// How far the bootstrap's warm refits stop from the optimum: <c>refitaccuracy DATA.csv [formula] [replicates]</c>. For
/// each replicate (y* simulated as the bootstrap does, lme4's simulate with use.u = FALSE, seed 1) the refit is run three
/// ways from θ̂ with the fit's inverse Hessian: as the bootstrap runs it (<see cref="LinearMixedModel.RefitOptions"/>),
/// without the predicted-decrease stop, and tightly (quasi-Newton steps for as long as any step lowers the objective).
/// Prints the evaluations and the largest and median |Δθ| and |Δ objective| against the tight refit.
/// </summary>
internal static class RefitAccuracy
{
    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: refitaccuracy DATA.csv [formula] [replicates]");
            return 64;
        }
        string formula = args.Length > 1 ? args[1] : TennesseeProfile.Formula;
        int replicates = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        var model = LinearMixedModel.Fit(MixedModelDesign.Build(TableReader.Read(args[0]), FormulaParser.Parse(formula)));
        Console.WriteLine(FormattableString.Invariant($"{formula}: objective {model.Objective:R}, θ̂ {string.Join(' ', model.Theta.Select(t => t.ToString("G8", CultureInfo.InvariantCulture)))}, {replicates} replicates"));
        var options = model.RefitOptions();
        var rule = options.Optimizer;
        var old = new DefaultOptimizer { RestartAtBoundary = false };
        var tight = new BoundedQuasiNewton { GradientTolerance = 0, FunctionTolerance = 0, StopGradientTolerance = 0, MaxIterations = 1000 };
        var simulator = new BootstrapModuleSimulator(model);
        var lower = LinearMixedModel.ThetaLowerBounds(model.Crossproducts);
        (string Name, IBoundedOptimizer Optimizer)[] ways = new (string Name, IBoundedOptimizer Optimizer)[] { ("bootstrap's rule", rule), ("without predicted-decrease stop", old) }
            .Concat(Environment.GetEnvironmentVariable("REFIT_TOLERANCES")?.Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture))
                .Select(t => (Name: $"predicted decrease ≤ {t:G3}(1 + |f|)", Optimizer: (IBoundedOptimizer)new DefaultOptimizer
                {
                    RestartAtBoundary = false, QuasiNewton = new BoundedQuasiNewton { PredictedDecreaseTolerance = t },
                })) ?? []).ToArray();
        var evals = new List<int>[ways.Length + 1];
        var dTheta = new List<double>[ways.Length];
        var dObjective = new List<double>[ways.Length];
        for (int k = 0; k <= ways.Length; k++) evals[k] = [];
        for (int k = 0; k < ways.Length; k++) { dTheta[k] = []; dObjective[k] = []; }
        var objectives = new int[ways.Length + 1];
        var gradients = new int[ways.Length + 1];
        for (int r = 1; r <= replicates; r++)
        {
            var y = simulator.Simulate(new RandomStream(1, StreamPurpose.Replicate, r));
            var cp = model.Crossproducts.WithResponse(y);
            var pls = new PlsFactor(cp);
            var inner = PlsMultiFactorGradient.For(pls, model.Reml);
            int way = ways.Length;
            double F(double[] theta) { objectives[way]++; return pls.Objective(theta, model.Reml); }
            GradientFunction? gradient = inner is null ? null : (x, g) => { gradients[way]++; return inner(x, g); };
            var best = tight.Minimize(F, gradient, options.StartTheta!, lower, options.InitialInverseHessian);
            evals[ways.Length].Add(best.Evaluations);
            for (int k = 0; k < ways.Length; k++)
            {
                way = k;
                var o = ways[k].Optimizer.Minimize(F, gradient, options.StartTheta!, lower, options.InitialInverseHessian);
                evals[k].Add(o.Evaluations);
                dTheta[k].Add(o.X.Zip(best.X, (a, b) => Math.Abs(a - b)).Max());
                dObjective[k].Add(o.Value - best.Value);
            }
        }
        for (int k = 0; k < ways.Length; k++)
            Console.WriteLine(FormattableString.Invariant(
                $"{ways[k].Name}: evaluations mean {evals[k].Average():F2} (max {evals[k].Max()}; objectives {objectives[k] / (double)replicates:F2}, gradients {gradients[k] / (double)replicates:F2}); |Δθ| vs tight max {dTheta[k].Max():E2} median {Median(dTheta[k]):E2}; Δ objective max {dObjective[k].Max():E2} min {dObjective[k].Min():E2} median {Median(dObjective[k]):E2}"));
        Console.WriteLine(FormattableString.Invariant($"tight: evaluations mean {evals[ways.Length].Average():F2}"));
        return 0;
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
