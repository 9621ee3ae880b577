namespace Resampling.Bootstrap;

/// <summary>
/// ranova's bootstrap: per table row, the PBmodcomp of the reduced model against the full one (null for the full model's
/// row), with the run's replicate count and seed.
/// </summary>
public sealed record RandomEffectsAnovaBootstrapResult(IReadOnlyList<PbModcompResult?> Rows, int Replicates, ulong Seed);
