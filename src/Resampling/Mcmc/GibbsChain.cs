using Resampling.Numerics;
using Resampling.Randomness;
using Resampling.Engine;
using Resampling.Model;

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
/// matching row and column of Σ_k together: without it the centred Gibbs steps crawl for weakly identified variances
/// (HSB's slope variance: effective sample size ~1% of the draws).
/// Before 3, once warm-up has fitted its proposal, the collapsed Metropolis–Hastings move on (Σ, σ²)
/// (GibbsChainCollapsedMove.cs), which from the middle of warm-up on may replace steps 1–2 altogether.
/// Holds its own factor workspaces and generator: one instance per thread.
/// </summary>
internal sealed partial class GibbsChain
{
    private readonly Crossproducts _cp;
    // The factorisation of the current state and its cross-products (its own copy under a normal β prior); swapped
    // with the collapsed move's alternates when a proposal is accepted.
    private Crossproducts _factorCp;
    private PlsFactor _pls;
    private readonly McmcLayout _layout;
    // The terms as an array: a foreach over the IReadOnlyList would allocate an enumerator per loop, several per sweep.
    private readonly TermLayout[] _terms;
    private readonly RandomStream _rng;
    private readonly McmcOptions _options;
    private readonly double[] _beta, _u1, _u2, _b1, _b2, _z, _theta;
    private readonly double[][] _cov, _aux;
    private readonly double[] _psi, _work, _chol;
    private readonly double[]? _baseXyXy;
    private double _sigma2, _auxResidual;

    public GibbsChain(Crossproducts cp, McmcLayout layout, LinearMixedModel start, McmcOptions options, RandomStream random)
    {
        _cp = cp;
        _layout = layout;
        _terms = [.. layout.Terms];
        _options = options;
        _rng = random;
        // A normal prior on β adds σ²·(prior precision) to X'X at every iteration: it needs the chain's own [X y] parts.
        if (options.FixedEffects is NormalFixedEffectsPrior)
        {
            _factorCp = cp.WithResponse(cp.Design.Y);
            _baseXyXy = (double[])cp.XyXy.Clone();
        }
        else _factorCp = cp;
        _pls = new PlsFactor(_factorCp);
        int p = cp.P;
        _beta = new double[p];
        _u1 = new double[cp.Q1];
        _u2 = new double[cp.QRest];
        _b1 = new double[cp.Q1];
        _b2 = new double[cp.QRest];
        _z = new double[cp.Q1 + cp.QRest + p];
        _theta = new double[cp.ThetaCount];
        int pmax = layout.Terms.Max(t => t.P);
        _psi = new double[pmax * pmax];
        _work = new double[3 * pmax * pmax];
        _chol = new double[pmax * pmax];
        _cov = layout.Terms.Select(t => new double[t.P * t.P]).ToArray();
        _aux = layout.Terms.Select(t => new double[t.P]).ToArray();
        Initialise(start);
        InitialiseCollapsedMove();
    }

    /// <summary>REML estimates with multiplicative jitter on the sds and σ, additive on β (in standard errors).</summary>
    private void Initialise(LinearMixedModel fit)
    {
        double j = _options.Jitter;
        for (int k = 0; k < _beta.Length; k++)
            _beta[k] = fit.FixedEffects[k].Estimate + j * fit.FixedEffects[k].StdError * _rng.NextNormal();
        _sigma2 = fit.Sigma * fit.Sigma * Math.Exp(2 * j * _rng.NextNormal());
        _auxResidual = _sigma2;
        foreach (var t in _terms)
        {
            var re = fit.RandomEffects[t.DesignIndex];
            var cov = fit.Covariances[t.DesignIndex];
            for (int c = 0; c < t.P; c++)
            {
                double f = Math.Exp(j * _rng.NextNormal());
                for (int l = 0; l < t.LevelCount; l++) EffectRef(t, l, c) = re.Values[l, c] * f;
                // The Huang–Wand auxiliary lives on the precision scale (a_r | Σ has rate ν(Σ⁻¹)_rr + 1/A²), so it
                // starts near ν/variance (started at the variance itself, a near-singular REML fit with variance 1e-12
                // made the first Σ draw, whose scale is 2ν/a_r, astronomically large). The variance is kept off zero:
                // at least the one whose effects z_c·b_c would carry 1e-4 of σ² (in the column's own units).
                var column = _cp.Blocks[t.Block].Columns[t.OffsetInBlock + c];
                double meanSquare = 0;
                foreach (double z in column) meanSquare += z * z;
                meanSquare /= column.Length;
                double v = Math.Max(cov.Variance(c) * f * f, 1e-4 * _sigma2 / Math.Max(meanSquare, double.Epsilon));
                if (_options.Covariance is HuangWandPrior hw) _aux[t.DesignIndex][c] = hw.Nu / v + 1 / (hw.Scale * hw.Scale);
            }
        }
    }

