using Resampling.Engine;
using Resampling.Numerics;

namespace Resampling.Mcmc;

/// <summary>
/// The collapsed move: Metropolis–Hastings on (Σ_k, σ²) with (β, b) and the priors' auxiliaries integrated out,
/// followed by exact draws of the auxiliaries | Σ, σ² and (in the chain's DrawEffects) of (β, b) | Σ, σ², y. Because
/// everything else is redrawn from its full conditional, the pair leaves the joint posterior invariant.
/// <para>Target in η = (per term, lower triangle of L_k = chol(Σ_k) by column with log on the diagonal; then log σ²):
/// log p(y | Σ, σ²) + log p(Σ) + log p(σ²) + log|∂(Σ, σ²)/∂η|, where
/// −2 log p(y | Σ, σ²) = log|L_Z|² + log|R_X|² + r²/σ² + (n − p) log σ² at θ = L/σ (lme4's REML deviance, not profiled).
/// A normal prior on β is a set of p pseudo-observations whose rows scale with σ (<see cref="StateFactor"/>);
/// integrating β over them gives the same expression on the augmented system, so the move applies there too.</para>
/// <para>Proposal: an independence multivariate t (<see cref="CollapsedProposal"/>) in ζ = (log sds, atanh partial
/// correlations, log σ²) (<see cref="SdCorrelationTransform"/>), fitted to the chain's own warm-up states and fixed after
/// warm-up, so the post-warm-up chain is a homogeneous Markov chain; per chain, so draws do not depend on threads.
/// Warm-up W: plain Gibbs until W/4, Gibbs plus the move until W/2; from then on (and after warm-up) the sweep drops
/// the Gibbs steps on (Σ, σ²) when the move accepted at least <see cref="CollapsedOnlyAcceptance"/> over the window just
/// ended: the state's factorisation then stays valid between sweeps, so a sweep costs only the proposals' criterion
/// pieces, one factorisation at the last accepted θ and the draw of (β, b), and makes up to <see cref="MaxCollapsedMoves"/> moves. Otherwise the Gibbs steps stay
/// and the move (one per sweep) adds a second factorisation.</para>
/// </summary>
internal sealed class CollapsedMove
{
    /// <summary>Acceptance rate over a warm-up window above which the sweep becomes collapsed only (Mod4: ≈ 0.6). Three
    /// moves cost about what the Gibbs steps plus one move do; below this rate the Gibbs steps' local moves are kept.</summary>
    private const double CollapsedOnlyAcceptance = 0.3;

    /// <summary>
    /// At most this many moves per collapsed-only sweep. Each costs a factorisation (≈ 11 µs on HSB Mod4, against ≈ 10 µs
    /// for the rest of the sweep) and multiplies the chance that the state has not moved by the rejection rate r again;
    /// a chain makes the fewest moves (1 to 3) that bring r^k to 10%, r from its last warm-up window (Mod4: r ≈ 0.4,
    /// three moves; slope-variance bulk-ESS per draw ≈ 0.35 with one, 0.65 with two, 0.8 with three).
    /// </summary>
    private const int MaxCollapsedMoves = 3;

    private readonly ChainState _state;
    private readonly StateFactor _factor;
    private readonly McmcOptions _options;
    private readonly CollapsedProposal _proposal;
    private readonly double[] _theta, _zeta, _zetaWindow, _chol, _work;
    private double[] _eta, _etaNew;
    // The current state's log target minus log proposal density (in η), and the state version it was computed at: kept
    // while neither the state nor the proposal changes, so in a collapsed-only sweep only accepted moves change it.
    private double _currentWeight;
    private int _weightVersion = -1;
    private int _iteration, _windowProposed, _windowAccepted;

    public CollapsedMove(ChainState state, StateFactor factor, McmcOptions options, int thetaCount, int pmax)
    {
        _state = state;
        _factor = factor;
        _options = options;
        int m = state.Terms.Sum(t => t.TriangleCount) + 1;
        _proposal = new CollapsedProposal(m);
        _eta = new double[m];
        _etaNew = new double[m];
        _zeta = new double[m];
        _zetaWindow = new double[(options.Warmup - options.Warmup / 8) * m];
        _theta = new double[thetaCount];
        _chol = new double[pmax * pmax];
        _work = new double[3 * pmax * pmax];
        factor.CreateAlternate();
    }

    /// <summary>True once warm-up has fitted the proposal: the sweep then makes the move.</summary>
    public bool Ready => _proposal.Ready;

