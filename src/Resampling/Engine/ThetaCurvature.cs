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
        var steps = Theta.Select(v => 1e-4 * Math.Max(Math.Abs(v), 0.1)).ToArray();
        var hessian = RichardsonDerivatives.Hessian(t => pls.Objective(t, Reml), Theta.ToArray(), steps, levels: 1);
        return DenseMath.InvertPositiveDefinite(hessian);
    }
}
