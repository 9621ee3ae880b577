using Resampling.Glmm;
using Resampling.Model;
using Resampling.Numerics;
using Resampling.Randomness;

namespace Resampling.Mcmc;

/// <summary>
/// One chain of the GLMM sampler (docs/mcmc.md §7–8). The state is x = [b; β], Σ_t per term and the covariance prior's
/// auxiliaries. A sweep draws, in order,
/// <list type="number">
/// <item>(β, b): binomial-logit — ωᵢ ~ PG(nᵢ, ηᵢ) for every row, then (β, b) | ω, Σ jointly Gaussian with precision
/// AᵀΩA + prior precision and mean from κ = k − n/2 (Pólya-Gamma augmentation, exact Gibbs); Poisson — independence
/// Metropolis–Hastings steps on β and on each level's effects, each proposing from the Gaussian at the mode of its own
/// conditional (Laplace), then exact Gibbs shifts along the directions that leave η unchanged (<see cref="GlmmShiftMoves"/>);</item>
/// <item>Σ_t | b_t, a_t: inverse-Wishart, then a_t | Σ_t (Huang–Wand), exactly as the linear sampler;</item>
/// <item>a scale move per random-effects column (b_r → g·b_r with Σ, a rescaled, g drawn by slice sampling from its exact
/// conditional under the Haar measure), the non-centred direction the centred Gibbs steps lack.</item>
/// </list>
/// Holds its own workspaces and generator: one instance per thread.
/// </summary>
internal sealed class GlmmGibbsChain : ISweepingChain
{
    private readonly GlmmMcmcModel _model;
    private readonly McmcOptions _options;
    private readonly RandomStream _rng;
    private readonly GlmmGaussianBlock _block;
    private readonly double[] _x, _eta, _w, _r, _rhs, _z, _column, _trialEta, _betaPrecision, _betaLinear;
    private readonly PoissonBlockStep _poisson;
    private readonly double[][] _cov, _aux;
    private readonly double[] _psi, _work, _chol;
    private readonly bool _binomial;

    public GlmmGibbsChain(GlmmMcmcModel model, GeneralizedLinearMixedModel? start, McmcOptions options, RandomStream random)
    {
        _model = model;
        _options = options;
        _rng = random;
        _binomial = model.Family.Distribution == GlmmDistribution.Binomial;
        _block = new GlmmGaussianBlock(model, options.FixedEffects);
        int n = model.N, m = model.M;
        _x = new double[m];
        _eta = new double[n];
        _w = new double[n];
        _r = new double[n];
        _rhs = new double[m];
        _z = new double[m];
        _betaPrecision = new double[model.P * model.P];
        _betaLinear = new double[model.P];
        _poisson = new PoissonBlockStep(model, random);
        _column = new double[n];
        _trialEta = new double[n];
        _cov = model.Terms.Select(t => new double[t.P * t.P]).ToArray();
        _aux = model.Terms.Select(t => new double[t.P]).ToArray();
        int pmax = model.Terms.Length == 0 ? 1 : model.Terms.Max(t => t.P);
        _psi = new double[pmax * pmax];
        _work = new double[3 * pmax * pmax];
        _chol = new double[pmax * pmax];
        Initialise(start);
    }

    /// <summary>Poisson's Metropolis–Hastings steps proposed and accepted after warm-up (0 for the binomial).</summary>
    public int Proposed { get; private set; }
    public int Accepted { get; private set; }

    /// <summary>
    /// The maximum-likelihood fit with jitter: β by Jitter·N(0,1) standard errors, each sd and its effects by
    /// exp(Jitter·N(0,1)). Without a fit (simulation studies): β = 0 and b = 0 with β jittered by Jitter·N(0,1), Σ = I
    /// with the sds jittered.
    /// </summary>
    private void Initialise(GeneralizedLinearMixedModel? fit)
    {
        double j = _options.Jitter;
        var m = _model;
        for (int k = 0; k < m.P; k++)
        {
            double se = fit?.FixedEffects[k].StdError ?? 1;
            _x[m.Q + k] = (fit?.Beta[k] ?? 0) + j * (double.IsFinite(se) ? se : 0) * _rng.NextNormal();
        }
        foreach (var t in m.Terms)
        {
            int p = t.P;
            var f = new double[p];
            for (int c = 0; c < p; c++) f[c] = Math.Exp(j * _rng.NextNormal());
            for (int l = 0; l < t.LevelCount; l++)
                for (int c = 0; c < p; c++) _x[t.Offset + l * p + c] = fit is null ? 0 : fit.RandomEffects[t.Index].Values[l, c] * f[c];
            // Σ = D(cov + εI)D: a singular fit (variance 0) starts just off the boundary, on the link scale.
            for (int r = 0; r < p; r++)
                for (int c = 0; c < p; c++)
                    _cov[t.Index][r * p + c] = f[r] * f[c] * ((fit?.Covariances[t.Index].Covariance[r, c] ?? 0) + (r == c ? (fit is null ? 1 : 1e-2) : 0));
            if (_options.Covariance is HuangWandPrior hw)
                for (int c = 0; c < p; c++) _aux[t.Index][c] = hw.Nu / _cov[t.Index][c * p + c] + 1 / (hw.Scale * hw.Scale);
        }
    }

