namespace Resampling.Engine;

/// <summary>Minimises a function of θ subject to lower bounds; reports its status rather than throwing.</summary>
public interface IBoundedOptimizer
{
    OptimizerResult Minimize(Func<double[], double> f, double[] start, double[] lower);
}

/// <summary>
/// The engine's default: projected quasi-Newton (fast, precise on the smooth profiled objective); if it does not report
/// convergence, a Nelder–Mead search continues from its best point, so a hard problem costs time, not correctness.
/// </summary>
public sealed class DefaultOptimizer : IBoundedOptimizer
{
    public BoundedQuasiNewton QuasiNewton { get; init; } = new();
    public BoundedNelderMead Fallback { get; init; } = new();

    public OptimizerResult Minimize(Func<double[], double> f, double[] start, double[] lower)
    {
        var first = QuasiNewton.Minimize(f, start, lower);
        if (first.Converged) return first;
        var second = Fallback.Minimize(f, first.X, lower);
        return second with { Evaluations = first.Evaluations + second.Evaluations };
    }
}
