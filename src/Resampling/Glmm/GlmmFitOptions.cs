namespace Resampling.Glmm;

/// <summary>How a GLMM is fitted: the number of adaptive Gauss–Hermite points (glmer's nAGQ; 1 is the Laplace approximation).</summary>
public sealed record GlmmFitOptions
{
    /// <summary>glmer's nAGQ: 1 for Laplace; 2 to 100 for adaptive Gauss–Hermite (one scalar random-effects term only).</summary>
    public int Nagq { get; init; } = 1;

    /// <summary>Whether to compute the Hessian-based covariance of β (glmer's default, use.hessian = TRUE).</summary>
    public bool Hessian { get; init; } = true;
}
