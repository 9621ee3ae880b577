using Resampling.Engine;
using Resampling.Optimization;
using Resampling.Randomness;
using Resampling.Ranking;
using Resampling.Tests.Support;

namespace Resampling.Tests.Engine;

/// <summary>The warm start's predicted-decrease stop (docs/engine.md §6): fewer evaluations, the optimum to its promise.</summary>
public class OptimizerPredictedDecreaseTests
{
    // A smooth convex objective with a deviance-sized constant (so 1 + |f| sets the tolerance's scale) and its minimum
    // known exactly: x* = c, f* = Offset.
    private const double Offset = 2.5e5;
    private static readonly double[] Centre = [1.2, 0.5, 0.75];
    private static readonly double[] Curvature = [3e3, 1e4, 2e2];

    private static double F(double[] x)
    {
        double s = Offset;
        for (int i = 0; i < x.Length; i++)
        {
            double e = x[i] - Centre[i];
            s += Curvature[i] * (e * e + e * e * e * e) + 50 * e * e * e;
        }
        return s;
    }

    private static bool Gradient(double[] x, double[] g)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double e = x[i] - Centre[i];
            g[i] = Curvature[i] * (2 * e + 4 * e * e * e) + 150 * e * e;
        }
        return true;
    }

    // Warm start 0.03–0.06 away with the inverse of the Hessian at the optimum (a refit's θ̂ and its curvature).
    private static readonly double[] Start = [1.23, 0.46, 0.81];
    private static double[,] InverseHessian() =>
        new double[,] { { 1 / (2 * Curvature[0]), 0, 0 }, { 0, 1 / (2 * Curvature[1]), 0 }, { 0, 0, 1 / (2 * Curvature[2]) } };

    [Fact]
    public void StopsBeforeTheLastStepWithTheObjectiveWithinItsTolerance()
    {
        double[] lower = [0, 0, 0];
        // A large design's gradient does not get below the fit's 10⁻⁹(1 + |f|) before the objective's noise ends the
        // search (the Tennessee refits stop at |g| ≈ 4·10⁻⁴ against 2.6·10⁻⁴); this noise-free objective would, so that
        // test is put out of reach and both searches end on their own stop rules.
        var rule = new BoundedQuasiNewton { PredictedDecreaseTolerance = 1e-13, GradientTolerance = 1e-16 }.Minimize(F, Gradient, Start, lower, InverseHessian());
        var without = new BoundedQuasiNewton { GradientTolerance = 1e-16 }.Minimize(F, Gradient, Start, lower, InverseHessian());
        Assert.True(rule.Converged, rule.Message);
        Assert.Equal("converged (predicted decrease)", rule.Message);
        Assert.True(rule.Evaluations < without.Evaluations, $"{rule.Evaluations} against {without.Evaluations} evaluations");
        // The promise: the objective within (a small multiple of) the tolerance of the minimum, and so x within a
        // Mahalanobis distance √(2δ/λ) per coordinate of it.
        double tolerance = 1e-13 * (1 + Offset);
        Assert.True(rule.Value - Offset <= 2 * tolerance, $"f − f* = {rule.Value - Offset}");
        for (int i = 0; i < 3; i++)
            Assert.True(Math.Abs(rule.X[i] - Centre[i]) <= Math.Sqrt(2 * 2 * tolerance / (2 * Curvature[i])), $"x[{i}] off by {rule.X[i] - Centre[i]}");
    }

    [Fact]
    public void IsOffByDefaultAndOnACold()
    {
        double[] lower = [0, 0, 0];
        Assert.NotEqual("converged (predicted decrease)", new BoundedQuasiNewton().Minimize(F, Gradient, Start, lower, InverseHessian()).Message);
        // A cold start (no inverse Hessian given) never uses it, whatever the setting: the fit's optimum is unchanged.
        var cold = new BoundedQuasiNewton { PredictedDecreaseTolerance = 1e-13 }.Minimize(F, Gradient, Start, lower, null);
        var coldWithout = new BoundedQuasiNewton().Minimize(F, Gradient, Start, lower, null);
        Assert.NotEqual("converged (predicted decrease)", cold.Message);
        Assert.Equal(coldWithout.X, cold.X);
        Assert.Equal(coldWithout.Evaluations, cold.Evaluations);
    }

    [Fact]
    public void BootstrapRefitsOfSleepstudyMatchTightRefitsToTheTolerance()
    {
        // Refits as the bootstrap runs them (warm at θ̂ with its curvature, the predicted-decrease stop) against
        // refits run for as long as any step lowers the objective, on 20 simulated responses (seeded).
        var model = FittedModels.SleepFit;
        var options = model.RefitOptions();
        var tight = new BoundedQuasiNewton { GradientTolerance = 0, FunctionTolerance = 0, StopGradientTolerance = 0, MaxIterations = 1000 };
        var simulator = new BootstrapModuleSimulator(model);
        var lower = LinearMixedModel.ThetaLowerBounds(model.Crossproducts);
        int stoppedEarly = 0;
        for (int r = 1; r <= 20; r++)
        {
            var cp = model.Crossproducts.WithResponse(simulator.Simulate(new RandomStream(1, StreamPurpose.Replicate, r)));
            var pls = new PlsFactor(cp);
            var gradient = PlsMultiFactorGradient.For(pls, model.Reml);
            double Objective(double[] theta) => pls.Objective(theta, model.Reml);
            var refit = options.Optimizer.Minimize(Objective, gradient, options.StartTheta!, lower, options.InitialInverseHessian);
            var best = tight.Minimize(Objective, gradient, options.StartTheta!, lower, options.InitialInverseHessian);
            Assert.True(refit.Converged, refit.Message);
            if (refit.Message == "converged (predicted decrease)") stoppedEarly++;
            Assert.True(refit.Value - best.Value <= 2 * LinearMixedModel.RefitPredictedDecreaseTolerance * (1 + Math.Abs(best.Value)),
                $"replicate {r}: objective {refit.Value:R} against {best.Value:R}");
            for (int i = 0; i < lower.Length; i++) Assert.Equal(best.X[i], refit.X[i], 1e-5);
        }
        Assert.True(stoppedEarly >= 10, $"the rule stopped {stoppedEarly} of 20 refits");
    }
}
