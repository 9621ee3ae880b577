using Resampling.Engine;

namespace Resampling.Mcmc;

/// <summary>
/// The factorisation of the PLS system at the chain's current state (θ = chol(Σ_k)/σ) and, for the collapsed move, an
/// alternate that evaluates proposals (the criterion's pieces only); an accepted proposal leaves the state's factor owed
/// at its θ (<see cref="SetPending"/>). Under a normal prior on β each factor has
/// its own cross-products, whose [X y]'[X y] carries the prior's rows at the factor's σ² (<see cref="Augment"/>).
/// Knows the state version it was made at, so <see cref="IsCurrent"/> is the only validity rule.
/// </summary>
internal sealed class StateFactor
{
    private readonly ChainState _state;
    private readonly NormalFixedEffectsPrior? _prior;
    private readonly double[]? _baseXyXy;
    private Crossproducts _cp;
    private Crossproducts? _cpAlt;
    private PlsFactor _pls;
    private PlsFactor? _plsAlt;
    private int _version = -1;
    private double[] _pendingTheta = [];
    private double _pendingSigma2;
    private int _pendingVersion = -1;

    public StateFactor(ChainState state, McmcOptions options)
    {
        _state = state;
        var cp = state.Crossproducts;
        // A normal prior on β adds σ²·(prior precision) to X'X at every iteration: it needs the chain's own [X y] parts.
        if (options.FixedEffects is NormalFixedEffectsPrior prior)
        {
            _prior = prior;
            _cp = cp.WithResponse(cp.Design.Y);
            _baseXyXy = (double[])cp.XyXy.Clone();
        }
        else _cp = cp;
        _pls = new PlsFactor(_cp);
    }

    /// <summary>The factor of the current state (valid when <see cref="IsCurrent"/>).</summary>
    public PlsFactor Current => _pls;

    /// <summary>The collapsed move's factor of a proposal (after <see cref="CreateAlternate"/>).</summary>
    public PlsFactor Alternate => _plsAlt!;

    /// <summary>True when <see cref="Current"/> was factored at the state's present (Σ, σ²).</summary>
    public bool IsCurrent => _version == _state.Version;

    public void CreateAlternate()
    {
        var cp = _state.Crossproducts;
        _cpAlt = _baseXyXy is null ? cp : cp.WithResponse(cp.Design.Y);
        _plsAlt = new PlsFactor(_cpAlt);
    }

    /// <summary>Factors <see cref="Current"/> at θ for the state's σ², and records it as current when it succeeds.</summary>
    public bool FactorCurrent(ReadOnlySpan<double> theta, double sigma2)
    {
        Augment(_cp, sigma2);
        _pls.Factor(theta);
        if (_pls.Ok) _version = _state.Version;
        return _pls.Ok;
    }

    /// <summary>
    /// The criterion's pieces (log-determinants and r²) at θ for σ² into <see cref="Alternate"/>, for the collapsed
    /// move's weights: <see cref="PlsFactor.FactorDeterminants"/>, which on crossed random intercepts skips the factor's
    /// blocks (docs/mcmc.md §4). The alternate's blocks are not the state's: the state's factor is made by
    /// <see cref="SetPending"/> and <see cref="FactorPending"/>.
    /// </summary>
    public bool FactorAlternate(ReadOnlySpan<double> theta, double sigma2)
    {
        Augment(_cpAlt!, sigma2);
        _plsAlt!.FactorDeterminants(theta);
        return _plsAlt.Ok;
    }

    /// <summary>True when the state's factor is owed at a θ recorded by <see cref="SetPending"/> for the present state.</summary>
    public bool IsPending => _pendingVersion == _state.Version;

    /// <summary>
    /// Records θ (and σ²) for the state's present (Σ, σ²), where <see cref="Current"/> will be factored when it is needed
    /// (<see cref="FactorPending"/>, before the draw of (β, b)): a sweep whose moves accept several proposals factors only
    /// the last, and the factor is the one the move's θ gives (the same bits as factoring there at once).
    /// </summary>
    public void SetPending(ReadOnlySpan<double> theta, double sigma2)
    {
        if (_pendingTheta.Length != theta.Length) _pendingTheta = new double[theta.Length];
        theta.CopyTo(_pendingTheta);
        _pendingSigma2 = sigma2;
        _pendingVersion = _state.Version;
    }

    /// <summary>Factors <see cref="Current"/> at the pending θ when one is owed; false when that factorisation fails.</summary>
    public bool FactorPending()
    {
        if (!IsPending || IsCurrent) return true;
        _pendingVersion = -1;
        return FactorCurrent(_pendingTheta, _pendingSigma2);
    }

    /// <summary>β ~ N(m, s²I) enters the PLS system as σ²/s² added to X'X and σ²m/s² to X'y (scaled by σ² as the rest).</summary>
    private void Augment(Crossproducts factorCp, double sigma2)
    {
        if (_prior is null) return;
        int p = factorCp.P, w = p + 1;
        var xy = factorCp.XyXy;
        double prec = sigma2 / (_prior.Sd * _prior.Sd);
        Array.Copy(_baseXyXy!, xy, xy.Length);
        for (int k = 0; k < p; k++)
        {
            xy[k * w + k] += prec;
            xy[p * w + k] += prec * _prior.Mean;
            xy[k * w + p] += prec * _prior.Mean;
        }
        xy[p * w + p] += prec * _prior.Mean * _prior.Mean * p;
        factorCp.ResponseChanged();
    }
}
