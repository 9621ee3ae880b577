using Resampling.Engine;
using Resampling.Model;
using Resampling.Numerics;
using Resampling.Randomness;

namespace Resampling.Mcmc;

/// <summary>
/// One chain of the blocked Gibbs sampler. The state is (β, b, σ², Σ_k, and the priors' auxiliary variables); a sweep
/// draws, in order,
/// <list type="number">
/// <item>σ² | β, b, y — inverse-gamma, the residual sum of squares taken from the cross-products;</item>
/// <item>Σ_k | b_k (and a_k) — inverse-Wishart per term, then a_k | Σ_k for the Huang–Wand prior;</item>
/// <item>(β, b) | Σ, σ², y jointly — Gaussian: at θ with T_k = chol(Σ_k)/σ this is exactly the engine's PLS system in
/// u = Λθ⁻¹b, u ~ N(0, σ²I), drawn by one factorisation and one back-substitution.</item>
/// </list>
/// Between 2 and 3, a scale move per random-effects column (<see cref="ScaleMove"/>) rescales that column of b and the
/// matching row and column of Σ_k together, and shear moves (<see cref="ShearMove"/>) add one column to another: without
/// them the centred Gibbs steps crawl for weakly identified variances (HSB's slope variance: effective sample size ~1%
/// of the draws). Before 3, once warm-up has fitted its proposal, the collapsed Metropolis–Hastings move on (Σ, σ²)
/// (<see cref="CollapsedMove"/>), which from the middle of warm-up on may replace steps 1–2 altogether.
/// The state is a <see cref="ChainState"/>; each move owns its own workspaces and caches, and the factorisation of the
/// state is a <see cref="StateFactor"/> that knows the state version it was made at.
/// Holds its own factor workspaces and generator: one instance per thread.
/// </summary>
internal sealed class GibbsChain : ISweepingChain
{
    private readonly Crossproducts _cp;
    private readonly ChainState _state;
    private readonly StateFactor _factor;
    private readonly McmcLayout _layout;
    private readonly TermLayout[] _terms;
    private readonly RandomStream _rng;
    private readonly McmcOptions _options;
    private readonly ColumnForms _forms;
    private readonly ScaleMove _scale;
    private readonly ShearMove _shear;
    private readonly CollapsedMove? _collapsed;
    private readonly double[] _u1, _u2, _z, _theta;
    private readonly double[] _psi, _work, _chol;

    public GibbsChain(Crossproducts cp, McmcLayout layout, LinearMixedModel start, McmcOptions options, RandomStream random)
    {
        _cp = cp;
        _layout = layout;
        _options = options;
        _rng = random;
        _state = new ChainState(cp, layout, _rng);
        _terms = _state.Terms;
        _factor = new StateFactor(_state, options);
        int p = cp.P;
        _u1 = new double[cp.Q1];
        _u2 = new double[cp.QRest];
        _z = new double[cp.Q1 + cp.QRest + p];
        _theta = new double[cp.ThetaCount];
        int pmax = layout.Terms.Max(t => t.P);
        _psi = new double[pmax * pmax];
        _work = new double[3 * pmax * pmax];
        _chol = new double[pmax * pmax];
        _forms = new ColumnForms(_state);
        _scale = new ScaleMove(_state, _forms, options, pmax);
        _shear = new ShearMove(_state, _forms, options, pmax);
        Initialise(start);
        if (options.CollapsedMove && options.Warmup >= 16) _collapsed = new CollapsedMove(_state, _factor, options, cp.ThetaCount, pmax);
    }

    /// <summary>Collapsed moves proposed and accepted after warm-up (diagnostics).</summary>
    public int Proposed => _collapsed?.Proposed ?? 0;
    public int Accepted => _collapsed?.Accepted ?? 0;
    internal bool CollapsedOnly => _collapsed?.CollapsedOnly ?? false;
    internal int MovesPerSweep => _collapsed?.MovesPerSweep ?? 0;

