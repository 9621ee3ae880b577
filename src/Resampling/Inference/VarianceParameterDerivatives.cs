using Resampling.Engine;
using Resampling.Model;
using Resampling.Numerics;
using Resampling.Optimization;

namespace Resampling.Inference;

/// <summary>
/// The derivatives Satterthwaite's method needs at φ̂ = (θ̂, σ̂): the Hessian H of the deviance not profiled over σ (the
/// REML criterion for REML fits, lmerTest's devfun_vp) and J_i = ∂C/∂φ_i for C(φ) = σ²(R_X'R_X)⁻¹ (row-major p×p).
/// <see cref="Analytic"/> takes them from the factorisation (docs/inference.md §1.1): the θθ block by central differences
/// of the analytic gradient of the profiled criterion plus an exact correction, the σ row and every J_i in closed form,
/// so 2k gradient calls (4k with <c>levels: 2</c>) replace the Richardson scheme's ~2k² + 8k full evaluations.
/// <see cref="Numerical"/> is that scheme (numDeriv's, as lmerTest), kept as the reference the tests compare with.
/// </summary>
internal sealed record VarianceParameterDerivatives(double[,] Hessian, double[][] Jacobians)
{
    /// <summary>Relative step of the gradient differences (docs/inference.md §1.1 on its choice).</summary>
    internal const double RelativeStep = 1e-5;

    /// <summary>
    /// Random effects from which the gradients run in parallel (below, a factor per thread costs more than it saves);
    /// <c>parallelFrom</c> overrides it for the tests.
    /// </summary>
    private const int ParallelThreshold = 2000;