    public void Sweep(bool warmup)
    {
        if (_binomial) DrawEffectsPolyaGamma();
        else DrawEffectsMetropolis(warmup);
        foreach (var t in _model.Terms)
        {
            DrawCovariance(t);
            if (_options.Covariance is HuangWandPrior h) DrawHuangWandAux(t, h);
            for (int r = 0; r < t.P; r++) ScaleMove(t, r);
        }
    }

    /// <summary>ω | β, b ~ PG(nᵢ, ηᵢ); then (β, b) | ω, Σ ~ N(H⁻¹Aᵀ(κ − Ωo), H⁻¹), H = AᵀΩA + prior precision.</summary>
    private void DrawEffectsPolyaGamma()
    {
        var m = _model;
        m.LinearPredictor(_x, _eta);
        for (int i = 0; i < m.N; i++)
        {
            double omega = PolyaGamma.Next(_rng, m.Trials[i], _eta[i]);
            _w[i] = omega;
            _r[i] = m.Response[i] - m.Trials[i] / 2.0 - omega * m.Offset[i];
        }
        if (!_block.Prepare(_w, _r, _cov, _rhs))
            throw new ModelException("The sampler failed: the Gaussian conditional of the effects is not positive definite.");
        _block.Draw(_rhs, _rng, _x, _z);
    }

    /// <summary>
    /// Poisson: Metropolis-within-Gibbs on β and then on every level's effects, each an independence step from the
    /// Laplace approximation of its own conditional (<see cref="PoissonBlockStep"/>).
    /// </summary>
    private void DrawEffectsMetropolis(bool warmup)
    {
        var m = _model;
        m.LinearPredictor(_x, _eta);
        int p = m.P;
        var precision = _betaPrecision.AsSpan(0, p * p);
        var linear = _betaLinear.AsSpan(0, p);
        precision.Clear();
        linear.Clear();
        if (_options.FixedEffects is NormalFixedEffectsPrior np)
            for (int j = 0; j < p; j++)
            {
                precision[j * p + j] = 1 / (np.Sd * np.Sd);
                linear[j] = np.Mean / (np.Sd * np.Sd);
            }
        _poisson.Fixed(_x, _eta, precision, linear, !warmup);
        foreach (var t in m.Terms)
        {
            int pt = t.P;
            var chol = _chol.AsSpan(0, pt * pt);
            _cov[t.Index].AsSpan(0, pt * pt).CopyTo(chol);
            if (!DenseMath.Cholesky(chol, pt))
                throw new ModelException($"The sampler failed: a draw of the {t.Group} covariance is not positive definite.");
            var inverse = DenseMath.InverseFromCholesky(chol, pt);
            for (int l = 0; l < t.LevelCount; l++) _poisson.Level(t, l, _x, _eta, inverse, !warmup);
        }
        m.Shifts?.Apply(_x, _cov, _options.FixedEffects, _rng);
        Proposed = (int)Math.Min(int.MaxValue, _poisson.Proposed);
        Accepted = (int)Math.Min(int.MaxValue, _poisson.Accepted);
    }

    /// <summary>Σ_t | b_t, a_t ~ IW(df + L, Ψ + Σ_l b_l b_lᵀ), the linear sampler's conditional (docs/mcmc.md §2).</summary>
    private void DrawCovariance(GlmmTermLayout t)
    {
        int p = t.P, pp = p * p;
        var psi = _psi.AsSpan(0, pp);
        psi.Clear();
        for (int l = 0; l < t.LevelCount; l++)
            for (int r = 0; r < p; r++)
            {
                double br = _x[t.Offset + l * p + r];
                for (int c = 0; c <= r; c++) psi[r * p + c] += br * _x[t.Offset + l * p + c];
            }
        double df = _options.Covariance.CompleteConditional(psi, p, t.LevelCount, _aux[t.Index]);
        for (int r = 0; r < p; r++)
            for (int c = 0; c < r; c++) psi[c * p + r] = psi[r * p + c];
        if (!InverseWishart.Draw(_rng, df, psi, p, _cov[t.Index], _work))
            throw new ModelException($"The sampler failed: the scale matrix of the {t.Group} covariance is not positive definite.");
    }

