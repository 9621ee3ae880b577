using Resampling.Numerics;

namespace Resampling.Mcmc;

/// <summary>
/// A generalised Gibbs move (Liu &amp; Sabatti 2000) on the group of positive scalings: column r of term t's effects
/// b_{·r} → g·b_{·r} and Σ → DΣD with D = diag(1, …, g, …, 1), g drawn from π(x(g))·|J(g)| under the Haar measure
/// dg/g, which leaves the posterior invariant. With the inverse-Wishart prior IW(ν', B) the |g| powers from p(b | Σ),
/// p(Σ), the Jacobian g^(m + p + 1) and the Haar measure leave, in h = log g,
/// ℓ(h) = −[RSS(g) − RSS(1)]/(2σ²) − ν'h − B_rr (Σ⁻¹)_rr e^(−2h)/2; the Huang–Wand case also moves a_r (below),
/// with RSS(g) − RSS(1) = −2(g − 1)(Zv)'e + (g − 1)²‖Zv‖², v the column's effects and e the residual: all from the
/// cross-products. Drawn by slice sampling (Neal 2003). This is the non-centred update of the column's scale.
/// </summary>
internal sealed class ScaleMove(ChainState state, ColumnForms forms, McmcOptions options, int pmax)
{
    private readonly ChainState _state = state;
    private readonly ColumnForms _forms = forms;
    private readonly McmcOptions _options = options;
    private readonly double[] _chol = new double[pmax * pmax];
    private readonly double[] _work = new double[pmax];

    public void Apply(TermLayout t, int r)
    {
        int p = t.P;
        var (vv, ev) = _forms.Forms(t, r, r);
        var cov = _state.Covariances[t.DesignIndex];
        double sigma2 = _state.Sigma2;
        ScaleTarget target;
        if (_options.Covariance is HuangWandPrior hw)
        {
            // The auxiliary a_r scales as 1/Σ_rr (Σ | a ~ IW(ν + p − 1, 2ν diag(1/a))), so it moves too: a_r → a_r/g².
            // Then tr(BΣ⁻¹) and p(b | Σ) are invariant, and the powers of g from |B|, |Σ|, p(a_r) = IG(1/2, 1/A²) and the
            // Jacobians leave ℓ(h) = −[RSS(g) − RSS(1)]/(2σ²) + h − e^(2h)/(A² a_r).
            double aScale = 1 / (hw.Scale * hw.Scale * _state.Auxiliaries[t.DesignIndex][r]);
            target = new ScaleTarget(ev, vv, sigma2, 1, aScale, 0);
        }
        else
        {
            var iw = (InverseWishartPrior)_options.Covariance;
            target = new ScaleTarget(ev, vv, sigma2, -iw.DfFor(p), 0, iw.Scale * InverseDiagonal(cov, p, r) / 2);
        }

        double g = Math.Exp(SliceSample(target, 0, 1.0));
        _forms.AddToColumn(t, r, r, g - 1);
        if (_options.Covariance is HuangWandPrior) _state.Auxiliaries[t.DesignIndex][r] /= g * g;
        for (int k = 0; k < p; k++)
        {
            cov[r * p + k] *= g;
            cov[k * p + r] *= g;
        }
    }

    /// <summary>(Σ⁻¹)_rr: the squared norm of column r of chol(Σ)⁻¹.</summary>
    private double InverseDiagonal(double[] cov, int p, int r)
    {
        if (p == 1) return 1 / cov[0];
        var chol = _chol.AsSpan(0, p * p);
        cov.AsSpan(0, p * p).CopyTo(chol);
        if (!DenseMath.Cholesky(chol, p))
            throw new Resampling.Model.ModelException("The sampler failed: a draw of a covariance matrix is not positive definite.");
        return CholeskyInverse.Diagonal(chol, p, r, _work);
    }

    /// <summary>
    /// ℓ(h) = [2(g − 1)(Zv)'e − (g − 1)²‖Zv‖²]/(2σ²) + power·h − expUp·e^(2h) − expDown·e^(−2h), g = e^h: both priors' forms
    /// as a struct, so the slice sampler runs without a closure per move.
    /// </summary>
    private readonly record struct ScaleTarget(double Ev, double Vv, double Sigma2, double Power, double ExpUp, double ExpDown)
    {
        public double Log(double h)
        {
            double g = Math.Exp(h), gm1 = g - 1;
            double v = (2 * gm1 * Ev - gm1 * gm1 * Vv) / (2 * Sigma2) + Power * h;
            if (ExpUp != 0) v -= ExpUp * g * g;
            if (ExpDown != 0) v -= ExpDown / (g * g);
            return v;
        }
    }

    /// <summary>One slice-sampling update of x0 with stepping out (Neal 2003, Ann. Statist. 31(3), fig. 3 and 5).</summary>
    private double SliceSample(in ScaleTarget target, double x0, double width, int maxSteps = 32)
    {
        var rng = _state.Random;
        double y = target.Log(x0) + Math.Log(rng.NextOpenDouble());
        double left = x0 - width * rng.NextDouble();
        double right = left + width;
        int j = (int)(maxSteps * rng.NextDouble()), k = maxSteps - 1 - j;
        while (j-- > 0 && target.Log(left) > y) left -= width;
        while (k-- > 0 && target.Log(right) > y) right += width;
        for (int attempt = 0; attempt < 200; attempt++)
        {
            double x1 = left + rng.NextDouble() * (right - left);
            if (target.Log(x1) > y) return x1;
            if (x1 < x0) left = x1; else right = x1;
        }
        return x0;
    }
}
