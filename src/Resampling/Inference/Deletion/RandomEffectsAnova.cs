using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Numerics;

namespace Resampling.Inference.Deletion;

/// <summary>
/// lmerTest's ranova(model): each random-effects term (after lme4's expansion of <c>||</c>) is reduced by each of its
/// marginal covariate terms — <c>(1 + cses | SCHOOL)</c> to <c>(1 | SCHOOL)</c> — or, when it has none, removed; each
/// reduced model is refitted with the full model's criterion (REML or ML) to the same rows and compared by
/// LRT = 2 (ℓ_full − ℓ_reduced) on the difference in parameters. Removing the last random term leaves a linear model,
/// whose (REML) log-likelihood is R's logLik.lm. Maths: docs/analysis.md §2.
/// </summary>
public static class RandomEffectsAnova
{
    public static RandomTermDeletionTable Compute(LinearMixedModel m)
    {
        var full = m.Formula;
        var labels = RandomTermText.Labels(full);
        var rows = new List<RandomTermDeletionRow> { new("<none>", full.Text, m.ParameterCount, m.LogLikelihood, Aic(m.LogLikelihood, m.ParameterCount), null, null, null) };
        for (int k = 0; k < full.Random.Count; k++)
        {
            var term = full.Random[k];
            foreach (var (name, replacement) in Reductions(term, labels[k]))
            {
                var random = new List<RandomTerm>();
                for (int j = 0; j < full.Random.Count; j++)
                {
                    var t = j == k ? replacement : full.Random[j];
                    // R's formula algebra keeps one copy of a repeated term: (0 + Days|Subject) reduced to (1|Subject)
                    // next to (1|Subject) is a removal.
                    if (t is not null && !random.Any(r => SameTerm(r, t))) random.Add(t);
                }
                var reduced = full with { Random = random, Text = RandomTermText.FormulaText(full, random) };
                var (npar, logLik) = random.Count == 0 ? LinearModel(m) : Refit(m, reduced);
                double lrt = 2 * (m.LogLikelihood - logLik);
                int df = m.ParameterCount - npar;
                double? p = df > 0 ? PValues.UpperChiSquare(lrt, df) : null;
                rows.Add(new RandomTermDeletionRow(name, reduced.Text, npar, logLik, Aic(logLik, npar), lrt, df, p)
                {
                    Reduced = random.Count == 0 ? null : reduced,
                });
            }
        }
        return new RandomTermDeletionTable(full.Text, m.Reml, rows);
    }

    private static double Aic(double logLik, int npar) => -2 * logLik + 2 * npar;

    /// <summary>lmerTest's get_newforms: the term's reductions, each with its row name (null replacement = removal).</summary>
    private static IEnumerable<(string Name, RandomTerm? Replacement)> Reductions(RandomTerm term, string label)
    {
        var terms = term.Lhs.Terms;
        // drop.scope: a covariate term can go only if no other term of the left-hand side contains it (marginality).
        var scope = terms.Where(t => !terms.Any(o => !ReferenceEquals(o, t) && o.Order > t.Order && Contains(o, t))).ToList();
        if (scope.Count == 0)
        {
            yield return ($"({label})", null);
            yield break;
        }
        foreach (var s in scope)
        {
            var rest = terms.Where(t => !ReferenceEquals(t, s)).ToList();
            var lhs = rest.Count == 0 ? new TermList(true, []) : new TermList(term.Lhs.Intercept, rest);
            yield return ($"{s.Label} in ({label})", term with { Lhs = lhs });
        }
    }

    private static bool Contains(ModelTerm outer, ModelTerm inner) =>
        inner.Variables.All(v => outer.Variables.Any(o => o.Label == v.Label));

    private static bool SameTerm(RandomTerm a, RandomTerm b) =>
        a.GroupName == b.GroupName && a.Lhs.Intercept == b.Lhs.Intercept
        && a.Lhs.Terms.Select(t => t.Label).SequenceEqual(b.Lhs.Terms.Select(t => t.Label));

    private static (int Npar, double LogLik) Refit(LinearMixedModel m, Formula reduced)
    {
        var fit = FitReduced(m, reduced);
        return (fit.ParameterCount, fit.LogLikelihood);
    }

    /// <summary>
    /// A reduced model (a row's <see cref="RandomTermDeletionRow.Reduced"/>) fitted by the model's criterion to the same
    /// rows; a reduced formula that would use other rows is refused, as lmerTest refuses.
    /// </summary>
    public static LinearMixedModel FitReduced(LinearMixedModel m, Formula reduced)
    {
        var design = m.Design.Reformulated(reduced);
        if (!design.Rows.SequenceEqual(m.Design.Rows))
            throw new ModelException($"The reduced model \"{reduced.Text}\" uses {design.RowCount} rows where the model uses {m.ObservationCount}: remove the missing values first (lmerTest refuses too).");
        return LinearMixedModel.Fit(design, new FitOptions { Reml = m.Reml });
    }

    /// <summary>
    /// R's logLik.lm of the fixed part alone (lmerTest fits lm when no random term is left): with N = n (ML) or n − p
    /// (REML), ℓ = −N/2 (log 2π + 1 − log N + log RSS), less log|det R| = ½ log det X'X for REML; p + 1 parameters.
    /// </summary>
    private static (int Npar, double LogLik) LinearModel(LinearMixedModel m)
    {
        var x = m.Design.X;
        int n = x.RowCount, p = x.ColumnCount;
        var xtx = new double[p * p];
        var xty = new double[p];
        var y = m.Design.Response;
        for (int a = 0; a < p; a++)
        {
            xty[a] = DenseMath.Dot(x.Columns[a], y);
            for (int b = 0; b <= a; b++) xtx[a * p + b] = xtx[b * p + a] = DenseMath.Dot(x.Columns[a], x.Columns[b]);
        }
        if (p > 0 && !DenseMath.Cholesky(xtx, p)) throw new ModelException("The fixed-effects matrix is rank deficient: the linear model cannot be fitted.");
        var beta = (double[])xty.Clone();
        DenseMath.ForwardSolve(xtx, p, beta);
        DenseMath.BackSolveTransposed(xtx, p, beta);
        double rss = 0;
        for (int i = 0; i < n; i++)
        {
            double f = 0;
            for (int j = 0; j < p; j++) f += x.Columns[j][i] * beta[j];
            rss += (y[i] - f) * (y[i] - f);
        }
        double nn = m.Reml ? n - p : n;
        // On the working scale (√w rows) rss is Σ wᵢ eᵢ²; R's logLik.lm adds ½ Σ log wᵢ (0 without weights).
        double ll = -0.5 * nn * (Math.Log(2 * Math.PI) + 1 - Math.Log(nn) + Math.Log(rss)) + 0.5 * m.Design.LogWeightSum;
        if (m.Reml) for (int j = 0; j < p; j++) ll -= Math.Log(Math.Abs(xtx[j * p + j]));
        return (p + 1, ll);
    }
}
