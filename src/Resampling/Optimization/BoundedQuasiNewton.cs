using Resampling.Numerics;

namespace Resampling.Optimization;

/// <summary>
/// Projected BFGS with analytic or finite-difference gradients, for the smooth profiled objective of a mixed model in θ. Variables on
/// a lower bound whose gradient pushes outward are held there (the active set), so singular fits converge onto the
/// boundary exactly. Reaches lme4's optimum in far fewer evaluations than a simplex search: about 2k evaluations per
/// iteration for k parameters, and superlinear convergence near the optimum. Returns a status instead of throwing.
/// The defaults are the fit's; <see cref="ForProfiles"/> gives the settings of a profile's chain of warm-started inner
/// problems (the inverse Hessian kept from one call to the next).
/// </summary>
public sealed class BoundedQuasiNewton : IBoundedOptimizer
{
    // A gradient this small (relative to 1 + |f|) is as near the optimum as finite differences can tell when the line
    // search finds no decrease.
    private const double LooseGradientTolerance = 1e-4;

    // Relative size of a decrease of the objective below which a failed step is put down to rounding noise.
    private const double NoiseLevel = 1e-11;

    private double[,]? _kept;

    public double GradientTolerance { get; init; } = 1e-9;
    public double FunctionTolerance { get; init; } = 1e-13;
    public int MaxIterations { get; init; } = 500;

    /// <summary>Largest change of any parameter in the first step of a cold start.</summary>
    public double FirstStep { get; init; } = 0.5;

    /// <summary>A step lowering f by at most <see cref="FunctionTolerance"/> ends the search when the gradient is below this.</summary>
    public double StopGradientTolerance { get; init; } = LooseGradientTolerance;

    /// <summary>
    /// On a warm start (a given or kept inverse Hessian), also stop before a step when the decrease it promises under the
    /// quasi-Newton model, −½g'd = ½g'Hg over the free parameters (the Newton decrement's half square), is at most this
    /// times 1 + |f| and the gradient passes <see cref="StopGradientTolerance"/>: the step, its gradient and the line
    /// search's failed trial in the objective's noise that would end the search are not paid for (docs/engine.md §6).
    /// Zero (the default) leaves the rule off; the bootstrap's refits use it.
    /// </summary>
    public double PredictedDecreaseTolerance { get; init; }

    /// <summary>
    /// Keep the inverse-Hessian approximation from one call to the next (the first from central second differences at
    /// the start). Along a profile the inner problems change little from one point to the next, so carrying the
    /// curvature over cuts the evaluations per point several-fold compared with a cold start. Such an instance holds
    /// state: one per thread, and <see cref="ForgetInverseHessian"/> before a problem unrelated to the last.
    /// </summary>
    public bool KeepInverseHessian { get; init; }

    /// <summary>
    /// Keep the quasi-Newton direction at a bound: shorten the whole step so that no parameter goes more than 90% of
    /// the way to its bound, backtracking by 0.3; otherwise (the fit's rule) each parameter is clipped on its own and
    /// the backtracking halves twice, then divides by 5.
    /// </summary>
    public bool ShortenWholeStep { get; init; }

    /// <summary>Forward differences (k evaluations) instead of central ones (2k) while the search is far from the optimum.</summary>
    public bool ForwardDifferencesWhenFar { get; init; } = true;

    /// <summary>The settings for a profile's inner problems: curvature kept between calls, tighter stopping, central differences.</summary>
    public static BoundedQuasiNewton ForProfiles() => new()
    {
        KeepInverseHessian = true,
        ShortenWholeStep = true,
        ForwardDifferencesWhenFar = false,
        MaxIterations = 200,
        FunctionTolerance = 1e-14,
        StopGradientTolerance = 1e-7,
    };

    /// <summary>Makes the next call of an instance that keeps its inverse Hessian start from second differences again.</summary>
    public void ForgetInverseHessian() => _kept = null;

