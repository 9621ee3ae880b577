namespace Resampling.Ranking;

/// <summary>
/// One group's summary over the draws of one source. Rank 1 is the highest effect. Effect interval: R's quantile type 7;
/// median rank and rank interval: inverse empirical CDF (R's type 1), so they are ranks that occurred.
/// </summary>
public sealed record DrawRankSummary(
    string Level, double Mean, double Sd, double Lower, double Upper,
    double MeanRank, int MedianRank, int RankLower, int RankUpper, double PTop, double PBottom);

/// <summary>Summaries of one source's draws: per group, plus the rankogram P(rank = r) (group × rank, rank 1 first; sparse).</summary>
public sealed record DrawRankSummaries(
    string Source, int DrawCount, double Level, int TopCount, IReadOnlyList<DrawRankSummary> Groups, SparseRankogram Rankogram);