    private ref double EffectRef(TermLayout t, int level, int column)
    {
        int size = _cp.Blocks[t.Block].Size;
        return ref t.Block == 0
            ? ref _b1[level * size + t.OffsetInBlock + column]
            : ref _b2[_cp.RestOffsets[t.Block] + level * size + t.OffsetInBlock + column];
    }

    public void Sweep()
    {
        bool collapsed = _proposal is { Ready: true };
        if (!_collapsedOnly)
        {
            DrawResidualVariance();
            RefreshResidualCache();
            foreach (var t in _terms)
            {
                DrawCovariance(t);
                for (int r = 0; r < t.P; r++) ScaleMove(t, r);
                for (int r = 0; r < t.P; r++)
                    for (int c = 0; c < t.P; c++)
                        if (r != c) ShearMove(t, r, c);
                if (!collapsed && _options.Covariance is HuangWandPrior h) DrawHuangWandAux(t, h);
            }
            _factorValid = _weightValid = false;
        }
        if (collapsed)
        {
            // The move integrates the auxiliaries out, so they follow it, drawn given the new (Σ, σ²).
            CollapsedMove();
            if (_collapsedOnly)
                for (int k = 1; k < _collapsedMoves; k++) CollapsedMove();
            if (_options.Residual is HalfTResidualPrior hr) DrawResidualAux(hr);
            if (_options.Covariance is HuangWandPrior hc)
                foreach (var t in _terms) DrawHuangWandAux(t, hc);
        }
        DrawEffects();
        Adapt();
    }

    private void DrawResidualVariance()
    {
        double rss = CrossproductResiduals.SumOfSquares(_cp, _beta, _b1, _b2);
        int n = _cp.N;
        switch (_options.Residual)
        {
            case HalfTResidualPrior h:
                _sigma2 = _rng.NextInverseGamma((n + h.Nu) / 2, rss / 2 + h.Nu / _auxResidual);
                DrawResidualAux(h);
                break;
            default:
                // Jeffreys p(σ²) ∝ 1/σ²: σ² | β, b, y ~ IG(n/2, RSS/2).
                _sigma2 = _rng.NextInverseGamma(n / 2.0, rss / 2);
                break;
        }
    }

    private void DrawResidualAux(HalfTResidualPrior h) =>
        _auxResidual = _rng.NextInverseGamma((h.Nu + 1) / 2, h.Nu / _sigma2 + 1 / (h.Scale * h.Scale));

    private void DrawCovariance(TermLayout t)
    {
        int p = t.P, pp = p * p;
        var psi = _psi.AsSpan(0, pp);
        psi.Clear();
        for (int l = 0; l < t.LevelCount; l++)
            for (int r = 0; r < p; r++)
            {
                double br = EffectRef(t, l, r);
                for (int c = 0; c <= r; c++) psi[r * p + c] += br * EffectRef(t, l, c);
            }
        double df;
        var aux = _aux[t.DesignIndex];
        switch (_options.Covariance)
        {
            case InverseWishartPrior iw:
                df = iw.DfFor(p) + t.LevelCount;
                for (int r = 0; r < p; r++) psi[r * p + r] += iw.Scale;
                break;
            case HuangWandPrior hw:
                df = hw.Nu + p - 1 + t.LevelCount;
                for (int r = 0; r < p; r++) psi[r * p + r] += 2 * hw.Nu / aux[r];
                break;
            default:
                throw new InvalidOperationException($"Unknown covariance prior {_options.Covariance.GetType().Name}.");
        }
        for (int r = 0; r < p; r++)
            for (int c = 0; c < r; c++) psi[c * p + r] = psi[r * p + c];
        var cov = _cov[t.DesignIndex];
        if (!InverseWishart.Draw(_rng, df, psi, p, cov, _work))
            throw new ModelException($"The sampler failed: the scale matrix of the {t.Group} covariance is not positive definite.");
    }