    public OptimizerResult Minimize(Func<double[], double> f, double[] start, double[] lower) => Minimize(f, start, lower, null);

    /// <summary>
    /// As <see cref="Minimize(Func{double[], double}, double[], double[])"/>, starting from a known inverse Hessian: a refit
    /// warm-started at a neighbouring optimum then takes near-Newton steps from its first iteration.
    /// </summary>
    public OptimizerResult Minimize(Func<double[], double> f, double[] start, double[] lower, double[,]? initialInverseHessian) =>
        Minimize(f, null, start, lower, initialInverseHessian);

    /// <summary>
    /// As above with an analytic gradient (which costs about one evaluation, counted as one), used wherever it is
    /// available and finite; finite differences otherwise.
    /// </summary>
    public OptimizerResult Minimize(Func<double[], double> f, GradientFunction? analytic, double[] start, double[] lower,
        double[,]? initialInverseHessian)
    {
        int n = start.Length;
        int evals = 0;
        bool exact = false; // the last gradient was the analytic one
        double Eval(double[] x) { evals++; var v = f(x); return double.IsNaN(v) ? double.PositiveInfinity : v; }
        double[] Gradient(double[] x, double fx, bool forward = false)
        {
            if (analytic is not null)
            {
                var ga = new double[x.Length];
                evals++;
                if (analytic(x, ga) && ga.All(double.IsFinite)) { exact = true; return ga; }
            }
            exact = false;
            return FiniteDifferences(Eval, x, fx, lower, forward);
        }
        var x = (double[])start.Clone();
        for (int i = 0; i < n; i++) x[i] = Math.Max(x[i], lower[i]);
        double fx = Eval(x);
        if (n == 0) return new OptimizerResult(x, fx, evals, true, "no parameters");
        if (!double.IsFinite(fx)) return new OptimizerResult(x, fx, evals, false, "objective not finite at the start");

        double[,] h;
        if (initialInverseHessian is { } h0 && h0.GetLength(0) == n) h = (double[,])h0.Clone();
        else if (KeepInverseHessian)
        {
            if (_kept is null || _kept.GetLength(0) != n) _kept = SecondDifferenceInverseHessian(Eval, x, fx, lower);
            h = _kept;
        }
        else h = Identity(n, 1);
        // Until a BFGS update has measured the curvature, h is the identity and the direction is the raw gradient, whose
        // size says nothing about a sensible step. The first update is skipped when the objective is not convex along
        // the first step (InstEval's θ = 1 start): the cap must then stay for the next step too.
        bool warm = initialInverseHessian is not null || KeepInverseHessian, scaled = warm;
        var g = Gradient(x, fx);
        if (!scaled) DiagonalStart(h, g);
        var d = new double[n];
        var xn = new double[n];
        var history = new List<double>();
        for (int iter = 0; iter < MaxIterations; iter++)
        {
            // Stalled (creeping along a ridge towards a bound, as badly scaled slopes make it do): hand over to the
            // caller's fallback rather than burn iterations.
            history.Add(fx);
            if (iter >= 30 && history[iter - 15] - fx <= 1e-9 * (1 + Math.Abs(fx)))
                return Finish(Eval, x, fx, lower, evals, false, "stalled");

            var free = Free(x, g, lower);
            double pg = FreeGradientMax(g, free);
            if (pg <= GradientTolerance * (1 + Math.Abs(fx)))
                return Finish(Eval, x, fx, lower, evals, true, "converged");

            for (int i = 0; i < n; i++)
            {
                d[i] = 0;
                if (!free[i]) continue;
                for (int j = 0; j < n; j++) if (free[j]) d[i] -= h[i, j] * g[j];
            }
            double slope = 0;
            for (int i = 0; i < n; i++) slope += g[i] * d[i];
            if (slope >= 0)
            {
                // Curvature information went bad: restart from steepest descent.
                ResetTo(h, 1);
                scaled = false;
                for (int i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
                slope = 0;
                for (int i = 0; i < n; i++) slope += g[i] * d[i];
            }

            // A step may take a parameter at most 90% of the way to its bound: the profiled objective is even in each
            // diagonal θ, so θ = 0 is always a stationary point and landing on it by projection would stop the search
            // there. Singular fits therefore approach the bound geometrically and are snapped onto it at the end.
            for (int i = 0; i < n; i++)
                if (d[i] < 0 && x[i] <= lower[i]) d[i] = 0;
            if (!scaled)
            {
                double dm = d.Max(Math.Abs);
                if (dm > FirstStep) for (int i = 0; i < n; i++) d[i] *= FirstStep / dm;
            }
            double step = 1, fn = double.PositiveInfinity;
            if (ShortenWholeStep)
                for (int i = 0; i < n; i++)
                    if (d[i] < 0 && !double.IsNegativeInfinity(lower[i])) step = Math.Min(step, 0.9 * (x[i] - lower[i]) / -d[i]);
            bool accepted = false, tried = false;
            for (int ls = 0; ls < (ShortenWholeStep ? 40 : 60); ls++)
            {
                bool same = tried;
                for (int i = 0; i < n; i++)
                {
                    double xi = ShortenWholeStep || double.IsNegativeInfinity(lower[i]) ? Math.Max(lower[i], x[i] + step * d[i])
                        : Math.Max(lower[i] + 0.1 * (x[i] - lower[i]), x[i] + step * d[i]);
                    same &= xi == xn[i];
                    xn[i] = xi;
                }
                // A long step clipped at the bounds in every coordinate it moves gives the same point for several
                // shorter steps: that point failed already, so only the step shrinks.
                if (!same) fn = Eval(xn);
                tried = true;
                double decrease = 0;
                for (int i = 0; i < n; i++) decrease += g[i] * (xn[i] - x[i]);
                if (fn <= fx + 1e-4 * decrease) { accepted = true; break; }
                // The full step failed although it promised less than the objective's rounding noise: a line search
                // would only sample that noise (up to 60 evaluations; a large design's objective is noisy at about
                // 1e-12 relative). Treated as the failed line search it would end in.
                if (ls == 0 && -slope <= NoiseLevel * (1 + Math.Abs(fx))) break;
                step *= ShortenWholeStep ? 0.3 : ls < 2 ? 0.5 : 0.2;
            }
            if (!accepted)
            {
                // No decrease along a descent direction: at the optimum to the precision of the gradient. The curvature
                // that led here is not worth keeping for the next call.
                ResetTo(h, 1);
                bool ok = pg <= LooseGradientTolerance * (1 + Math.Abs(fx));
                return Finish(Eval, x, fx, lower, evals, ok, ok ? "converged (line search)" : "line search failed");
            }
            var s = new double[n];
            for (int i = 0; i < n; i++) s[i] = xn[i] - x[i];
            double fPrev = fx;
            Array.Copy(xn, x, n);
            fx = fn;
            // Far from the optimum a forward difference (k evaluations) steers as well as a central one (2k); near it,
            // the central difference's accuracy decides where the search stops.
            bool far = fPrev - fx > 1e-4 * (1 + Math.Abs(fx));
            var gn = Gradient(x, fx, forward: far && ForwardDifferencesWhenFar);
            var yv = new double[n];
            for (int i = 0; i < n; i++) yv[i] = gn[i] - g[i];
            g = gn;
            if (UpdateInverseHessian(h, s, yv, !scaled)) scaled = true;
            // A step that no longer lowers f ends a search on differenced gradients, whose error is what stops the
            // progress, and a warm start (a bootstrap refit, a profile point), whose θ̂ need not be closer than that.
            // A cold fit with the analytic gradient, exact to rounding, goes on until the gradient test above holds
            // or a full step fails in the objective's noise (the line search's rule): one or two more steps, and θ̂
            // to about 1e-7 rather than 1e-6.
            // Either stop needs the gradient below the loose tolerance as well.
            bool small = FreeGradientMax(g, Free(x, g, lower)) <= StopGradientTolerance * (1 + Math.Abs(fx));
            if (small && (!exact || warm) && fPrev - fx <= FunctionTolerance * (1 + Math.Abs(fx)))
                return Finish(Eval, x, fx, lower, evals, true, "converged");
            if (small && warm && scaled && PredictedDecreaseTolerance > 0
                && PredictedDecrease(h, g, x, lower) <= PredictedDecreaseTolerance * (1 + Math.Abs(fx)))
                return Finish(Eval, x, fx, lower, evals, true, "converged (predicted decrease)");
        }
        return new OptimizerResult(x, fx, evals, false, $"maximum number of iterations ({MaxIterations}) reached");
    }

    /// <summary>
    /// −½g'd for the next iteration's direction d = −Hg over the free parameters (with the same zeroing at a bound as the
    /// step itself): the decrease of the quadratic model along a full step. Infinity when d is not a descent direction
    /// (the iteration would reset the curvature: no prediction to trust).
    /// </summary>
    private static double PredictedDecrease(double[,] h, double[] g, double[] x, double[] lower)
    {
        int n = g.Length;
        var free = Free(x, g, lower);
        double slope = 0;
        for (int i = 0; i < n; i++)
        {
            if (!free[i]) continue;
            double di = 0;
            for (int j = 0; j < n; j++) if (free[j]) di -= h[i, j] * g[j];
            if (di < 0 && x[i] <= lower[i]) continue;
            slope += g[i] * di;
        }
        return slope < 0 ? -0.5 * slope : slope == 0 ? 0 : double.PositiveInfinity;
    }

    /// <summary>
    /// The inverse of a central-difference Hessian at the start (a handful of evaluations for these few parameters), so
    /// that even the first of a chain of problems starts with the right curvature; a small multiple of the identity
    /// next to a bound or where the Hessian is not positive definite.
    /// </summary>
    private static double[,] SecondDifferenceInverseHessian(Func<double[], double> f, double[] x, double fx, double[] lower)
    {
        int n = x.Length;
        var step = new double[n];
        for (int i = 0; i < n; i++)
        {
            step[i] = 1e-4 * Math.Max(1, Math.Abs(x[i]));
            if (x[i] - step[i] < lower[i]) return Identity(n, 1e-2);
        }
        var hessian = RichardsonDerivatives.Hessian(f, (double[])x.Clone(), step, levels: 1, fx);
        return DenseMath.InvertPositiveDefinite(hessian) ?? Identity(n, 1e-2);
    }

    /// <summary>Snaps parameters that crept up to a zero lower bound onto it, where that is no worse.</summary>
    private static OptimizerResult Finish(Func<double[], double> eval, double[] x, double fx, double[] lower, int evalsSoFar,
        bool converged, string message)
    {
        int extra = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (lower[i] != 0 || x[i] == 0 || x[i] > Boundary.SingularTolerance) continue;
            var y = (double[])x.Clone();
            y[i] = 0;
            double fy = eval(y);
            extra++;
            if (fy <= fx) { x = y; fx = fy; }
        }
        return new OptimizerResult(x, fx, evalsSoFar + extra, converged, message);
    }