    /// <summary>REML estimates with multiplicative jitter on the sds and σ, additive on β (in standard errors).</summary>
    private void Initialise(LinearMixedModel fit)
    {
        double j = _options.Jitter;
        var beta = _state.Beta;
        for (int k = 0; k < beta.Length; k++)
            beta[k] = fit.FixedEffects[k].Estimate + j * fit.FixedEffects[k].StdError * _rng.NextNormal();
        _state.Sigma2 = fit.Sigma * fit.Sigma * Math.Exp(2 * j * _rng.NextNormal());
        _state.AuxResidual = _state.Sigma2;
        foreach (var t in _terms)
        {
            var re = fit.RandomEffects[t.DesignIndex];
            var cov = fit.Covariances[t.DesignIndex];
            for (int c = 0; c < t.P; c++)
            {
                double f = Math.Exp(j * _rng.NextNormal());
                for (int l = 0; l < t.LevelCount; l++) _state.Effect(t, l, c) = re.Values[l, c] * f;
                // The Huang–Wand auxiliary lives on the precision scale (a_r | Σ has rate ν(Σ⁻¹)_rr + 1/A²), so it
                // starts near ν/variance (started at the variance itself, a near-singular REML fit with variance 1e-12
                // made the first Σ draw, whose scale is 2ν/a_r, astronomically large). The variance is kept off zero:
                // at least the one whose effects z_c·b_c would carry 1e-4 of σ² (in the column's own units).
                var column = _cp.Blocks[t.Block].Columns[t.OffsetInBlock + c];
                double meanSquare = 0;
                foreach (double z in column) meanSquare += z * z;
                meanSquare /= _cp.N; // the rows' number (the column's length, except for pseudo-rows from cross-products)
                double v = Math.Max(cov.Variance(c) * f * f, 1e-4 * _state.Sigma2 / Math.Max(meanSquare, double.Epsilon));
                if (_options.Covariance is HuangWandPrior hw) _state.Auxiliaries[t.DesignIndex][c] = hw.Nu / v + 1 / (hw.Scale * hw.Scale);
            }
        }
    }

    void ISweepingChain.Sweep(bool warmup) => Sweep();

    public void Sweep()
    {
        bool collapsed = _collapsed is { Ready: true };
        bool collapsedOnly = _collapsed is { CollapsedOnly: true };
        if (!collapsedOnly)
        {
            DrawResidualVariance();
            _forms.RefreshResidualCache();
            foreach (var t in _terms)
            {
                DrawCovariance(t);
                for (int r = 0; r < t.P; r++) _scale.Apply(t, r);
                for (int r = 0; r < t.P; r++)
                    for (int c = 0; c < t.P; c++)
                        if (r != c) _shear.Apply(t, r, c);
                if (!collapsed && _options.Covariance is HuangWandPrior h) DrawHuangWandAux(t, h);
            }
            _state.CovarianceChanged();
        }
        if (collapsed)
        {
            // The move integrates the auxiliaries out, so they follow it, drawn given the new (Σ, σ²).
            _collapsed!.Step();
            if (collapsedOnly)
                for (int k = 1; k < _collapsed.MovesPerSweep; k++) _collapsed.Step();
            if (_options.Residual is HalfTResidualPrior hr) DrawResidualAux(hr);
            if (_options.Covariance is HuangWandPrior hc)
                foreach (var t in _terms) DrawHuangWandAux(t, hc);
        }
        DrawEffects();
        _collapsed?.Adapt();
    }

    private void DrawResidualVariance()
    {
        double rss = CrossproductResiduals.SumOfSquares(_cp, _state.Beta, _state.B1, _state.B2);
        int n = _cp.N;
        switch (_options.Residual)
        {
            case HalfTResidualPrior h:
                _state.Sigma2 = _rng.NextInverseGamma((n + h.Nu) / 2, rss / 2 + h.Nu / _state.AuxResidual);
                DrawResidualAux(h);
                break;
            default:
                // Jeffreys p(σ²) ∝ 1/σ²: σ² | β, b, y ~ IG(n/2, RSS/2).
                _state.Sigma2 = _rng.NextInverseGamma(n / 2.0, rss / 2);
                break;
        }
    }

    private void DrawResidualAux(HalfTResidualPrior h) =>
        _state.AuxResidual = _rng.NextInverseGamma((h.Nu + 1) / 2, h.Nu / _state.Sigma2 + 1 / (h.Scale * h.Scale));

    private void DrawCovariance(TermLayout t)
    {
        int p = t.P, pp = p * p;
        var psi = _psi.AsSpan(0, pp);
        psi.Clear();
        for (int l = 0; l < t.LevelCount; l++)
            for (int r = 0; r < p; r++)
            {
                double br = _state.Effect(t, l, r);
                for (int c = 0; c <= r; c++) psi[r * p + c] += br * _state.Effect(t, l, c);
            }
        double df = _options.Covariance.CompleteConditional(psi, p, t.LevelCount, _state.Auxiliaries[t.DesignIndex]);
        for (int r = 0; r < p; r++)
            for (int c = 0; c < r; c++) psi[c * p + r] = psi[r * p + c];
        var cov = _state.Covariances[t.DesignIndex];
        if (!InverseWishart.Draw(_rng, df, psi, p, cov, _work))
            throw new ModelException($"The sampler failed: the scale matrix of the {t.Group} covariance is not positive definite.");
    }

