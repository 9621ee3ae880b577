namespace Resampling.Glmm;

/// <summary>glmer's deviance function (its devFunOnly = TRUE, second stage): the deviance at given (θ, β).</summary>
public static class GlmmDevianceFunction
{
    /// <summary>The Laplace (nAGQ = 1) or adaptive Gauss–Hermite deviance at θ followed by β, u found by PIRLS from 0.</summary>
    public static double Evaluate(GlmmProblem problem, IReadOnlyList<double> thetaThenBeta, int nagq = 1)
    {
        int p = problem.Design.X.ColumnCount;
        var x = thetaThenBeta.ToArray();
        int nt = x.Length - p;
        var pirls = new PirlsEvaluator(problem, joint: false);
        pirls.SetTheta(x.AsSpan(0, nt));
        pirls.SetBeta(x.AsSpan(nt));
        pirls.Solve();
        if (nagq <= 1) return pirls.LaplaceDeviance();
        var (nodes, weights) = GaussHermite.Rule(nagq);
        return pirls.QuadratureDeviance(nodes, weights);
    }
}
