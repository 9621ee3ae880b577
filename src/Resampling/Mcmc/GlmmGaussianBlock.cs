using Resampling.Numerics;
using Resampling.Numerics.Sparse;
using Resampling.Randomness;

namespace Resampling.Mcmc;

/// <summary>
/// The Gaussian block of the GLMM sampler: the precision H = AᵀWA + blockdiag(Σ_t⁻¹ per level) + the β prior's precision,
/// refilled through the model's slots for given row weights W and factorised (P H Pᵀ = L Lᵀ, the shared symbolic
/// analysis); then draws of N(H⁻¹r, H⁻¹) by one forward and one back substitution. One per chain.
/// </summary>
internal sealed class GlmmGaussianBlock
{
    private readonly GlmmMcmcModel _model;
    private readonly FixedEffectsPrior _betaPrior;
    private readonly double[] _values, _work, _inverse;
    private readonly SupernodalCholesky _factor;

    public GlmmGaussianBlock(GlmmMcmcModel model, FixedEffectsPrior betaPrior)
    {
        _model = model;
        _betaPrior = betaPrior;
        _values = new double[model.Pattern.NonZeros];
        _work = new double[model.M];
        _factor = new SupernodalCholesky(model.Symbolic);
        int pmax = model.Terms.Length == 0 ? 1 : model.Terms.Max(t => t.P);
        _inverse = new double[pmax * pmax];
    }

    /// <summary>
    /// Fills H with row weights w and the prior precisions Σ_t⁻¹ (from the terms' covariances), and the right-hand side
    /// rhs = Aᵀr (+ the β prior's mean/sd²); factorises H. False when H (or a Σ_t) is not positive definite.
    /// </summary>
    public bool Prepare(ReadOnlySpan<double> w, ReadOnlySpan<double> r, double[][] covariances, Span<double> rhs)
    {
        var m = _model;
        Array.Clear(_values);
        rhs.Clear();
        int entries = m.Entries;
        var slots = m.Slots;
        var values = m.Values;
        var columns = m.Columns;
        for (int i = 0, s = 0; i < m.N; i++)
        {
            int e = i * entries;
            double wi = w[i], ri = r[i];
            for (int a = 0; a < entries; a++)
            {
                double va = values[e + a];
                rhs[columns[e + a]] += va * ri;
                double wa = wi * va;
                for (int b = a; b < entries; b++) _values[slots[s++]] += wa * values[e + b];
            }
        }
        foreach (var t in m.Terms)
        {
            int p = t.P;
            var inv = _inverse.AsSpan(0, p * p);
            if (!Invert(covariances[t.Index], p, inv)) return false;
            var prior = t.PriorSlots;
            for (int l = 0, s = 0; l < t.LevelCount; l++)
                for (int a = 0; a < p; a++)
                    for (int c = 0; c <= a; c++) _values[prior[s++]] += inv[a * p + c];
        }
        if (_betaPrior is NormalFixedEffectsPrior np)
        {
            double precision = 1 / (np.Sd * np.Sd);
            for (int j = 0; j < m.P; j++)
            {
                _values[m.DiagonalSlots[m.Q + j]] += precision;
                rhs[m.Q + j] += np.Mean * precision;
            }
        }
        return _factor.Factorize(_values) == CholeskyStatus.Success;
    }

    /// <summary>A draw x ~ N(H⁻¹rhs, H⁻¹): L⁻ᵀ(L⁻¹P·rhs + z) mapped back to the original order; z receives the normals used.</summary>
    public void Draw(ReadOnlySpan<double> rhs, RandomStream rng, Span<double> x, Span<double> z)
    {
        var perm = _model.Symbolic.Permutation;
        var y = _work.AsSpan();
        for (int k = 0; k < y.Length; k++) y[k] = rhs[perm[k]];
        _factor.SolveLower(y);
        for (int k = 0; k < y.Length; k++)
        {
            z[k] = rng.NextNormal();
            y[k] += z[k];
        }
        _factor.SolveLowerTransposed(y);
        for (int k = 0; k < y.Length; k++) x[perm[k]] = y[k];
    }

    private static bool Invert(ReadOnlySpan<double> sigma, int p, Span<double> inverse)
    {
        if (p == 1)
        {
            if (!(sigma[0] > 0)) return false;
            inverse[0] = 1 / sigma[0];
            return true;
        }
        var l = sigma[..(p * p)].ToArray();
        if (!DenseMath.Cholesky(l, p)) return false;
        DenseMath.InverseFromCholesky(l, p).AsSpan().CopyTo(inverse);
        return true;
    }
}
