using Resampling.Engine;

namespace Resampling.Mcmc;

internal sealed partial class GibbsChain
{
    /// <summary>
    /// A generalised Gibbs move (Liu &amp; Sabatti 2000) on the group of positive scalings: column r of term t's effects
    /// b_{·r} → g·b_{·r} and Σ → DΣD with D = diag(1, …, g, …, 1), g drawn from π(x(g))·|J(g)| under the Haar measure
    /// dg/g, which leaves the posterior invariant. With the inverse-Wishart prior IW(ν', B) the |g| powers from p(b | Σ),
    /// p(Σ), the Jacobian g^(m + p + 1) and the Haar measure leave, in h = log g,
    /// ℓ(h) = −[RSS(g) − RSS(1)]/(2σ²) − ν'h − B_rr (Σ⁻¹)_rr e^(−2h)/2; the Huang–Wand case also moves a_r (below),
    /// with RSS(g) − RSS(1) = −2(g − 1)(Zv)'e + (g − 1)²‖Zv‖², v the column's effects and e the residual: all from the
    /// cross-products. Drawn by slice sampling (Neal 2003). This is the non-centred update of the column's scale.
    /// </summary>
    private void ScaleMove(TermLayout t, int r)
    {
        int p = t.P;
        var (vv, ev) = ColumnForms(t, r, r);

        var cov = _cov[t.DesignIndex];
        double s2 = _sigma2;
        Func<double, double> logTarget;
        if (_options.Covariance is HuangWandPrior hw)
        {
            // The auxiliary a_r scales as 1/Σ_rr (Σ | a ~ IW(ν + p − 1, 2ν diag(1/a))), so it moves too: a_r → a_r/g².
            // Then tr(BΣ⁻¹) and p(b | Σ) are invariant, and the powers of g from |B|, |Σ|, p(a_r) = IG(1/2, 1/A²) and the
            // Jacobians leave ℓ(h) = −[RSS(g) − RSS(1)]/(2σ²) + h − e^(2h)/(A² a_r).
            double aScale = 1 / (hw.Scale * hw.Scale * _aux[t.DesignIndex][r]);
            logTarget = h =>
            {
                double g = Math.Exp(h), gm1 = g - 1;
                return (2 * gm1 * ev - gm1 * gm1 * vv) / (2 * s2) + h - aScale * g * g;
            };
        }
        else
        {
            var iw = (InverseWishartPrior)_options.Covariance;
            double df = iw.DfFor(p);
            double c = iw.Scale * InverseDiagonal(cov, p, r) / 2;
            logTarget = h =>
            {
                double gm1 = Math.Exp(h) - 1;
                return (2 * gm1 * ev - gm1 * gm1 * vv) / (2 * s2) - df * h - c * Math.Exp(-2 * h);
            };
        }

        double g = Math.Exp(SliceSample(logTarget, 0, 1.0));
        AddToColumn(t, r, r, g - 1);
        if (_options.Covariance is HuangWandPrior) _aux[t.DesignIndex][r] /= g * g;
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
        var inv = DenseMath.InvertLower(chol, p);
        double s = 0;
        for (int i = r; i < p; i++) s += inv[i * p + r] * inv[i * p + r];
        return s;
    }

    /// <summary>One slice-sampling update of x0 with stepping out (Neal 2003, Ann. Statist. 31(3), fig. 3 and 5).</summary>
    private double SliceSample(Func<double, double> logf, double x0, double width, int maxSteps = 32)
    {
        double y = logf(x0) + Math.Log(_rng.NextOpenDouble());
        double left = x0 - width * _rng.NextDouble();
        double right = left + width;
        int j = (int)(maxSteps * _rng.NextDouble()), k = maxSteps - 1 - j;
        while (j-- > 0 && logf(left) > y) left -= width;
        while (k-- > 0 && logf(right) > y) right += width;
        for (int attempt = 0; attempt < 200; attempt++)
        {
            double x1 = left + _rng.NextDouble() * (right - left);
            if (logf(x1) > y) return x1;
            if (x1 < x0) left = x1; else right = x1;
        }
        return x0;
    }
}
