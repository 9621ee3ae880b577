namespace Resampling.Mcmc;

/// <summary>
/// Prior on the fixed effects β. The default is flat (improper, uniform on ℝᵖ), which makes the posterior of β given the
/// variance parameters the PLS solution with covariance σ²(R_X'R_X)⁻¹, as lme4's vcov at those parameters.
/// Maths: docs/mcmc.md §1.
/// </summary>
public abstract record FixedEffectsPrior
{
    public static FixedEffectsPrior Flat { get; } = new FlatFixedEffectsPrior();

    /// <summary>Independent N(mean, sd²) on every coefficient (same mean and sd for all).</summary>
    public static FixedEffectsPrior Normal(double mean, double sd) => new NormalFixedEffectsPrior(mean, sd);
}

public sealed record FlatFixedEffectsPrior : FixedEffectsPrior;

public sealed record NormalFixedEffectsPrior : FixedEffectsPrior
{
    public NormalFixedEffectsPrior(double mean, double sd)
    {
        if (!double.IsFinite(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "Prior mean must be finite.");
        if (!(sd > 0) || double.IsInfinity(sd)) throw new ArgumentOutOfRangeException(nameof(sd), sd, "Prior sd must be positive and finite.");
        Mean = mean;
        Sd = sd;
    }

    public double Mean { get; }
    public double Sd { get; }
}

/// <summary>
/// Prior on the residual standard deviation σ. The default is Jeffreys' p(σ²) ∝ 1/σ² (improper; posterior proper for
/// n &gt; p). <see cref="HalfT"/> puts a half-t(ν, scale) on σ, made conditionally conjugate with one auxiliary variable
/// (σ² | a ~ IG(ν/2, ν/a), a ~ IG(1/2, 1/scale²): Huang &amp; Wand 2013 with p = 1).
/// </summary>
public abstract record ResidualPrior
{
    public static ResidualPrior Jeffreys { get; } = new JeffreysResidualPrior();

    public static ResidualPrior HalfT(double nu, double scale) => new HalfTResidualPrior(nu, scale);
}

public sealed record JeffreysResidualPrior : ResidualPrior;

public sealed record HalfTResidualPrior : ResidualPrior
{
    public HalfTResidualPrior(double nu, double scale)
    {
        if (!(nu > 0) || double.IsInfinity(nu)) throw new ArgumentOutOfRangeException(nameof(nu), nu, "Half-t degrees of freedom must be positive.");
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Half-t scale must be positive.");
        Nu = nu;
        Scale = scale;
    }

    public double Nu { get; }
    public double Scale { get; }
}

/// <summary>
/// Prior on each random-effects term's covariance matrix Σ_k (p_k×p_k). Default: Huang &amp; Wand (2013) with ν = 2 and
/// scale 10⁵ on every sd — marginally each sd is half-t(2, 10⁵) (close to flat on the sd for data on ordinary scales) and
/// every correlation is uniform on (−1, 1). It is conditionally conjugate through auxiliary a_r ~ IG(1/2, 1/A_r²):
/// Σ | a ~ IW(ν + p − 1, 2ν diag(1/a)). Rescale (<see cref="HuangWand"/>) when the data's units make 10⁵ small.
/// <see cref="InverseWishart"/> is the classical conjugate alternative.
/// </summary>
public abstract record CovariancePrior
{
    public static CovariancePrior Default { get; } = new HuangWandPrior(2, 1e5);

    public static CovariancePrior HuangWand(double nu, double scale) => new HuangWandPrior(nu, scale);

    /// <summary>IW(df, scale·I) on every Σ_k; df must exceed p_k − 1. A df ≤ 0 selects p_k + 1 per term, the choice
    /// that makes every correlation marginally uniform on (−1, 1).</summary>
    public static CovariancePrior InverseWishart(double df, double scale) => new InverseWishartPrior(df, scale);

    /// <summary>
    /// Σ_k's full conditional given the term's level effects b_l and (Huang–Wand) the auxiliaries a: IW(df, Ψ + S),
    /// S = Σ_l b_l b_lᵀ. <paramref name="psi"/> holds S (p×p, row-major) on entry and Ψ + S on return; returns df.
    /// One place for the linear and the generalised samplers (docs/mcmc.md).
    /// </summary>
    internal abstract double CompleteConditional(Span<double> psi, int p, int levels, ReadOnlySpan<double> aux);
}

public sealed record HuangWandPrior : CovariancePrior
{
    public HuangWandPrior(double nu, double scale)
    {
        if (!(nu > 0) || double.IsInfinity(nu)) throw new ArgumentOutOfRangeException(nameof(nu), nu, "Huang-Wand ν must be positive.");
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Huang-Wand scale must be positive.");
        Nu = nu;
        Scale = scale;
    }

    public double Nu { get; }

    /// <summary>A_r, the half-t scale of every sd.</summary>
    public double Scale { get; }

    /// <summary>Σ | a, b ~ IW(ν + p − 1 + levels, 2ν diag(1/a) + S).</summary>
    internal override double CompleteConditional(Span<double> psi, int p, int levels, ReadOnlySpan<double> aux)
    {
        for (int r = 0; r < p; r++) psi[r * p + r] += 2 * Nu / aux[r];
        return Nu + p - 1 + levels;
    }
}

public sealed record InverseWishartPrior : CovariancePrior
{
    public InverseWishartPrior(double df, double scale)
    {
        if (!double.IsFinite(df)) throw new ArgumentOutOfRangeException(nameof(df), df, "Inverse-Wishart df must be finite.");
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Inverse-Wishart scale must be positive.");
        Df = df;
        Scale = scale;
    }

    /// <summary>Degrees of freedom; ≤ 0 means p_k + 1 for each term.</summary>
    public double Df { get; }

    /// <summary>The scale matrix is Scale · I.</summary>
    public double Scale { get; }

    internal double DfFor(int p) => Df > 0 ? Df : p + 1;

    /// <summary>Σ | b ~ IW(df + levels, Scale·I + S).</summary>
    internal override double CompleteConditional(Span<double> psi, int p, int levels, ReadOnlySpan<double> aux)
    {
        for (int r = 0; r < p; r++) psi[r * p + r] += Scale;
        return DfFor(p) + levels;
    }
}
