using Resampling.Inference;

namespace Resampling.Prediction.Marginal;

/// <summary>p-value adjustment of a family of contrasts (emmeans' <c>adjust</c>).</summary>
public enum PAdjust { None, Tukey, Holm, Bonferroni }

/// <summary>
/// What emmeans is asked: the factors whose means are wanted (<see cref="Specs"/>), factors to condition on
/// (<see cref="By"/>), fixed values for covariates or factors (<see cref="At"/>: a number for a covariate, a level for a
/// factor), and the df method. <see cref="Contrasts"/>: named coefficient vectors over the means of one by-group.
/// </summary>
public sealed record MarginalMeansOptions
{
    public required IReadOnlyList<string> Specs { get; init; }
    public IReadOnlyList<string> By { get; init; } = [];
    public IReadOnlyDictionary<string, string> At { get; init; } = new Dictionary<string, string>();
    public DdfMethod Method { get; init; } = DdfMethod.Satterthwaite;
    public double Level { get; init; } = 0.95;
    public bool Pairwise { get; init; }
    public IReadOnlyList<(string Name, IReadOnlyList<double> Coefficients)> Contrasts { get; init; } = [];
    /// <summary>Null: emmeans' default (Tukey for pairwise comparisons, none for custom contrasts).</summary>
    public PAdjust? Adjust { get; init; }
}

/// <summary>One estimated marginal mean: the level of each spec and by factor, estimate, SE, df and confidence limits.</summary>
public sealed record MarginalMean(IReadOnlyList<(string Variable, string Level)> Levels, double Estimate, double StdError, double Df,
    double Lower, double Upper);

/// <summary>One contrast of marginal means, with its by-group (empty without --by), adjusted p and adjusted limits.</summary>
public sealed record MarginalContrast(string Name, IReadOnlyList<(string Variable, string Level)> By, double Estimate, double StdError,
    double Df, double T, double P, double Lower, double Upper);

/// <summary>The means, their contrasts (if asked) and how they were made (for the notes under the tables).</summary>
public sealed record MarginalMeansResult(IReadOnlyList<MarginalMean> Means, IReadOnlyList<MarginalContrast> Contrasts, DdfMethod Method,
    double Level, PAdjust Adjust, IReadOnlyList<(string Variable, double Value)> Covariates, IReadOnlyList<string> AveragedOver);
