using Resampling.Numerics;

namespace Resampling.Mcmc;

/// <summary>
/// A generalised Gibbs move on the additive group of shears: column s of term t's effects b_{·s} → b_{·s} + λ·b_{·i}
/// and Σ → AΣA' with A = I + λ e_s e_i'. A has determinant 1, so p(b | Σ), |Σ| and the Jacobians are unchanged, the
/// Haar measure is dλ, and only the likelihood and tr(BΣ⁻¹) of the prior IW(ν', B) (B diagonal) depend on λ — both
/// quadratically, so λ is drawn exactly from a normal:
/// precision ‖Zv‖²/σ² + B_ii (Σ⁻¹)_ss, linear term (Zv)'e/σ² + B_ii (Σ⁻¹)_is, v holding b_{·i} in column s.
/// With the scale moves this updates the whole Cholesky factor of Σ_k in the non-centred parameterisation.
/// </summary>
internal sealed class ShearMove(ChainState state, ColumnForms forms, McmcOptions options, int pmax)
{
    private readonly ChainState _state = state;
    private readonly ColumnForms _forms = forms;
    private readonly McmcOptions _options = options;
    private readonly double[] _chol = new double[pmax * pmax];
    private readonly double[] _xs = new double[pmax], _xi = new double[pmax];

    public void Apply(TermLayout t, int s, int i)
    {
        int p = t.P;
        var (vv, ev) = _forms.Forms(t, s, i);

        var cov = _state.Covariances[t.DesignIndex];
        double sigma2 = _state.Sigma2;
        double bii = PriorScaleDiagonal(t, i);
        var (pss, pis) = InverseEntries(cov, p, s, i);
        double precision = vv / sigma2 + bii * pss;
        double linear = ev / sigma2 + bii * pis;
        if (!(precision > 0)) return;
        double lambda = linear / precision + _state.Random.NextNormal() / Math.Sqrt(precision);

        _forms.AddToColumn(t, s, i, lambda);
        // Σ ← AΣA': row s += λ·row i, then column s += λ·column i.
        for (int k = 0; k < p; k++) cov[s * p + k] += lambda * cov[i * p + k];
        for (int k = 0; k < p; k++) cov[k * p + s] += lambda * cov[k * p + i];
    }

    /// <summary>B_rr of the prior IW(ν', B) on Σ_k given its auxiliaries.</summary>
    private double PriorScaleDiagonal(TermLayout t, int r) => _options.Covariance switch
    {
        HuangWandPrior hw => 2 * hw.Nu / _state.Auxiliaries[t.DesignIndex][r],
        InverseWishartPrior iw => iw.Scale,
        _ => throw new InvalidOperationException($"Unknown covariance prior {_options.Covariance.GetType().Name}."),
    };

    /// <summary>(Σ⁻¹)_ss and (Σ⁻¹)_is: inner products of columns s and i of chol(Σ)⁻¹, by forward substitution.</summary>
    private (double Ss, double Is) InverseEntries(double[] cov, int p, int s, int i)
    {
        var chol = _chol.AsSpan(0, p * p);
        cov.AsSpan(0, p * p).CopyTo(chol);
        if (!DenseMath.Cholesky(chol, p))
            throw new Resampling.Model.ModelException("The sampler failed: a draw of a covariance matrix is not positive definite.");
        var xs = _xs.AsSpan(0, p);
        var xi = _xi.AsSpan(0, p);
        xs.Clear();
        xi.Clear();
        xs[s] = 1;
        xi[i] = 1;
        DenseMath.ForwardSolve(chol, p, xs);
        DenseMath.ForwardSolve(chol, p, xi);
        return (DenseMath.Dot(xs, xs), DenseMath.Dot(xs, xi));
    }
}