    /// <summary>The largest |g_i| over the free parameters (the projected gradient's size).</summary>
    private static double FreeGradientMax(double[] g, bool[] free)
    {
        double m = 0;
        for (int i = 0; i < g.Length; i++) if (free[i]) m = Math.Max(m, Math.Abs(g[i]));
        return m;
    }

    private static bool[] Free(double[] x, double[] g, double[] lower)
    {
        var free = new bool[x.Length];
        for (int i = 0; i < x.Length; i++) free[i] = !(x[i] <= lower[i] && g[i] > 0);
        return free;
    }

    /// <summary>Central differences, one-sided (forward) at a lower bound so no point leaves the feasible region.</summary>
    private static double[] FiniteDifferences(Func<double[], double> f, double[] x, double fx, double[] lower, bool forward)
    {
        int n = x.Length;
        var g = new double[n];
        var p = (double[])x.Clone();
        for (int i = 0; i < n; i++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
            if (forward)
            {
                p[i] = x[i] + h;
                g[i] = (f(p) - fx) / h;
            }
            else if (x[i] - h < lower[i])
            {
                p[i] = x[i] + h;
                double f1 = f(p);
                p[i] = x[i] + 2 * h;
                double f2 = f(p);
                g[i] = (-3 * fx + 4 * f1 - f2) / (2 * h); // second-order one-sided difference
            }
            else
            {
                p[i] = x[i] + h;
                double fp = f(p);
                p[i] = x[i] - h;
                double fm = f(p);
                g[i] = (fp - fm) / (2 * h);
            }
            p[i] = x[i];
        }
        return g;
    }