    /// <summary>Whether the sweep drops the Gibbs steps on (Σ, σ²) (decided at the warm-up refits).</summary>
    public bool CollapsedOnly { get; private set; }

    /// <summary>Moves per collapsed-only sweep.</summary>
    public int MovesPerSweep { get; private set; } = 1;

    /// <summary>Moves proposed and accepted after warm-up (diagnostics).</summary>
    public int Proposed { get; private set; }
    public int Accepted { get; private set; }

    /// <summary>
    /// After each sweep of warm-up W: keeps ζ of the state from W/8 on and refits the proposal at W/4 (on [W/8, W/4)),
    /// W/2 (on [W/4, W/2)) and W (on [W/4, W): the last window alone, once the sweep is collapsed, has fewer
    /// effective draws). From W/2 (and after warm-up) the sweep is collapsed only if the
    /// move accepted at least <see cref="CollapsedOnlyAcceptance"/> of its proposals over the window just ended.
    /// </summary>
    public void Adapt()
    {
        int it = _iteration++, w = _options.Warmup, b0 = w / 8, b1 = w / 4, b2 = w / 2;
        if (it >= w || it < b0) return;
        int m = _eta.Length;
        // _etaNew is scratch here; _eta keeps the exact η of the last accepted move for the factorisation made there.
        StateToEta(_etaNew);
        EtaToZeta(_etaNew, _zetaWindow.AsSpan((it - b0) * m, m));
        if (it == b1 - 1 || it == b2 - 1 || it == w - 1) _weightVersion = -1;
        if (it == b1 - 1) _proposal.Fit(_zetaWindow.AsSpan(0, (b1 - b0) * m), b1 - b0);
        else if (it == b2 - 1 || it == w - 1)
        {
            int from = b1;
            _proposal.Fit(_zetaWindow.AsSpan((from - b0) * m, (it + 1 - from) * m), it + 1 - from);
            double accepted = _windowProposed > 0 ? (double)_windowAccepted / _windowProposed : 0;
            CollapsedOnly = _proposal.Ready && accepted >= CollapsedOnlyAcceptance;
            // Clamped: at acceptance 0 the formula divides by log 1 = 0 (harmless today only because such a chain is
            // not collapsed-only, but the count should not rely on that).
            double a = Math.Clamp(accepted, 1e-3, 0.9);
            MovesPerSweep = a >= 0.9 ? 1 : Math.Min(MaxCollapsedMoves, (int)Math.Ceiling(Math.Log(0.1) / Math.Log(1 - a)));
            _windowProposed = _windowAccepted = 0;
        }
    }

    /// <summary>
    /// One Metropolis–Hastings step on (Σ, σ²); on acceptance the state takes the proposal, and its factor is owed at the
    /// proposal's θ (<see cref="StateFactor.SetPending"/>). Both weights come from the criterion's pieces
    /// (<see cref="StateFactor.FactorAlternate"/>), so the move compares one function of η.
    /// </summary>
    public void Step()
    {
        var proposal = _proposal;
        var rng = _state.Random;
        if (!_factor.IsCurrent && !_factor.IsPending)
        {
            StateToEta(_eta);
            ThetaOf(_eta);
            _factor.SetPending(_theta, Math.Exp(_eta[^1]));
            _weightVersion = -1;
        }
        if (_weightVersion != _state.Version)
        {
            if (!FactorAt(_eta, proposal: false)) throw new Model.ModelException("The sampler failed: the PLS system is not positive definite at a drawn θ.");
            double logJ = EtaToZeta(_eta, _zeta);
            _currentWeight = LogMarginal(_factor.Alternate, _eta) + LogPrior(_eta) - proposal.LogDensity(_zeta) + logJ;
            _weightVersion = _state.Version;
        }
        // The proposal's density is in ζ; in η it is q(ζ)/|∂η/∂ζ|.
        proposal.Draw(rng, _zeta);
        double logJNew = ZetaToEta(_zeta, _etaNew);
        double logRatio = double.NegativeInfinity, proposedWeight = double.NaN;
        if (!double.IsNaN(logJNew) && FactorAt(_etaNew, proposal: true))
        {
            proposedWeight = LogMarginal(_factor.Alternate, _etaNew) + LogPrior(_etaNew) - proposal.LogDensity(_zeta) + logJNew;
            logRatio = proposedWeight - _currentWeight;
        }
        bool accept = Math.Log(rng.NextOpenDouble()) < logRatio;
        if (_iteration < _options.Warmup)
        {
            _windowProposed++;
            if (accept) _windowAccepted++;
        }
        else
        {
            Proposed++;
            if (accept) Accepted++;
        }
        if (!accept) return;
        (_eta, _etaNew) = (_etaNew, _eta);
        EtaToState(_eta);
        // _theta is still the proposal's (FactorAt above).
        _factor.SetPending(_theta, Math.Exp(_eta[^1]));
        _currentWeight = proposedWeight;
        _weightVersion = _state.Version;
    }

