using Resampling.Engine;
using Resampling.Mcmc;

namespace Resampling.Tests.Mcmc;

/// <summary>
/// The posterior of (σ, Σ) for a model with one random-effects term of 1 or 2 columns, computed without the Gibbs sampler.
/// With a flat prior on β, integrating β and b out exactly leaves
/// <code>p(σ, Σ | y) ∝ exp(−½ D_REML(θ, σ)) · p(Σ) · p(σ),   Σ = σ² T T', θ = lower triangle of T</code>
/// where D_REML is the REML deviance not profiled over σ (<see cref="PlsFactor.Deviance"/>):
/// (n − p) log(2πσ²) + log|L|² + log|R_X|² + r²(θ)/σ². Coordinates φ = (log σ, log s_1 [, log s_2, atanh ρ]), so the
/// density in φ carries the Jacobian |∂(σ, Σ_11 [, Σ_21, Σ_22])/∂φ| = σ · 2s₁² (q = 1) or σ · 4 s₁³ s₂³ (1 − ρ²) (q = 2).
/// Priors, as densities in (σ, Σ's free entries), written out here rather than taken from the sampler:
/// <list type="bullet">
/// <item>σ: Jeffreys p(σ²) ∝ 1/σ², i.e. p(σ) ∝ 1/σ (the sampler's default);</item>
/// <item>Huang–Wand(ν, A): Σ | a ~ IW(ν + q − 1, 2ν diag(1/a)), a_k ~ IG(1/2, 1/A²). The a_k integrate out in closed
/// form (each is an inverse-gamma kernel of shape (ν + q)/2): p(Σ) ∝ |Σ|^(−(ν+2q)/2) Π_k (ν (Σ⁻¹)_kk + 1/A²)^(−(ν+q)/2);</item>
/// <item>inverse-Wishart IW(df, s·I): p(Σ) ∝ |Σ|^(−(df+q+1)/2) exp(−s tr(Σ⁻¹)/2);</item>
/// <item>flat: p(Σ) ∝ 1 on positive definite matrices (null prior).</item>
/// </list>
/// </summary>
internal sealed class MarginalVariancePosterior
{
    private readonly Crossproducts _cp;
    private readonly CovariancePrior? _prior;

    public MarginalVariancePosterior(LinearMixedModel fit, CovariancePrior? prior)
    {
        _cp = fit.Crossproducts;
        if (_cp.Blocks.Count != 1 || _cp.Blocks[0].Size > 2)
            throw new ArgumentException("One random-effects term of one or two columns only.");
        Q = _cp.Blocks[0].Size;
        _prior = prior;
        Fit = fit;
    }

    public LinearMixedModel Fit { get; }
    public int Q { get; }
    public int Dimension => Q == 1 ? 2 : 4;

    /// <summary>Number of recorded quantities per draw: Σ_11, [Σ_22, Σ_21,] σ².</summary>
    public int Quantities => Q == 1 ? 2 : 4;

    public PlsFactor NewFactor() => new(_cp);

    /// <summary>φ at the REML estimates.</summary>
    public double[] RemlPoint()
    {
        var c = Fit.Covariances.Single();
        double sigma = Fit.Sigma;
        if (Q == 1) return [Math.Log(sigma), Math.Log(c.StdDev(0))];
        return [Math.Log(sigma), Math.Log(c.StdDev(0)), Math.Log(c.StdDev(1)), Math.Atanh(c.Correlation(1, 0))];
    }

    /// <summary>Σ_11, [Σ_22, Σ_21,] σ² at φ.</summary>
    public void Record(ReadOnlySpan<double> phi, Span<double> into)
    {
        double s2 = Math.Exp(2 * phi[0]);
        into[0] = Math.Exp(2 * phi[1]);
        if (Q == 1) { into[1] = s2; return; }
        into[1] = Math.Exp(2 * phi[2]);
        into[2] = Math.Tanh(phi[3]) * Math.Exp(phi[1] + phi[2]);
        into[3] = s2;
    }

    /// <summary>REML log-likelihood at φ (−½ D_REML), no prior, no Jacobian.</summary>
    public double LogLikelihood(ReadOnlySpan<double> phi, PlsFactor pls)
    {
        double sigma = Math.Exp(phi[0]);
        Span<double> theta = stackalloc double[Q == 1 ? 1 : 3];
        double s1 = Math.Exp(phi[1]);
        theta[0] = s1 / sigma;
        if (Q == 2)
        {
            double s2 = Math.Exp(phi[2]), rho = Math.Tanh(phi[3]);
            theta[1] = rho * s2 / sigma;
            theta[2] = s2 / Math.Cosh(phi[3]) / sigma;
        }
        return -0.5 * pls.Deviance(theta, sigma, reml: true);
    }

    /// <summary>Log posterior density in φ, up to a constant.</summary>
    public double LogDensity(ReadOnlySpan<double> phi, PlsFactor pls)
    {
        double ll = LogLikelihood(phi, pls);
        if (!double.IsFinite(ll)) return double.NegativeInfinity;
        // Jeffreys on σ (1/σ) times dσ/dlogσ (σ): constant.
        double l1 = phi[1];
        double logDet, inv11, inv22 = 0, logJ;
        int q = Q;
        if (q == 1)
        {
            logDet = 2 * l1;
            inv11 = Math.Exp(-2 * l1);
            logJ = Math.Log(2) + 2 * l1;
        }
        else
        {
            double l2 = phi[2], z = Math.Abs(phi[3]);
            double log1mRho2 = Math.Log(4) - 2 * z - 2 * Math.Log(1 + Math.Exp(-2 * z)); // log(1 − tanh²z), stable
            logDet = 2 * l1 + 2 * l2 + log1mRho2;
            inv11 = Math.Exp(-2 * l1 - log1mRho2);
            inv22 = Math.Exp(-2 * l2 - log1mRho2);
            logJ = Math.Log(4) + 3 * l1 + 3 * l2 + log1mRho2;
        }
        double logPrior = _prior switch
        {
            null => 0,
            HuangWandPrior hw => -(hw.Nu + 2 * q) / 2 * logDet
                - (hw.Nu + q) / 2 * (Math.Log(hw.Nu * inv11 + 1 / (hw.Scale * hw.Scale))
                    + (q == 2 ? Math.Log(hw.Nu * inv22 + 1 / (hw.Scale * hw.Scale)) : 0)),
            InverseWishartPrior iw => -(iw.DfFor(q) + q + 1) / 2 * logDet - iw.Scale * (inv11 + inv22) / 2,
            _ => throw new ArgumentException($"Unknown prior {_prior.GetType().Name}"),
        };
        return ll + logPrior + logJ;
    }
}
