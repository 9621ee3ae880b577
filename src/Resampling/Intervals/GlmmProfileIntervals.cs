using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Resampling.Glmm;
using Resampling.Model;
using Resampling.Optimization;

namespace Resampling.Intervals;

/// <summary>
/// Profile-likelihood intervals of a GLMM, as lme4's confint(glmer fit) (method = "profile"): for each parameter c of
/// (θ, β) — with scalar random-effects terms θ is each term's sd, there being no σ — the profiled deviance D̃(c) =
/// min over the others of the Laplace (or AGQ) deviance, ζ(c) = sign(c − ĉ)√(D̃(c) − D̂), and the bounds where
/// ζ = ∓z_{(1+level)/2}. An sd whose profile stays inside the cutoff down to 0 has the lower bound 0 (the edge).
/// Vector terms (sds and correlations) are refused: lme4 profiles them on another scale. docs/glmm.md §11.
/// </summary>
public static class GlmmProfileIntervals
{
    public static IReadOnlyList<ConfidenceInterval> Compute(GeneralizedLinearMixedModel model, double level = 0.95)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The level lies strictly between 0 and 1.");
        var problem = model.Problem;
        if (problem.Design.Terms.Any(t => t.ColumnCount > 1))
            throw new ModelException("Profile intervals with --family need scalar random-effects terms such as (1 | g): use --method wald or boot for this model.");
        int nt = model.Theta.Count, k = nt + model.Beta.Count;
        var pirls = new PirlsEvaluator(problem, joint: false);
        var (nodes, weights) = GaussHermite.Rule(Math.Max(1, model.Nagq));
        double Deviance(double[] x)
        {
            pirls.SetTheta(x.AsSpan(0, nt));
            pirls.SetBeta(x.AsSpan(nt));
            pirls.Solve();
            return model.Nagq > 1 ? pirls.QuadratureDeviance(nodes, weights) : pirls.LaplaceDeviance();
        }
        double[] estimate = [.. model.Theta.ToArray(), .. model.Beta.ToArray()];
        double best = Math.Min(model.Deviance, Deviance(estimate));
        var lower = new double[k];
        for (int i = 0; i < k; i++) lower[i] = i < nt ? 0 : double.NegativeInfinity;
        var scale = StepScales(model, estimate);
        double z = Normal.InvCDF(0, 1, (1 + level) / 2);
        var optimizer = new DefaultOptimizer { RestartAtBoundary = false };
        var result = new List<ConfidenceInterval>();
        for (int c = 0; c < k; c++)
        {
            int fixedAt = c;
            var others = new double[k - 1];
            double[] Insert(double[] y, double v)
            {
                var x = new double[k];
                for (int i = 0, j = 0; i < k; i++) x[i] = i == fixedAt ? v : y[j++];
                return x;
            }
            var otherLower = lower.Where((_, i) => i != fixedAt).ToArray();
            double Zeta(double v)
            {
                var opt = optimizer.Minimize(y => Deviance(Insert(y, v)), (double[])others.Clone(), otherLower);
                if (double.IsFinite(opt.Value)) Array.Copy(opt.X, others, others.Length);
                double d = Math.Max(0, opt.Value - best);
                return Math.Sign(v - estimate[fixedAt]) * Math.Sqrt(d);
            }
            double Bound(double target, double limit)
            {
                // Each direction starts its inner problems from the estimate.
                for (int i = 0, j = 0; i < k; i++) if (i != fixedAt) others[j++] = estimate[i];
                var root = ZetaRoot.Find(Zeta, estimate[fixedAt], target, scale[fixedAt], limit, tolerance: 1e-5);
                return root.Converged ? root.Value : double.NaN;
            }
            double lo = c < nt && estimate[c] <= 0 ? 0 : Bound(-z, lower[c]);
            double hi = Bound(z, double.PositiveInfinity);
            string name, label;
            if (c < nt)
            {
                var cov = model.Covariances[c];
                name = $".sig{c + 1:00}";
                label = $"sd_{cov.Names[0]}|{cov.Group}";
            }
            else
            {
                name = label = model.FixedEffects[c - nt].Name;
            }
            string? note = c < nt && lo == 0 ? $"{label} can be 0 within the cutoff: the lower bound is the edge of the parameter space" : null;
            result.Add(new ConfidenceInterval(name, label, lo, hi, "profile", note));
        }
        return result;
    }

    /// <summary>A standard-error-like first probe per parameter: √(2 (H⁻¹)ᵢᵢ) from the deviance's Hessian, else 0.1(1 + |x|).</summary>
    private static double[] StepScales(GeneralizedLinearMixedModel model, double[] estimate)
    {
        var scale = estimate.Select(x => 0.1 * (1 + Math.Abs(x))).ToArray();
        if (model.DevianceHessian is not { } h) return scale;
        try
        {
            var inv = Matrix<double>.Build.DenseOfArray(h).Inverse();
            for (int i = 0; i < scale.Length; i++)
                if (2 * inv[i, i] is var v && v > 0 && double.IsFinite(v)) scale[i] = Math.Sqrt(v);
        }
        catch (ArgumentException)
        {
        }
        return scale;
    }
}