    /// <summary>ζ of η (log σ² unchanged); returns log|∂η/∂ζ|.</summary>
    private double EtaToZeta(ReadOnlySpan<double> eta, Span<double> zeta)
    {
        double logJ = 0;
        foreach (var t in _state.Terms) logJ += SdCorrelationTransform.ToZeta(eta, zeta, t.ThetaOffset, t.P, _work);
        zeta[^1] = eta[^1];
        return logJ;
    }

    /// <summary>η of ζ; returns log|∂η/∂ζ| or NaN when ζ has no valid η.</summary>
    private double ZetaToEta(ReadOnlySpan<double> zeta, Span<double> eta)
    {
        double logJ = 0;
        foreach (var t in _state.Terms) logJ += SdCorrelationTransform.ToEta(zeta, eta, t.ThetaOffset, t.P);
        eta[^1] = zeta[^1];
        return logJ;
    }

    /// <summary>log p(y | Σ, σ²) up to a constant, from a factorisation at θ = L/σ.</summary>
    private double LogMarginal(PlsFactor pls, ReadOnlySpan<double> eta) =>
        LogMarginal(pls, _state.Crossproducts.N, _state.Crossproducts.P, eta[^1]);

    /// <summary>log ∫ p(y | β, b, σ²) p(b | Σ) dβ db (flat β) + const, from the factorisation at θ.</summary>
    internal static double LogMarginal(PlsFactor pls, int n, int p, double logSigma2) =>
        -0.5 * (pls.LogDetLZ + pls.LogDetRX + pls.Pwrss * Math.Exp(-logSigma2) + (n - p) * logSigma2);

    /// <summary>
    /// log p(Σ) + log p(σ²) + log-Jacobian of η ↦ (Σ, σ²), up to constants, with the auxiliaries integrated out:
    /// Huang–Wand's marginal p(Σ) ∝ |Σ|^(−(ν+2p)/2) ∏_r (ν(Σ⁻¹)_rr + 1/A²)^(−(ν+p)/2) (their eq. 2), and σ ~ half-t(ν, s).
    /// Conditioning on the auxiliaries instead would pin Σ to their scale and starve the move (acceptance ≈ 17% on Mod4).
    /// </summary>
    private double LogPrior(ReadOnlySpan<double> eta)
    {
        double lp = 0;
        foreach (var t in _state.Terms)
        {
            int p = t.P, o = t.ThetaOffset;
            var l = FillCholesky(eta, t, _chol);
            double logDiag = 0, jacobian = 0;
            for (int r = 0; r < p; r++)
            {
                double e = eta[o + t.TriangleIndex(r, r)];
                logDiag += e;
                // Σ = LL' contributes 2^p ∏ L_rr^(p − r) (0-based r); the log on the diagonal one more L_rr.
                jacobian += (p - r + 1) * e;
            }
            lp += jacobian;
            switch (_options.Covariance)
            {
                case HuangWandPrior hw:
                    lp -= (hw.Nu + 2 * p) * logDiag;
                    for (int r = 0; r < p; r++)
                        lp -= (hw.Nu + p) / 2 * Math.Log(hw.Nu * CholeskyInverse.Diagonal(l, p, r, _work) + 1 / (hw.Scale * hw.Scale));
                    break;
                case InverseWishartPrior iw:
                    // IW(df, sI): −(df + p + 1)/2 log|Σ| − s tr(Σ⁻¹)/2.
                    lp -= (iw.DfFor(p) + p + 1) * logDiag;
                    for (int r = 0; r < p; r++) lp -= iw.Scale * CholeskyInverse.Diagonal(l, p, r, _work) / 2;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown covariance prior {_options.Covariance.GetType().Name}.");
            }
        }
        double logS2 = eta[^1];
        if (_options.Residual is HalfTResidualPrior h)
            // p(σ) ∝ (1 + σ²/(ν s²))^(−(ν+1)/2); p(log σ²) = p(σ) σ/2.
            lp += logS2 / 2 - (h.Nu + 1) / 2 * Math.Log(1 + Math.Exp(logS2) / (h.Nu * h.Scale * h.Scale));
        // Jeffreys 1/σ² cancels the log's Jacobian σ².
        return lp;
    }

