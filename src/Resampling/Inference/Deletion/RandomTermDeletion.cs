namespace Resampling.Inference.Deletion;

/// <summary>
/// One row of lmerTest's ranova table: the model with a random-effects term removed or reduced (the first row is the full
/// model, <c>&lt;none&gt;</c>, with no test). logLik is REML's for a REML model, as ranova refits with the model's criterion.
/// </summary>
public sealed record RandomTermDeletionRow(string Term, string Formula, int Npar, double LogLik, double Aic, double? Lrt, int? Df, double? P);

/// <summary>lmerTest's "ANOVA-like table for random-effects: Single term deletions".</summary>
public sealed record RandomTermDeletionTable(string Formula, bool Reml, IReadOnlyList<RandomTermDeletionRow> Rows);
