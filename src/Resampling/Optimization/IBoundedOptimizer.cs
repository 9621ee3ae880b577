namespace Resampling.Optimization;

/// <summary>Writes the gradient of the objective at x into g; false when it cannot (the optimiser then uses differences).</summary>
public delegate bool GradientFunction(double[] x, double[] g);

/// <summary>Minimises a function of θ subject to lower bounds; reports its status rather than throwing.</summary>
public interface IBoundedOptimizer
{
    OptimizerResult Minimize(Func<double[], double> f, double[] start, double[] lower);

    /// <summary>With an inverse Hessian at the start (a warm start); optimisers that cannot use it ignore it.</summary>
    OptimizerResult Minimize(Func<double[], double> f, double[] start, double[] lower, double[,]? initialInverseHessian) =>
        Minimize(f, start, lower);

    /// <summary>With an analytic gradient as well; optimisers that cannot use it ignore it.</summary>
    OptimizerResult Minimize(Func<double[], double> f, GradientFunction? gradient, double[] start, double[] lower,
        double[,]? initialInverseHessian) => Minimize(f, start, lower, initialInverseHessian);
}

/// <summary>
/// The engine's default: projected quasi-Newton (fast, precise on the smooth profiled objective); if it does not report
/// convergence, a Nelder–Mead search continues from its best point, so a hard problem costs time, not correctness.
/// </summary>
public sealed class DefaultOptimizer : IBoundedOptimizer
{
    public BoundedQuasiNewton QuasiNewton { get; init; } = new();
    public BoundedNelderMead Fallback { get; init; } = new();

    /// <summary>Restart from the boundary when the optimum found is singular (see below); off for warm-started refits.</summary>
    public bool RestartAtBoundary { get; init; } = true;

    public OptimizerResult Minimize(Func<double[], double> f, double[] start, double[] lower) => Minimize(f, start, lower, null);

    public OptimizerResult Minimize(Func<double[], double> f, double[] start, double[] lower, double[,]? initialInverseHessian) =>
        Minimize(f, null, start, lower, initialInverseHessian);

    public OptimizerResult Minimize(Func<double[], double> f, GradientFunction? gradient, double[] start, double[] lower,
        double[,]? initialInverseHessian)
    {
        var best = QuasiNewton.Minimize(f, gradient, start, lower, initialInverseHessian);
        int evaluations = best.Evaluations;
        if (!best.Converged)
        {
            var second = Fallback.Minimize(f, best.X, lower);
            evaluations += second.Evaluations;
            best = second;
        }
        // A fit on the boundary may be a poor local optimum reached along a badly scaled direction (a slope on a
        // large scale next to an intercept): restart with the zeroed parameters moved back inside, as lme4 restarts
        // at the edge, and keep whichever optimum is lower.
        for (int attempt = 0; attempt < (RestartAtBoundary ? 2 : 0); attempt++)
        {
            var zeros = Enumerable.Range(0, best.X.Length).Where(i => lower[i] == 0 && best.X[i] < Boundary.SingularTolerance).ToList();
            if (zeros.Count == 0) break;
            var restart = (double[])best.X.Clone();
            foreach (int i in zeros) restart[i] = attempt == 0 ? 0.5 : 1.0;
            var retry = QuasiNewton.Minimize(f, gradient, restart, lower, null);
            evaluations += retry.Evaluations;
            if (!(retry.Value < best.Value - 1e-10 * Math.Abs(best.Value))) break;
            best = retry;
        }
        return best with { Evaluations = evaluations };
    }
}