    /// <summary>L = chol(Σ_t) from η into <paramref name="buffer"/> (p×p row-major, upper part zero).</summary>
    private static Span<double> FillCholesky(ReadOnlySpan<double> eta, TermLayout t, Span<double> buffer)
    {
        int p = t.P, o = t.ThetaOffset;
        var l = buffer[..(p * p)];
        l.Clear();
        for (int c = 0; c < p; c++)
            for (int r = c; r < p; r++)
            {
                double e = eta[o++];
                l[r * p + c] = r == c ? Math.Exp(e) : e;
            }
        return l;
    }

    /// <summary>η of the current (Σ, σ²). η is laid out like θ (term offsets, lower triangle by column), then log σ².</summary>
    private void StateToEta(Span<double> eta)
    {
        foreach (var t in _state.Terms)
        {
            int p = t.P, o = t.ThetaOffset;
            var c = _chol.AsSpan(0, p * p);
            _state.Covariances[t.DesignIndex].AsSpan(0, p * p).CopyTo(c);
            if (!DenseMath.Cholesky(c, p))
                throw new Model.ModelException($"The sampler failed: a draw of the {t.Group} covariance is not positive definite.");
            for (int col = 0; col < p; col++)
                for (int r = col; r < p; r++) eta[o++] = r == col ? Math.Log(c[r * p + r]) : c[r * p + col];
        }
        eta[^1] = Math.Log(_state.Sigma2);
    }

    private void EtaToState(ReadOnlySpan<double> eta)
    {
        foreach (var t in _state.Terms)
        {
            int p = t.P;
            var l = FillCholesky(eta, t, _chol);
            var cov = _state.Covariances[t.DesignIndex];
            for (int r = 0; r < p; r++)
                for (int c = 0; c <= r; c++)
                {
                    double s = 0;
                    for (int k = 0; k <= c; k++) s += l[r * p + k] * l[c * p + k];
                    cov[r * p + c] = s;
                    cov[c * p + r] = s;
                }
        }
        _state.Sigma2 = Math.Exp(eta[^1]);
        _state.CovarianceChanged();
    }

    /// <summary>
    /// A proposal whose relative covariance factor has an entry beyond this is rejected (a guard: not seen to matter in
    /// the tests). So far out in the t proposal's tails (sds of 10⁵σ and more) the factorisation's Schur complement
    /// loses its digits to cancellation and could return a finite but meaningless likelihood; the posterior mass there is
    /// negligible, since the marginal likelihood falls like θ^(−levels) as θ grows.
    /// </summary>
    internal const double MaxRelativeFactor = 1e5;

    /// <summary>The criterion's pieces at θ = L/σ from η, into the alternate factor; a proposal with an entry of θ beyond
    /// <see cref="MaxRelativeFactor"/> is rejected (false).</summary>
    private bool FactorAt(ReadOnlySpan<double> eta, bool proposal)
    {
        if (!ThetaOf(eta) && proposal) return false;
        return _factor.FactorAlternate(_theta, Math.Exp(eta[^1]));
    }

    /// <summary>θ = L/σ from η into _theta; false when an entry is beyond <see cref="MaxRelativeFactor"/> (or not finite).</summary>
    private bool ThetaOf(ReadOnlySpan<double> eta)
    {
        double sigma2 = Math.Exp(eta[^1]), sigma = Math.Sqrt(sigma2);
        bool within = true;
        foreach (var t in _state.Terms)
        {
            int o = t.ThetaOffset;
            for (int k = 0; k < t.TriangleCount; k++)
            {
                double e = eta[o + k];
                double theta = (IsDiagonal(t, k) ? Math.Exp(e) : e) / sigma;
                if (!(Math.Abs(theta) <= MaxRelativeFactor)) within = false;
                _theta[o + k] = theta;
            }
        }
        return within;
    }

    /// <summary>Whether entry k of a term's lower triangle (by column) is on the diagonal.</summary>
    private static bool IsDiagonal(TermLayout t, int k)
    {
        int p = t.P, c = 0;
        while (k >= p - c) { k -= p - c; c++; }
        return k == 0;
    }
}
