using Resampling.Numerics;

namespace Resampling.Engine;

/// <summary>A fixed-effect coefficient with lme4's name. Df and P are filled by the inference module (null until then).</summary>
public sealed record FixedEffect(string Name, double Estimate, double StdError, double TValue, double? Df = null, double? P = null);

/// <summary>
/// The covariance of one random-effects term: lme4's VarCorr entry. <see cref="Group"/> is the name lme4 shows
/// (<c>Subject.1</c> for the second term of a factor, as <c>(x||g)</c> produces); <see cref="Factor"/> the grouping factor.
/// </summary>
public sealed record TermCovariance(string Group, string Factor, IReadOnlyList<string> Names, ReadOnlyMatrix Covariance)
{
    public double Variance(int i) => Covariance[i, i];
    public double StdDev(int i) => Math.Sqrt(Covariance[i, i]);

    public double Correlation(int i, int j)
    {
        double d = StdDev(i) * StdDev(j);
        return d > 0 ? Covariance[i, j] / d : double.NaN;
    }
}

/// <summary>
/// Conditional modes of one term's random effects (lme4's ranef) and their conditional sds (condVar, which holds β fixed).
/// Values and CondSd are level × column.
/// </summary>
public sealed record TermRandomEffects(string Group, string Factor, IReadOnlyList<string> Levels, IReadOnlyList<string> Names,
    ReadOnlyMatrix Values, ReadOnlyMatrix CondSd)
{
    /// <summary>
    /// Each level's conditional covariance of its p effects (lme4's condVar "postVar", p × p per level; CondSd is the
    /// square root of its diagonal); empty when not computed.
    /// </summary>
    public IReadOnlyList<ReadOnlyMatrix> CondCovariance { get; init; } = [];
}
