using MathNet.Numerics.Distributions;

namespace Resampling.Ranking;

/// <summary>
/// Everything the rank outputs show, for one grouping factor and one ranked quantity. <see cref="Sources"/> holds the
/// draw-based summaries, the primary one (the posterior when there is one) first; its summaries fill the plain rank
/// columns, the others appear alongside with the source name as prefix (e.g. bootstrapRankLower).
/// </summary>
public sealed record RankReport(
    RankTarget Target,
    string Method,
    double TopFraction,
    int TopCount,
    double Level,
    ulong Seed,
    IReadOnlyList<DrawRankSummaries> Sources,
    RankConfidenceSetResult? Sets,
    IReadOnlyList<GroupRankRow> Rows,
    IReadOnlyList<string> Notes)
{
    public const string Direction = "rank 1 = highest effect";

    /// <summary>What the confidence sets take as the estimates' covariance, for a linear model.</summary>
    public const string CovarianceNote =
        "confidence sets use the prediction-error covariance of the estimates (conditional modes minus true effects, " +
        "including the uncertainty of the fixed effects): conditional modes are shrunken, so their sampling covariance " +
        "would understate the uncertainty about the true effects; lme4's condVar holds the fixed effects known.";

    /// <summary>What the confidence sets take as the estimates' covariance, for a generalised linear mixed model.</summary>
    public const string GeneralizedCovarianceNote =
        "confidence sets use each group's conditional variance given the data (lme4's condVar: the Laplace approximation " +
        "with the fixed effects held at their estimates, plus their variance when ranking at a profile), a normal " +
        "approximation on the link scale.";

    /// <summary>The covariance note for this report's model: <see cref="CovarianceNote"/> or <see cref="GeneralizedCovarianceNote"/>.</summary>
    public string CovarianceDescription => Target.Generalized is null ? CovarianceNote : GeneralizedCovarianceNote;

    public DrawRankSummaries? Primary => Sources.Count > 0 ? Sources[0] : null;

    /// <summary>The z of the estimate intervals and the flags at <see cref="Level"/> (1.96 at 95%).</summary>
    public double IntervalZ => NormalQuantile(Level);

    /// <summary>The standard normal's (1 + level)/2 quantile: the half-width, in sds, of a two-sided interval at that level.</summary>
    public static double NormalQuantile(double level) => Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
}

/// <summary>
/// One group's row. Estimate: conditional mode (or predicted value at the profile); Sd: prediction-error sd including
/// the fixed effects' uncertainty; Lower/Upper: estimate ± z·Sd; Rank: rank of the estimate; ExpectedRank: 1 + Σ_k
/// P(θ_k &gt; θ_j) under the normal approximation of the estimates; Flag: "above"/"below" when the interval of the
/// group's deviation from an average group (b = 0) excludes 0, else "". Draws: this group's summary per source.
/// </summary>
public sealed record GroupRankRow(
    string Level, double Estimate, double Sd, double Lower, double Upper, double ConditionalSd,
    int Rank, double ExpectedRank, string Flag,
    IReadOnlyList<DrawRankSummary> Draws,
    int? SetLower, int? SetUpper, int? SimultaneousLower, int? SimultaneousUpper);
