using Resampling.Engine;
using Resampling.Model;

namespace Resampling.Inference;

/// <summary>One model's row of lme4's anova(m0, m1, ...): the ML fit's criteria, and the χ² test against the row above.</summary>
public sealed record LikelihoodRatioRow(string Name, string Formula, int Npar, double Aic, double Bic, double LogLik, double Deviance,
    double? Chisq, int? Df, double? P);

/// <summary>
/// A further column of the table (for example a parametric-bootstrap p-value): its printed header, its JSON key and one
/// value per row (null where it does not apply, as in the first row).
/// Maths: docs/inference.md §4.
/// </summary>
public sealed record ExtraColumn(string Header, string JsonName, IReadOnlyList<double?> Values);

/// <summary>lme4's likelihood-ratio table. <see cref="Models"/> are the ML fits, in the table's order (by npar).</summary>
public sealed record LikelihoodRatioTable(IReadOnlyList<LikelihoodRatioRow> Rows, IReadOnlyList<LinearMixedModel> Models,
    IReadOnlyList<ExtraColumn> ExtraColumns, bool Refitted)
{
    /// <summary>The same table with one more column.</summary>
    public LikelihoodRatioTable WithColumn(ExtraColumn column)
    {
        if (column.Values.Count != Rows.Count) throw new ArgumentException($"The column has {column.Values.Count} values for {Rows.Count} rows.");
        return this with { ExtraColumns = [.. ExtraColumns, column] };
    }
}

/// <summary>
/// Likelihood-ratio tests of nested models as lme4's anova does them: REML fits are refitted by ML, models are ordered
/// by their number of parameters (p + |θ| + 1), and each is tested against the one before it with
/// χ² = 2·max(0, Δ logLik) on Δ npar df.
/// </summary>
public static class LikelihoodRatioTest
{
    public static LikelihoodRatioTable Compare(IReadOnlyList<LinearMixedModel> models, IReadOnlyList<string>? names = null)
    {
        if (models.Count < 2) throw new ModelException("A likelihood-ratio test needs at least two models.");
        names ??= Enumerable.Range(1, models.Count).Select(i => $"MODEL{i}").ToList();
        if (names.Count != models.Count) throw new ArgumentException("One name per model.");
        bool refitted = models.Any(m => m.Reml);
        var ml = models.Select(m => m.RefitMl()).ToList();
        // Stable, as R's order(): models with equal npar keep their input order.
        var order = Enumerable.Range(0, ml.Count).OrderBy(i => ml[i].ParameterCount).ToList();
        for (int k = 1; k < order.Count; k++) CheckNested(ml[order[k - 1]], ml[order[k]], names[order[k - 1]], names[order[k]]);

        var rows = new List<LikelihoodRatioRow>();
        for (int k = 0; k < order.Count; k++)
        {
            var m = ml[order[k]];
            double? chisq = null, p = null;
            int? df = null;
            if (k > 0)
            {
                var prev = ml[order[k - 1]];
                chisq = 2 * Math.Max(0, m.LogLikelihood - prev.LogLikelihood);
                df = m.ParameterCount - prev.ParameterCount;
                p = PValues.UpperChiSquare(chisq.Value, df.Value);
            }
            rows.Add(new LikelihoodRatioRow(names[order[k]], m.Formula.Text, m.ParameterCount, m.Aic, m.Bic, m.LogLikelihood,
                -2 * m.LogLikelihood, chisq, df, p));
        }
        return new LikelihoodRatioTable(rows, order.Select(i => ml[i]).ToList(), [], refitted);
    }

    /// <summary>
    /// lme4 checks only the number of observations; we also refuse what is plainly not nested: a different response or
    /// rows, fixed-effect columns not a subset, or random effects of a grouping factor not covered by the larger model's.
    /// </summary>
    internal static void CheckNested(LinearMixedModel small, LinearMixedModel large, string smallName, string largeName)
    {
        string pair = $"{smallName} and {largeName}";
        if (small.ObservationCount != large.ObservationCount || !small.Design.Rows.SequenceEqual(large.Design.Rows))
            throw new ModelException($"Models {pair} were not fitted to the same rows ({small.ObservationCount} and {large.ObservationCount} observations after dropping missing values).");
        if (small.Formula.Response.Label != large.Formula.Response.Label)
            throw new ModelException($"Models {pair} have different responses ({small.Formula.Response.Label} and {large.Formula.Response.Label}).");
        NestingCheck.FixedAndRandom(smallName, largeName, small.ParameterCount, large.ParameterCount,
            small.FixedEffects.Select(f => f.Name), large.FixedEffects.Select(f => f.Name), small.Design, large.Design);
    }
}
