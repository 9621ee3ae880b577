namespace Resampling.Inference.Deletion;

/// <summary>
/// One row of lmerTest's ranova table: the model with a random-effects term removed or reduced (the first row is the full
/// model, <c>&lt;none&gt;</c>, with no test). logLik is REML's for a REML model, as ranova refits with the model's criterion.
/// </summary>
public sealed record RandomTermDeletionRow(string Term, string Formula, int Npar, double LogLik, double Aic, double? Lrt, int? Df, double? P)
{
    /// <summary>
    /// The reduced model's formula (null on the full model's row, and where no random term is left: a linear model),
    /// so that the reduced model can be fitted again (ranova's parametric bootstrap).
    /// </summary>
    public Formulas.Formula? Reduced { get; init; }
}

/// <summary>lmerTest's "ANOVA-like table for random-effects: Single term deletions".</summary>
public sealed record RandomTermDeletionTable(string Formula, bool Reml, IReadOnlyList<RandomTermDeletionRow> Rows);
