using Resampling.Numerics;
namespace Resampling.Engine;

/// <summary>The inverse Hessian of the profiled objective in θ at the optimum, by central second differences. Maths: docs/engine.md §6.</summary>
public sealed partial class LinearMixedModel
{
    private double[,]? _thetaInverseHessian;
    private bool _curvatureDone;

    /// <summary>
    /// Null when the Hessian is not positive definite (a flat or boundary direction). Computed on first use: only
    /// refits need it, and it costs about 2k² objective evaluations for k parameters.
    /// </summary>
    internal double[,]? ThetaInverseHessian
    {
        get
        {
            lock (_cp)
            {
                if (!_curvatureDone)
                {
                    _thetaInverseHessian = InverseHessian();
                    _curvatureDone = true;
                }
                return _thetaInverseHessian;
            }
        }
    }

    private double[,]? InverseHessian()
    {
        int k = Theta.Count;
        if (k == 0) return null;
        var pls = new PlsFactor(_cp);
        double F(double[] t) => pls.Objective(t, Reml);
        var x = Theta.ToArray();
        var h = x.Select(v => 1e-4 * Math.Max(Math.Abs(v), 0.1)).ToArray();
        double f0 = F(x);
        var hess = new double[k * k];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double v;
                if (i == j)
                {
                    x[i] = Theta[i] + h[i]; double fp = F(x);
                    x[i] = Theta[i] - h[i]; double fm = F(x);
                    x[i] = Theta[i];
                    v = (fp - 2 * f0 + fm) / (h[i] * h[i]);
                }
                else
                {
                    double Corner(int si, int sj)
                    {
                        x[i] = Theta[i] + si * h[i]; x[j] = Theta[j] + sj * h[j];
                        double r = F(x);
                        x[i] = Theta[i]; x[j] = Theta[j];
                        return r;
                    }
                    v = (Corner(1, 1) - Corner(1, -1) - Corner(-1, 1) + Corner(-1, -1)) / (4 * h[i] * h[j]);
                }
                hess[i * k + j] = hess[j * k + i] = v;
            }
        }
        if (hess.Any(v => !double.IsFinite(v)) || !DenseMath.Cholesky(hess, k)) return null;
        var linv = DenseMath.InvertLower(hess, k);
        var result = new double[k, k];
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                double s = 0;
                for (int m = Math.Max(a, b); m < k; m++) s += linv[m * k + a] * linv[m * k + b];
                result[a, b] = s;
            }
        return result;
    }
}
