using Resampling.Glmm;
using Resampling.Model;

namespace Resampling.Inference;

/// <summary>glmer's anova table of nested GLMMs, with the fits in the table's order (by number of parameters).</summary>
public sealed record GlmmLikelihoodRatioTable(LikelihoodRatioTable Table, IReadOnlyList<GeneralizedLinearMixedModel> Models);

/// <summary>
/// Likelihood-ratio tests of nested GLMMs as lme4's anova(glmer fits) does them: no refit (a GLMM is fitted by maximum
/// likelihood already), models ordered by their number of parameters (|θ| + p; no σ), each tested against the one
/// before with χ² = 2·max(0, Δ logLik) on Δ npar df. logLik is the Laplace (or AGQ) approximation, so the test is
/// only as good as it; the models must share the family, link, nAGQ, rows and response. docs/glmm.md §9.
/// </summary>
public static class GlmmLikelihoodRatioTest
{
    public static GlmmLikelihoodRatioTable Compare(IReadOnlyList<GeneralizedLinearMixedModel> models, IReadOnlyList<string> formulas,
        IReadOnlyList<string>? names = null)
    {
        if (models.Count < 2) throw new ModelException("A likelihood-ratio test needs at least two models.");
        if (formulas.Count != models.Count) throw new ArgumentException("One formula per model.");
        names ??= Enumerable.Range(1, models.Count).Select(i => $"MODEL{i}").ToList();
        if (names.Count != models.Count) throw new ArgumentException("One name per model.");
        var order = Enumerable.Range(0, models.Count).OrderBy(i => models[i].ParameterCount).ToList();
        for (int k = 1; k < order.Count; k++)
            CheckNested(models[order[k - 1]], models[order[k]], names[order[k - 1]], names[order[k]]);
        var rows = new List<LikelihoodRatioRow>();
        for (int k = 0; k < order.Count; k++)
        {
            var m = models[order[k]];
            double? chisq = null, p = null;
            int? df = null;
            if (k > 0)
            {
                var prev = models[order[k - 1]];
                chisq = 2 * Math.Max(0, m.LogLikelihood - prev.LogLikelihood);
                df = m.ParameterCount - prev.ParameterCount;
                p = PValues.UpperChiSquare(chisq.Value, df.Value);
            }
            rows.Add(new LikelihoodRatioRow(names[order[k]], formulas[order[k]], m.ParameterCount, m.Aic, m.Bic, m.LogLikelihood,
                m.Deviance, chisq, df, p));
        }
        return new GlmmLikelihoodRatioTable(new LikelihoodRatioTable(rows, [], [], false), order.Select(i => models[i]).ToList());
    }

    /// <summary>
    /// lme4 checks only the number of observations; as for linear models, what is plainly not nested is refused: other
    /// rows or response, another family, link or nAGQ, fixed-effect columns or random effects not in the larger model.
    /// </summary>
    public static void CheckNested(GeneralizedLinearMixedModel small, GeneralizedLinearMixedModel large, string smallName, string largeName)
    {
        string pair = $"{smallName} and {largeName}";
        var s = small.Problem;
        var l = large.Problem;
        if (s.RowCount != l.RowCount || !s.Design.Rows.SequenceEqual(l.Design.Rows))
            throw new ModelException($"Models {pair} were not fitted to the same rows ({s.RowCount} and {l.RowCount} observations after dropping missing values).");
        if (!s.Response.SequenceEqual(l.Response) || !s.PriorWeights.SequenceEqual(l.PriorWeights))
            throw new ModelException($"Models {pair} have different responses.");
        if (small.Family.Distribution != large.Family.Distribution || small.Family.Link != large.Family.Link)
            throw new ModelException($"Models {pair} have different families ({small.Family.FamilyName}/{small.Family.LinkName} and {large.Family.FamilyName}/{large.Family.LinkName}).");
        if (small.Nagq != large.Nagq)
            throw new ModelException($"Models {pair} were fitted with different nAGQ ({small.Nagq} and {large.Nagq}): their log-likelihoods are not comparable.");
        NestingCheck.FixedAndRandom(smallName, largeName, small.ParameterCount, large.ParameterCount,
            small.FixedEffects.Select(f => f.Name), large.FixedEffects.Select(f => f.Name), s.Design, l.Design);
    }
}