    private void DrawHuangWandAux(TermLayout t, HuangWandPrior h)
    {
        int p = t.P, pp = p * p;
        var cov = _cov[t.DesignIndex];
        var aux = _aux[t.DesignIndex];
        // a_r | Σ ~ IG((ν + p)/2, ν (Σ⁻¹)_rr + 1/A²).
        var chol = _chol.AsSpan(0, pp);
        cov.AsSpan(0, pp).CopyTo(chol);
        if (!DenseMath.Cholesky(chol, p))
            throw new ModelException($"The sampler failed: a draw of the {t.Group} covariance is not positive definite.");
        for (int r = 0; r < p; r++)
            aux[r] = _rng.NextInverseGamma((h.Nu + p) / 2, h.Nu * InverseDiagonalFromCholesky(chol, p, r) + 1 / (h.Scale * h.Scale));
    }

    private void DrawEffects()
    {
        double sigma = Math.Sqrt(_sigma2);
        if (!_factorValid)
        {
            var chol = _chol.AsSpan();
            foreach (var t in _terms)
            {
                int p = t.P;
                var c = chol[..(p * p)];
                _cov[t.DesignIndex].AsSpan(0, p * p).CopyTo(c);
                if (!DenseMath.Cholesky(c, p))
                    throw new ModelException($"The sampler failed: a draw of the {t.Group} covariance is not positive definite.");
                int o = t.ThetaOffset;
                for (int col = 0; col < p; col++)
                    for (int r = col; r < p; r++) _theta[o++] = c[r * p + col] / sigma;
            }
            if (_baseXyXy is not null) AugmentFixedPrior((NormalFixedEffectsPrior)_options.FixedEffects, _factorCp, _sigma2);
            _pls.Factor(_theta);
            if (!_pls.Ok) throw new ModelException("The sampler failed: the PLS system is not positive definite at a drawn θ.");
            _factorValid = true;
        }
        _rng.FillNormal(_z);
        _pls.SampleConditional(_z, sigma, _beta, _u1, _u2);

        // b = T u level by level of each block (T lower, row-major).
        for (int bi = 0; bi < _cp.Blocks.Count; bi++)
        {
            var tf = _pls.BlockFactor(bi);
            int size = _cp.Blocks[bi].Size, levels = _cp.Blocks[bi].LevelCount;
            var u = bi == 0 ? _u1.AsSpan() : _u2.AsSpan(_cp.RestOffsets[bi], levels * size);
            var b = bi == 0 ? _b1.AsSpan() : _b2.AsSpan(_cp.RestOffsets[bi], levels * size);
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

    /// <summary>β ~ N(m, s²I) enters the PLS system as σ²/s² added to X'X and σ²m/s² to X'y (scaled by σ² as the rest).</summary>
    private void AugmentFixedPrior(NormalFixedEffectsPrior prior, Crossproducts factorCp, double sigma2)
    {
        int p = _cp.P, w = p + 1;
        var xy = factorCp.XyXy;
        double prec = sigma2 / (prior.Sd * prior.Sd);
        Array.Copy(_baseXyXy!, xy, xy.Length);
        for (int k = 0; k < p; k++)
        {
            xy[k * w + k] += prec;
            xy[p * w + k] += prec * prior.Mean;
            xy[k * w + p] += prec * prior.Mean;
        }
        xy[p * w + p] += prec * prior.Mean * prior.Mean * p;
    }

    /// <summary>Writes the current state: scalar parameters in <see cref="McmcLayout.ParameterNames"/> order, and
    /// (when wanted) the random effects per term, level and column.</summary>
    public void Record(Span<double> parameters, Span<double> effects)
    {
        _beta.CopyTo(parameters);
        foreach (var t in _terms)
        {
            int p = t.P, i = t.FirstParameter, n = t.TriangleCount;
            var cov = _cov[t.DesignIndex];
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++)
                {
                    parameters[i] = cov[r * p + c];
                    parameters[i + n] = r == c ? Math.Sqrt(cov[r * p + r]) : cov[r * p + c] / Math.Sqrt(cov[r * p + r] * cov[c * p + c]);
                    i++;
                }
            if (effects.IsEmpty) continue;
            for (int l = 0; l < t.LevelCount; l++)
                for (int c = 0; c < p; c++) effects[t.FirstEffect + l * p + c] = EffectRef(t, l, c);
        }
        parameters[_layout.ResidualVarianceIndex] = _sigma2;
        parameters[_layout.SigmaIndex] = Math.Sqrt(_sigma2);
    }

    /// <summary>The current RSS by the cross-products (exposed for tests).</summary>
    internal double ResidualSumOfSquares() => CrossproductResiduals.SumOfSquares(_cp, _beta, _b1, _b2);
}
