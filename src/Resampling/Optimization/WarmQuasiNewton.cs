using Resampling.Numerics;

namespace Resampling.Optimization;

/// <summary>
/// A small projected BFGS (central-difference gradients, lower bounds) that keeps its inverse-Hessian approximation
/// between calls. Along a profile the inner problems change little from one point to the next, so carrying the
/// curvature over cuts the evaluations per point several-fold compared with a cold start. Falls back to reporting
/// non-convergence (the caller may retry cold) rather than throwing.
/// </summary>
internal sealed class WarmQuasiNewton
{
    private double[,]? _h;

    public double GradientTolerance { get; init; } = 1e-9;
    public int MaxIterations { get; init; } = 200;

    public void Reset() => _h = null;

    public (double[] X, double Value, bool Converged) Minimize(Func<double[], double> f, double[] start, double[] lower)
    {
        int n = start.Length;
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.Max(start[i], lower[i]);
        double fx = Safe(f, x);
        if (n == 0 || !double.IsFinite(fx)) return (x, fx, n == 0);
        if (_h is null || _h.GetLength(0) != n) _h = InitialInverseHessian(f, x, fx, lower);
        var h = _h;
        var g = Gradient(f, x, lower);
        var d = new double[n];
        var xn = new double[n];
        double scale = 1 + Math.Abs(fx);
        for (int iter = 0; iter < MaxIterations; iter++)
        {
            var free = new bool[n];
            double pg = 0;
            for (int i = 0; i < n; i++)
            {
                free[i] = !(x[i] <= lower[i] && g[i] > 0);
                if (free[i]) pg = Math.Max(pg, Math.Abs(g[i]));
            }
            if (pg <= GradientTolerance * scale) return Snap(f, x, fx, lower, true);
            double slope = 0;
            for (int i = 0; i < n; i++)
            {
                d[i] = 0;
                if (!free[i]) continue;
                for (int j = 0; j < n; j++) if (free[j]) d[i] -= h[i, j] * g[j];
                slope += g[i] * d[i];
            }
            if (slope >= 0)
            {
                ResetTo(h, 1);
                slope = 0;
                for (int i = 0; i < n; i++) { d[i] = free[i] ? -g[i] : 0; slope += g[i] * d[i]; }
            }
            // At most 90% of the way to a bound per step: θ = 0 is a stationary point of the even objective.
            double step = 1;
            for (int i = 0; i < n; i++)
            {
                if (d[i] >= 0 || double.IsNegativeInfinity(lower[i])) continue;
                if (x[i] <= lower[i]) { d[i] = 0; continue; }
                step = Math.Min(step, 0.9 * (x[i] - lower[i]) / -d[i]);
            }
            double fn = double.PositiveInfinity;
            bool accepted = false;
            for (int ls = 0; ls < 40; ls++)
            {
                double decrease = 0;
                for (int i = 0; i < n; i++) { xn[i] = Math.Max(lower[i], x[i] + step * d[i]); decrease += g[i] * (xn[i] - x[i]); }
                fn = Safe(f, xn);
                if (fn <= fx + 1e-4 * decrease) { accepted = true; break; }
                step *= 0.3;
            }
            if (!accepted)
            {
                ResetTo(h, 1);
                return Snap(f, x, fx, lower, pg <= 1e-4 * scale);
            }
            var s = new double[n];
            for (int i = 0; i < n; i++) s[i] = xn[i] - x[i];
            double fPrev = fx;
            Array.Copy(xn, x, n);
            fx = fn;
            var gn = Gradient(f, x, lower);
            var y = new double[n];
            for (int i = 0; i < n; i++) y[i] = gn[i] - g[i];
            g = gn;
            BoundedQuasiNewton.UpdateInverseHessian(h, s, y, first: false);
            if (fPrev - fx <= 1e-14 * scale && pg <= 1e-7 * scale) return Snap(f, x, fx, lower, true);
        }
        return (x, fx, false);
    }

    private static double Safe(Func<double[], double> f, double[] x)
    {
        double v = f(x);
        return double.IsNaN(v) ? double.PositiveInfinity : v;
    }

    /// <summary>Puts parameters that crept towards a zero bound onto it when that is no worse.</summary>
    private static (double[], double, bool) Snap(Func<double[], double> f, double[] x, double fx, double[] lower, bool converged)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (lower[i] != 0 || x[i] == 0 || x[i] > 1e-4) continue;
            var y = (double[])x.Clone();
            y[i] = 0;
            double fy = Safe(f, y);
            if (fy <= fx) { x = y; fx = fy; }
        }
        return (x, fx, converged);
    }

    private static double[] Gradient(Func<double[], double> f, double[] x, double[] lower)
    {
        int n = x.Length;
        var g = new double[n];
        var p = (double[])x.Clone();
        double f0 = double.NaN;
        for (int i = 0; i < n; i++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
            if (x[i] - h < lower[i])
            {
                if (double.IsNaN(f0)) f0 = Safe(f, x);
                p[i] = x[i] + h; double f1 = Safe(f, p);
                p[i] = x[i] + 2 * h; double f2 = Safe(f, p);
                g[i] = (-3 * f0 + 4 * f1 - f2) / (2 * h);
            }
            else
            {
                p[i] = x[i] + h; double fp = Safe(f, p);
                p[i] = x[i] - h; double fm = Safe(f, p);
                g[i] = (fp - fm) / (2 * h);
            }
            p[i] = x[i];
        }
        return g;
    }

    /// <summary>
    /// The inverse of a central-difference Hessian at the start (a handful of evaluations for these few parameters), so
    /// that even the first inner problem starts with the right curvature; the identity if it is not positive definite.
    /// </summary>
    private static double[,] InitialInverseHessian(Func<double[], double> f, double[] x, double fx, double[] lower)
    {
        int n = x.Length;
        var step = new double[n];
        for (int i = 0; i < n; i++)
        {
            step[i] = 1e-4 * Math.Max(1, Math.Abs(x[i]));
            if (x[i] - step[i] < lower[i]) return Identity(n, 1e-2);
        }
        var p = (double[])x.Clone();
        double At(int i, double si, int j, double sj)
        {
            p[i] += si; p[j] += sj;
            double v = Safe(f, p);
            p[i] = x[i]; p[j] = x[j];
            return v;
        }
        var hess = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            hess[i * n + i] = (At(i, step[i], i, 0) - 2 * fx + At(i, -step[i], i, 0)) / (step[i] * step[i]);
            for (int j = 0; j < i; j++)
            {
                double v = (At(i, step[i], j, step[j]) - At(i, step[i], j, -step[j]) - At(i, -step[i], j, step[j])
                    + At(i, -step[i], j, -step[j])) / (4 * step[i] * step[j]);
                hess[i * n + j] = v;
                hess[j * n + i] = v;
            }
        }
        if (hess.Any(v => !double.IsFinite(v)) || !Numerics.DenseMath.Cholesky(hess, n)) return Identity(n, 1e-2);
        var inv = Numerics.DenseMath.InvertLower(hess, n);
        var h = new double[n, n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                double s = 0;
                for (int k = Math.Max(a, b); k < n; k++) s += inv[k * n + a] * inv[k * n + b];
                h[a, b] = s;
            }
        return h;
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
}
