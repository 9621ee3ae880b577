namespace Resampling.Optimization;

/// <summary>Where a parameter with a zero lower bound counts as on that bound.</summary>
public static class Boundary
{
    /// <summary>
    /// A variance parameter (a diagonal θ) below this is on the boundary: a singular fit, as lme4's isSingular (tol = 1e-4).
    /// The optimisers snap such parameters onto the bound and restart from inside; <c>FitOptions.SingularTolerance</c>
    /// defaults to it.
    /// </summary>
    public const double SingularTolerance = 1e-4;
}