    /// <summary>
    /// The cold start's inverse Hessian: diagonal, 1/|g_i| (bounded to 1e3 times the smallest), so that the first
    /// direction moves every parameter by the same amount. θ is a vector of relative standard deviations, all of order
    /// one at the start, while the gradient's entries differ by the factors' numbers of levels (InstEval: 4,800 for
    /// students, 25 for 14 departments); with the identity the small ones barely move until many BFGS updates have
    /// learnt their curvature. The first update rescales the whole matrix to the curvature it measures.
    /// </summary>
    private static void DiagonalStart(double[,] h, double[] g)
    {
        int n = g.Length;
        double gm = 0;
        for (int i = 0; i < n; i++) if (double.IsFinite(g[i])) gm = Math.Max(gm, Math.Abs(g[i]));
        if (!(gm > 0)) return;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                h[i, j] = i != j ? 0 : gm / Math.Max(double.IsFinite(g[i]) ? Math.Abs(g[i]) : gm, 1e-3 * gm);
    }

    private static double[,] Identity(int n, double v)
    {
        var h = new double[n, n];
        for (int i = 0; i < n; i++) h[i, i] = v;
        return h;
    }

    private static void ResetTo(double[,] h, double v)
    {
        int n = h.GetLength(0);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) h[i, j] = i == j ? v : 0;
    }

    /// <summary>
    /// The BFGS update of the inverse Hessian h from step s and gradient change y, skipped when the curvature condition
    /// fails (or is not a number); <paramref name="first"/> first rescales h to the observed curvature.
    /// </summary>
    private static bool UpdateInverseHessian(double[,] h, double[] s, double[] y, bool first)
    {
        int n = s.Length;
        double sy = 0, yy = 0, ss = 0;
        for (int i = 0; i < n; i++) { sy += s[i] * y[i]; yy += y[i] * y[i]; ss += s[i] * s[i]; }
        if (!(sy > 1e-12 * Math.Sqrt(yy) * Math.Sqrt(ss))) return false; // skip: curvature condition fails
        var hy = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) hy[i] += h[i, j] * y[j];
        double yhy = 0;
        for (int i = 0; i < n; i++) yhy += y[i] * hy[i];
        if (first)
        {
            // Scale the initial matrix to the observed curvature (Nocedal & Wright 6.20, with h in place of I), keeping
            // the relative scales of its diagonal.
            double scale = sy / yhy;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) h[i, j] *= scale;
            for (int i = 0; i < n; i++) hy[i] *= scale;
            yhy *= scale;
        }
        double rho = 1 / sy;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                h[i, j] += rho * ((1 + rho * yhy) * s[i] * s[j] - hy[i] * s[j] - s[i] * hy[j]);
        return true;
    }
}