    private void DrawHuangWandAux(TermLayout t, HuangWandPrior h)
    {
        int p = t.P, pp = p * p;
        var cov = _state.Covariances[t.DesignIndex];
        var aux = _state.Auxiliaries[t.DesignIndex];
        // a_r | Σ ~ IG((ν + p)/2, ν (Σ⁻¹)_rr + 1/A²).
        var chol = _chol.AsSpan(0, pp);
        cov.AsSpan(0, pp).CopyTo(chol);
        if (!DenseMath.Cholesky(chol, p))
            throw new ModelException($"The sampler failed: a draw of the {t.Group} covariance is not positive definite.");
        for (int r = 0; r < p; r++)
            aux[r] = _rng.NextInverseGamma((h.Nu + p) / 2, h.Nu * CholeskyInverse.Diagonal(chol, p, r, _work) + 1 / (h.Scale * h.Scale));
    }

    private void DrawEffects()
    {
        double sigma = Math.Sqrt(_state.Sigma2);
        // The collapsed move leaves the factor owed at the θ it accepted (or at the state's, when it rejected).
        if (!_factor.FactorPending())
            throw new ModelException("The sampler failed: the PLS system is not positive definite at a drawn θ.");
        if (!_factor.IsCurrent)
        {
            var chol = _chol.AsSpan();
            foreach (var t in _terms)
            {
                int p = t.P;
                var c = chol[..(p * p)];
                _state.Covariances[t.DesignIndex].AsSpan(0, p * p).CopyTo(c);
                if (!DenseMath.Cholesky(c, p))
                    throw new ModelException($"The sampler failed: a draw of the {t.Group} covariance is not positive definite.");
                int o = t.ThetaOffset;
                for (int col = 0; col < p; col++)
                    for (int r = col; r < p; r++) _theta[o++] = c[r * p + col] / sigma;
            }
            if (!_factor.FactorCurrent(_theta, _state.Sigma2))
                throw new ModelException("The sampler failed: the PLS system is not positive definite at a drawn θ.");
        }
        _rng.FillNormal(_z);
        PlsSampler.SampleConditional(_factor.Current, _z, sigma, _state.Beta, _u1, _u2);

        // b = T u level by level of each block (T lower, row-major).
        for (int bi = 0; bi < _cp.Blocks.Count; bi++)
        {
            var tf = _factor.Current.BlockFactor(bi);
            int size = _cp.Blocks[bi].Size, levels = _cp.Blocks[bi].LevelCount;
            var u = bi == 0 ? _u1.AsSpan() : _u2.AsSpan(_cp.RestOffsets[bi], levels * size);
            var b = bi == 0 ? _state.B1.AsSpan() : _state.B2.AsSpan(_cp.RestOffsets[bi], levels * size);
            if (size == 1)
            {
                // A random intercept: b = T u level by level, as the loop below (a sum from 0, so the same bits).
                double t0 = tf[0];
                for (int l = 0; l < levels; l++)
                {
                    double s = 0;
                    s += t0 * u[l];
                    b[l] = s;
                }
                continue;
            }
            for (int l = 0; l < levels; l++)
            {
                int o = l * size;
                for (int r = 0; r < size; r++)
                {
                    double s = 0;
                    for (int k = 0; k <= r; k++) s += tf[r * size + k] * u[o + k];
                    b[o + r] = s;
                }
            }
        }
    }

    /// <summary>Writes the current state: scalar parameters in <see cref="McmcLayout.ParameterNames"/> order, and
    /// (when wanted) the random effects per term, level and column.</summary>
    public void Record(Span<double> parameters, Span<double> effects)
    {
        _state.Beta.CopyTo(parameters);
        foreach (var t in _terms)
        {
            int p = t.P, i = t.FirstParameter, n = t.TriangleCount;
            var cov = _state.Covariances[t.DesignIndex];
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++)
                {
                    parameters[i] = cov[r * p + c];
                    parameters[i + n] = r == c ? Math.Sqrt(cov[r * p + r]) : cov[r * p + c] / Math.Sqrt(cov[r * p + r] * cov[c * p + c]);
                    i++;
                }
            if (effects.IsEmpty) continue;
            for (int l = 0; l < t.LevelCount; l++)
                for (int c = 0; c < p; c++) effects[t.FirstEffect + l * p + c] = _state.Effect(t, l, c);
        }
        parameters[_layout.ResidualVarianceIndex] = _state.Sigma2;
        parameters[_layout.SigmaIndex] = Math.Sqrt(_state.Sigma2);
    }

    /// <summary>The current RSS by the cross-products (exposed for tests).</summary>
    internal double ResidualSumOfSquares() => CrossproductResiduals.SumOfSquares(_cp, _state.Beta, _state.B1, _state.B2);
}