    public static VarianceParameterDerivatives Analytic(LinearMixedModel m, int levels = 1, double relativeStep = RelativeStep,
        int parallelFrom = ParallelThreshold)
    {
        var cp = m.Crossproducts;
        int k = m.Theta.Count, p = cp.P;
        bool reml = m.Reml;
        var theta = m.Theta.ToArray();

        // ∂²f/∂θ² of the profiled criterion f, column by column from central differences of its gradient, refined over
        // `levels` halvings of the step (Richardson's tableau on the gradient). The 2k·levels gradients are independent:
        // on a large design they run in parallel, each worker with its own factor; each lands in its own slot, so the
        // result does not depend on the thread count.
        var grads = new double[2 * k * levels][];
        double Step(int i, int l) => relativeStep * Math.Max(Math.Abs(theta[i]), 0.1) / (1 << l);
        void Evaluate(int t, GradientFunction gradient)
        {
            int i = t / (2 * levels), l = t / 2 % levels;
            var y = (double[])theta.Clone();
            y[i] += t % 2 == 0 ? Step(i, l) : -Step(i, l);
            var g = new double[k];
            if (!gradient(y, g)) throw NotFinite();
            grads[t] = g;
        }
        GradientFunction NewGradient() => PlsMultiFactorGradient.For(new PlsFactor(cp), reml)
            ?? throw new ModelException("Satterthwaite's method failed: no analytic gradient for this model.");
        if (cp.Q1 + cp.QRest >= parallelFrom && Environment.ProcessorCount > 1)
        {
            try { Parallel.For(0, grads.Length, NewGradient, (t, _, gradient) => { Evaluate(t, gradient); return gradient; }, _ => { }); }
            catch (AggregateException e) when (e.InnerException is ModelException inner) { throw inner; }
        }
        else
        {
            var gradient = NewGradient();
            for (int t = 0; t < grads.Length; t++) Evaluate(t, gradient);
        }
        var fxx = new double[k, k];
        var est = new double[levels][];
        for (int i = 0; i < k; i++)
        {
            for (int l = 0; l < levels; l++)
            {
                var (gp, gm) = (grads[(i * levels + l) * 2], grads[(i * levels + l) * 2 + 1]);
                double s = Step(i, l);
                est[l] = new double[k];
                for (int j = 0; j < k; j++) est[l][j] = (gp[j] - gm[j]) / (2 * s);
            }
            for (int j = 0; j < k; j++) fxx[i, j] = Extrapolate(est, j);
        }

        var pls = new PlsFactor(cp);
        // The exact pieces at θ̂: r², ∂r²/∂θ and ∂(R_X'R_X)/∂θ.
        pls.Factor(theta);
        var rg = new double[k];
        var dA = new double[k][];
        for (int i = 0; i < k; i++) dA[i] = new double[p * p];
        if (!new PlsVarianceDerivatives(pls).TryCompute(rg, dA)) throw NotFinite();
        double r2 = pls.Pwrss, mdf = reml ? cp.N - p : cp.N, sigma = m.Sigma, s2 = sigma * sigma;

        // With D(θ, σ) = a(θ) + r²(θ)/σ² + m log σ² + const and f(θ) = a + m log r² + const, at σ² = r²/m:
        // D_θθ = f'' + m r²' r²'ᵀ / r⁴, D_θσ = −2 r²'/σ³, D_σσ = 6 r²/σ⁴ − 2m/σ².
        var hess = new double[k + 1, k + 1];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++) hess[i, j] = 0.5 * (fxx[i, j] + fxx[j, i]) + mdf * rg[i] * rg[j] / (r2 * r2);
            hess[i, k] = hess[k, i] = -2 * rg[i] / (s2 * sigma);
        }
        hess[k, k] = 6 * r2 / (s2 * s2) - 2 * mdf / s2;

        // ∂C/∂θ_i = −σ² A⁻¹ (∂A/∂θ_i) A⁻¹ with A = R_X'R_X; ∂C/∂σ = 2σ A⁻¹.
        var ainv = pls.UnscaledFixedCovariance();
        var jac = new double[k + 1][];
        var tmp = new double[p * p];
        for (int i = 0; i < k; i++)
        {
            Multiply(ainv, dA[i], tmp, p);
            var j = new double[p * p];
            Multiply(tmp, ainv, j, p);
            for (int e = 0; e < j.Length; e++) j[e] *= -s2;
            jac[i] = j;
        }
        jac[k] = ainv.Select(v => 2 * sigma * v).ToArray();
        return new VarianceParameterDerivatives(hess, jac);
    }

    /// <summary>Richardson-extrapolated differences of full deviance evaluations and of C(θ) (numDeriv's scheme).</summary>
    public static VarianceParameterDerivatives Numerical(LinearMixedModel m)
    {
        int k = m.Theta.Count + 1;
        var pls = new PlsFactor(m.Crossproducts);
        var phi = m.Theta.Append(m.Sigma).ToArray();
        bool reml = m.Reml;
        var hessian = RichardsonDerivatives.Hessian(v => pls.Deviance(v.AsSpan(0, k - 1), v[k - 1], reml), phi);
        double[] Covariance(double[] theta)
        {
            pls.Factor(theta);
            if (!pls.Ok) throw new ModelException("Satterthwaite's method failed: the model cannot be factorised near θ̂.");
            return pls.UnscaledFixedCovariance();
        }
        var jac = new double[k][];
        double s2 = m.Sigma * m.Sigma;
        for (int i = 0; i < k - 1; i++)
            jac[i] = RichardsonDerivatives.Partial(Covariance, m.Theta.ToArray(), i).Select(v => s2 * v).ToArray();
        jac[k - 1] = Covariance(m.Theta.ToArray()).Select(v => 2 * m.Sigma * v).ToArray();
        return new VarianceParameterDerivatives(hessian, jac);
    }

    /// <summary>c = a b for p×p row-major matrices.</summary>
    private static void Multiply(double[] a, double[] b, double[] c, int p)
    {
        for (int r = 0; r < p; r++)
            for (int col = 0; col < p; col++)
            {
                double s = 0;
                for (int e = 0; e < p; e++) s += a[r * p + e] * b[e * p + col];
                c[r * p + col] = s;
            }
    }

    private static ModelException NotFinite() =>
        new("Satterthwaite's method failed: the model cannot be factorised near the estimates.");

    private static double Extrapolate(double[][] est, int j)
    {
        var a = est.Select(e => e[j]).ToArray();
        double factor = 4;
        for (int m = 1; m < a.Length; m++, factor *= 4)
            for (int l = 0; l < a.Length - m; l++)
                a[l] = (factor * a[l + 1] - a[l]) / (factor - 1);
        return a[0];
    }
}
