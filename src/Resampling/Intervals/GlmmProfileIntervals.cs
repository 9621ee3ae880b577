using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Resampling.Glmm;
using Resampling.Model;
using Resampling.Optimization;

namespace Resampling.Intervals;

/// <summary>
/// Profile-likelihood intervals of a GLMM, as lme4's confint(glmer fit) (method = "profile"): for each parameter c —
/// lme4's sd/correlation parameterisation of θ (with σ = 1: each term's sds and correlations) and β — the profiled
/// deviance D̃(c) = min over the others of the Laplace (or AGQ) deviance, ζ(c) = sign(c − ĉ)√(D̃(c) − D̂), and the
/// bounds where ζ = ∓z_{(1+level)/2}. A variance parameter's profile minimises over the other sds, correlations (as
/// angles, r = sin a) and β; a fixed effect's over θ and the other β. An sd whose profile stays inside the cutoff down
/// to 0 has the lower bound 0, a correlation whose profile stays inside up to ±1 the bound ±1 (the edges).
/// docs/glmm.md §11.
/// </summary>
public static class GlmmProfileIntervals
{
    public static IReadOnlyList<ConfidenceInterval> Compute(GeneralizedLinearMixedModel model, double level = 0.95)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The level lies strictly between 0 and 1.");
        var problem = model.Problem;
        int nt = model.Theta.Count, k = nt + model.Beta.Count;
        var parameters = new VarianceParameters(problem.Design, model.Covariances.Select(c => c.Group).ToList());
        var pirls = new PirlsEvaluator(problem, joint: false);
        var (nodes, weights) = GaussHermite.Rule(Math.Max(1, model.Nagq));
        double Deviance(double[] x)
        {
            pirls.SetTheta(x.AsSpan(0, nt));
            pirls.SetBeta(x.AsSpan(nt));
            pirls.Solve();
            return model.Nagq > 1 ? pirls.QuadratureDeviance(nodes, weights) : pirls.LaplaceDeviance();
        }
        // The deviance at (sds and correlations, β): +∞ where the correlations form no correlation matrix.
        var theta = new double[k];
        double VarianceDeviance(double[] v)
        {
            if (!parameters.ToTheta(v.AsSpan(0, nt), 1, theta.AsSpan(0, nt))) return double.PositiveInfinity;
            Array.Copy(v, nt, theta, nt, k - nt);
            return Deviance(theta);
        }
        double[] estimate = [.. model.Theta.ToArray(), .. model.Beta.ToArray()];
        double[] estimateV = [.. parameters.FromTheta(model.Theta.ToArray(), 1).AsSpan(0, nt), .. model.Beta.ToArray()];
        double best = Math.Min(model.Deviance, Deviance(estimate));
        var thetaLower = GlmmRefitter.LowerBounds(problem);
        var scale = StepScales(model, estimate, parameters);
        double z = Normal.InvCDF(0, 1, (1 + level) / 2);
        var optimizer = new DefaultOptimizer { RestartAtBoundary = false };
        var result = new List<ConfidenceInterval>();
        for (int c = 0; c < k; c++)
        {
            int fixedAt = c;
            bool variance = c < nt, correlation = parameters.IsCorrelation(c);
            // A variance parameter's profile works in (sds, angles of the correlations, β); a fixed effect's in (θ, β).
            var origin = variance ? estimateV : estimate;
            bool IsAngle(int i) => variance && parameters.IsCorrelation(i);
            double[] Start() => [.. Enumerable.Range(0, k).Where(i => i != fixedAt)
                .Select(i => IsAngle(i) ? Math.Asin(Math.Clamp(origin[i], -1, 1)) : origin[i])];
            var others = Start();
            double[] Insert(double[] y, double v)
            {
                var x = new double[k];
                for (int i = 0, j = 0; i < k; i++) x[i] = i == fixedAt ? v : IsAngle(i) ? Math.Sin(y[j++]) : y[j++];
                return x;
            }
            var otherLower = Enumerable.Range(0, k).Where(i => i != fixedAt)
                .Select(i => IsAngle(i) ? double.NegativeInfinity : i < nt && variance ? (parameters.IsSd(i) ? 0 : double.NegativeInfinity) : thetaLower[i]).ToArray();
            double Zeta(double v)
            {
                var opt = optimizer.Minimize(y => variance ? VarianceDeviance(Insert(y, v)) : Deviance(Insert(y, v)), (double[])others.Clone(), otherLower);
                if (double.IsFinite(opt.Value)) Array.Copy(opt.X, others, others.Length);
                double d = Math.Max(0, opt.Value - best);
                return Math.Sign(v - origin[fixedAt]) * Math.Sqrt(d);
            }
            double Bound(double target, double limit)
            {
                // Each direction starts its inner problems from the estimate.
                others = Start();
                var root = ZetaRoot.Find(Zeta, origin[fixedAt], target, scale[fixedAt], limit, tolerance: 1e-5);
                return root.Converged ? root.Value : double.NaN;
            }
            double lowerLimit = correlation ? -1 : variance ? 0 : double.NegativeInfinity;
            double upperLimit = correlation ? 1 : double.PositiveInfinity;
            double lo = variance && !correlation && origin[c] <= 0 ? 0 : Bound(-z, lowerLimit);
            double hi = Bound(z, upperLimit);
            string name, label;
            if (variance)
            {
                name = parameters.Names[c];
                label = parameters.Labels[c];
            }
            else
            {
                name = label = model.FixedEffects[c - nt].Name;
            }
            string? note = null;
            if (variance && !correlation && lo == 0)
                note = $"{label} can be 0 within the cutoff: the lower bound is the edge of the parameter space";
            else if (correlation && (lo == -1 || hi == 1))
                note = $"{label} can be {(lo == -1 ? "-1" : "1")} within the cutoff: the bound is the edge of the parameter space";
            result.Add(new ConfidenceInterval(name, label, lo, hi, "profile", note));
        }
        return result;
    }

    /// <summary>
    /// A standard-error-like first probe per parameter: √(2 (H⁻¹)ᵢᵢ) from the deviance's Hessian in (θ, β), carried to
    /// the sds and correlations by the delta method (J Σθ Jᵀ, J = ∂(sd, cor)/∂θ by central differences); else 0.1(1 + |x|).
    /// </summary>
    private static double[] StepScales(GeneralizedLinearMixedModel model, double[] estimate, VarianceParameters parameters)
    {
        int nt = model.Theta.Count;
        var scale = estimate.Select(x => 0.1 * (1 + Math.Abs(x))).ToArray();
        if (model.DevianceHessian is not { } h) return scale;
        try
        {
            var inv = Matrix<double>.Build.DenseOfArray(h).Inverse() * 2;
            for (int i = nt; i < scale.Length; i++)
                if (inv[i, i] is var v && v > 0 && double.IsFinite(v)) scale[i] = Math.Sqrt(v);
            var jacobian = new double[nt, nt];
            var theta = estimate[..nt];
            for (int m = 0; m < nt; m++)
            {
                double step = 1e-6 * Math.Max(1, Math.Abs(theta[m]));
                var up = (double[])theta.Clone();
                var down = (double[])theta.Clone();
                up[m] += step;
                down[m] -= step;
                var vu = parameters.FromTheta(up, 1);
                var vd = parameters.FromTheta(down, 1);
                for (int i = 0; i < nt; i++) jacobian[i, m] = (vu[i] - vd[i]) / (2 * step);
            }
            for (int i = 0; i < nt; i++)
            {
                double v = 0;
                for (int a = 0; a < nt; a++)
                    for (int b = 0; b < nt; b++) v += jacobian[i, a] * inv[a, b] * jacobian[i, b];
                if (v > 0 && double.IsFinite(v)) scale[i] = Math.Sqrt(v);
            }
        }
        catch (ArgumentException)
        {
        }
        return scale;
    }
}
