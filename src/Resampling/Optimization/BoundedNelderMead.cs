namespace Resampling.Optimization;

/// <summary>
/// Nelder–Mead simplex search with lower bounds, for the few covariance parameters θ of a mixed model. Points outside the
/// bounds are projected back onto them, so singular fits (θ on the boundary) are reached exactly. After convergence the
/// search restarts from the best point with a fresh simplex until a restart no longer improves the value: a collapsed
/// simplex is the classic failure of Nelder–Mead, and the restart is the standard cure. Never throws on non-convergence:
/// it returns a status.
/// </summary>
public sealed class BoundedNelderMead : IBoundedOptimizer
{
    public double InitialStep { get; init; } = 0.25;
    public double FunctionTolerance { get; init; } = 1e-11;
    public double ParameterTolerance { get; init; } = 1e-8;
    public int MaxEvaluations { get; init; } = 20000;
    public int MaxRestarts { get; init; } = 6;

    public OptimizerResult Minimize(Func<double[], double> f, double[] start, double[] lower)
    {
        int n = start.Length;
        int evaluations = 0;
        double Eval(double[] x)
        {
            evaluations++;
            double v = f(x);
            return double.IsNaN(v) ? double.PositiveInfinity : v;
        }

        var best = Project((double[])start.Clone(), lower);
        double bestValue = Eval(best);
        if (n == 0) return new OptimizerResult(best, bestValue, evaluations, true, "no parameters");
        double step = InitialStep;
        bool converged = false;
        for (int restart = 0; restart <= MaxRestarts; restart++)
        {
            var (x, v, ok) = RunSimplex(Eval, best, bestValue, lower, step, () => evaluations);
            double improvement = bestValue - v;
            bool improved = v < bestValue;
            if (improved) { best = x; bestValue = v; }
            if (!ok) return new OptimizerResult(best, bestValue, evaluations, false,
                $"maximum number of function evaluations ({MaxEvaluations}) reached");
            if (restart > 0 && improvement <= FunctionTolerance * (1 + Math.Abs(bestValue)) * 10)
            {
                converged = true;
                break;
            }
            step = Math.Max(step * 0.1, 1e-3);
        }
        return new OptimizerResult(best, bestValue, evaluations, converged,
            converged ? "converged" : "restarts kept improving the objective");
    }

    private (double[] X, double Value, bool Ok) RunSimplex(Func<double[], double> eval, double[] x0, double f0,
        double[] lower, double step, Func<int> evaluations)
    {
        int n = x0.Length;
        // Adaptive coefficients (Gao & Han 2012) keep the method effective as the dimension grows.
        double alpha = 1, beta = 1 + 2.0 / n, gamma = 0.75 - 1.0 / (2 * n), delta = 1 - 1.0 / n;
        var pts = new double[n + 1][];
        var vals = new double[n + 1];
        pts[0] = (double[])x0.Clone();
        vals[0] = f0;
        for (int i = 0; i < n; i++)
        {
            var p = (double[])x0.Clone();
            double h = p[i] != 0 ? step * Math.Max(Math.Abs(p[i]), 0.1) : step;
            p[i] += h;
            Project(p, lower);
            if (p[i] == x0[i]) p[i] = x0[i] + h;
            pts[i + 1] = p;
            vals[i + 1] = eval(p);
        }
        var order = new int[n + 1];
        var centroid = new double[n];
        while (true)
        {
            for (int i = 0; i <= n; i++) order[i] = i;
            Array.Sort(order, (a, b) => vals[a].CompareTo(vals[b]));
            int bi = order[0], wi = order[n], si = order[n - 1];
            double fRange = vals[wi] - vals[bi];
            double xRange = 0;
            for (int i = 0; i <= n; i++)
                for (int k = 0; k < n; k++) xRange = Math.Max(xRange, Math.Abs(pts[i][k] - pts[bi][k]));
            if (fRange <= FunctionTolerance * (1 + Math.Abs(vals[bi])) && xRange <= ParameterTolerance)
                return (pts[bi], vals[bi], true);
            if (evaluations() >= MaxEvaluations) return (pts[bi], vals[bi], false);

            Array.Clear(centroid);
            for (int i = 0; i <= n; i++)
                if (i != wi)
                    for (int k = 0; k < n; k++) centroid[k] += pts[i][k] / n;
            var xr = Along(centroid, pts[wi], -alpha, lower);
            double fr = eval(xr);
            if (fr < vals[bi])
            {
                var xe = Along(centroid, pts[wi], -alpha * beta, lower);
                double fe = eval(xe);
                if (fe < fr) { pts[wi] = xe; vals[wi] = fe; }
                else { pts[wi] = xr; vals[wi] = fr; }
            }
            else if (fr < vals[si])
            {
                pts[wi] = xr; vals[wi] = fr;
            }
            else
            {
                bool outside = fr < vals[wi];
                var xc = Along(centroid, outside ? xr : pts[wi], gamma, lower);
                double fc = eval(xc);
                if (fc < (outside ? fr : vals[wi]))
                {
                    pts[wi] = xc; vals[wi] = fc;
                }
                else
                {
                    for (int i = 0; i <= n; i++)
                    {
                        if (i == bi) continue;
                        for (int k = 0; k < n; k++) pts[i][k] = pts[bi][k] + delta * (pts[i][k] - pts[bi][k]);
                        Project(pts[i], lower);
                        vals[i] = eval(pts[i]);
                    }
                }
            }
        }
    }

    /// <summary>centroid + t·(x − centroid), projected onto the bounds.</summary>
    private static double[] Along(double[] centroid, double[] x, double t, double[] lower)
    {
        var r = new double[centroid.Length];
        for (int k = 0; k < r.Length; k++) r[k] = centroid[k] + t * (x[k] - centroid[k]);
        return Project(r, lower);
    }

    private static double[] Project(double[] x, double[] lower)
    {
        for (int k = 0; k < x.Length; k++) if (x[k] < lower[k]) x[k] = lower[k];
        return x;
    }
}