    /// <summary>a_r | Σ ~ IG((ν + p)/2, ν(Σ⁻¹)_rr + 1/A²).</summary>
    private void DrawHuangWandAux(GlmmTermLayout t, HuangWandPrior h)
    {
        int p = t.P, pp = p * p;
        var chol = _chol.AsSpan(0, pp);
        _cov[t.Index].AsSpan(0, pp).CopyTo(chol);
        if (!DenseMath.Cholesky(chol, p))
            throw new ModelException($"The sampler failed: a draw of the {t.Group} covariance is not positive definite.");
        var aux = _aux[t.Index];
        for (int r = 0; r < p; r++)
            aux[r] = _rng.NextInverseGamma((h.Nu + p) / 2, h.Nu * CholeskyInverse.Diagonal(chol, p, r, _work) + 1 / (h.Scale * h.Scale));
    }

    /// <summary>
    /// The scale move on column r of term t (docs/mcmc.md §3 and §7): b_{·r} → g·b_{·r}, Σ → DΣD (and a_r → a_r/g² under
    /// Huang–Wand), h = log g drawn by slice sampling with stepping out (Neal 2003) from
    /// ℓ(h) = loglik(η + (g − 1)v) + h − g²/(A²a_r) (Huang–Wand) or loglik − df·h − s(Σ⁻¹)_rr/(2g²) (inverse-Wishart),
    /// v the column's part of η. The likelihood is the marginal one (ω integrated out), which the next sweep's ω draw follows.
    /// </summary>
    private void ScaleMove(GlmmTermLayout t, int r)
    {
        var m = _model;
        int p = t.P;
        m.LinearPredictor(_x, _eta);
        var z = m.TermColumns[t.Index][r];
        var g = m.TermGroups[t.Index];
        for (int i = 0; i < m.N; i++) _column[i] = z[i] * _x[t.Offset + g[i] * p + r];
        double sigmaInvRr = 0;
        double aR = _aux[t.Index][r];
        if (_options.Covariance is InverseWishartPrior)
        {
            var chol = _chol.AsSpan(0, p * p);
            _cov[t.Index].AsSpan(0, p * p).CopyTo(chol);
            if (!DenseMath.Cholesky(chol, p)) return;
            sigmaInvRr = CholeskyInverse.Diagonal(chol, p, r, _work);
        }
        double Ell(double h)
        {
            double gg = Math.Exp(h);
            for (int i = 0; i < m.N; i++) _trialEta[i] = _eta[i] + (gg - 1) * _column[i];
            double ll = m.LogLikelihood(_trialEta);
            return _options.Covariance switch
            {
                HuangWandPrior hw => ll + h - gg * gg / (hw.Scale * hw.Scale * aR),
                InverseWishartPrior iw => ll - iw.DfFor(p) * h - iw.Scale * sigmaInvRr / (2 * gg * gg),
                _ => throw new InvalidOperationException(),
            };
        }
        double h0 = 0, y = Ell(h0) + Math.Log(_rng.NextOpenDouble());
        if (!double.IsFinite(y)) return;
        const double width = 1;
        double lo = h0 - width * _rng.NextDouble(), hi = lo + width;
        for (int k = 0; k < 20 && Ell(lo) > y; k++) lo -= width;
        for (int k = 0; k < 20 && Ell(hi) > y; k++) hi += width;
        double h1 = h0;
        for (int k = 0; k < 200; k++)
        {
            double trial = lo + (hi - lo) * _rng.NextDouble();
            if (Ell(trial) > y)
            {
                h1 = trial;
                break;
            }
            if (trial < h0) lo = trial; else hi = trial;
        }
        double gNew = Math.Exp(h1);
        for (int l = 0; l < t.LevelCount; l++) _x[t.Offset + l * p + r] *= gNew;
        var cov = _cov[t.Index];
        for (int c = 0; c < p; c++)
        {
            cov[r * p + c] *= gNew;
            cov[c * p + r] *= gNew;
        }
        if (_options.Covariance is HuangWandPrior) _aux[t.Index][r] = aR / (gNew * gNew);
    }

    /// <summary>Writes β, then per term the variances/covariances and the sds/correlations; and the random effects.</summary>
    public void Record(Span<double> parameters, Span<double> effects)
    {
        var m = _model;
        for (int j = 0; j < m.P; j++) parameters[j] = _x[m.Q + j];
        foreach (var t in m.Terms)
        {
            int p = t.P, i = t.FirstParameter, n = t.TriangleCount;
            var cov = _cov[t.Index];
            for (int c = 0; c < p; c++)
                for (int r = c; r < p; r++)
                {
                    parameters[i] = cov[r * p + c];
                    parameters[i + n] = r == c ? Math.Sqrt(cov[r * p + r]) : cov[r * p + c] / Math.Sqrt(cov[r * p + r] * cov[c * p + c]);
                    i++;
                }
            if (effects.IsEmpty) continue;
            for (int l = 0; l < t.LevelCount; l++)
                for (int c = 0; c < p; c++) effects[t.FirstEffect + l * p + c] = _x[t.Offset + l * p + c];
        }
    }
}
