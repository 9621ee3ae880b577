using MathNet.Numerics.Distributions;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Numerics;

namespace Resampling.Prediction.Marginal;

/// <summary>
/// Estimated marginal means as emmeans computes them for an lmer fit: the reference grid (every combination of the
/// model's factor levels, each covariate at its mean over the model's rows unless fixed by <c>at</c>), predictions
/// X_g β̂ on it, and for each level of the specs the equally weighted average of the grid rows over the other factors.
/// Each mean and contrast is a linear function Lβ; its SE and df come from the Satterthwaite or Kenward–Roger machinery
/// of the inference module (the KR SE from the adjusted covariance), as emmeans' lmer.df does.
/// Maths: docs/analysis.md §3.
/// </summary>
public static class MarginalMeans
{
    public static MarginalMeansResult Compute(LinearMixedModel m, MarginalMeansOptions o)
    {
        var frame = m.Design.Frame();
        var factors = new List<(string Name, IReadOnlyList<string> Levels)>();
        var covariates = new List<(string Name, double Value)>();
        foreach (var v in m.Formula.Fixed.Terms.SelectMany(t => t.Variables))
        {
            var cat = frame.Categorical(v);
            if (cat is not null)
            {
                string name = v.Expression.Variables().Single();
                if (factors.All(f => f.Name != name)) factors.Add((name, cat.Levels));
                continue;
            }
            foreach (var name in v.Expression.Variables())
                if (covariates.All(c => c.Name != name) && factors.All(f => f.Name != name))
                    covariates.Add((name, Mean(frame.Numeric(new TermVariable(name, new VariableExpr(name), false)))));
        }
        foreach (var s in o.Specs.Concat(o.By))
            if (factors.All(f => f.Name != s))
                throw new ModelException(factors.Count == 0
                    ? $"'{s}' is not a factor of the model's fixed effects, which have none (a numeric column is a factor with --factor)."
                    : $"'{s}' is not a factor of the model's fixed effects (factors: {string.Join(", ", factors.Select(f => f.Name))}).");
        foreach (var (name, value) in o.At)
        {
            int fi = factors.FindIndex(f => f.Name == name), ci = covariates.FindIndex(c => c.Name == name);
            if (fi >= 0)
            {
                if (!factors[fi].Levels.Contains(value)) throw new ModelException($"--at {name}={value}: '{name}' has no level '{value}'.");
                factors[fi] = (name, [value]);
            }
            else if (ci >= 0)
            {
                if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
                    throw new ModelException($"--at {name}={value}: '{name}' is a covariate and needs a number.");
                covariates[ci] = (name, x);
            }
            else throw new ModelException($"--at {name}: the model's fixed effects have no variable '{name}'.");
        }

        // The reference grid, the first factor varying fastest (R's expand.grid, emmeans' order).
        int rows = factors.Aggregate(1, (a, f) => a * f.Levels.Count);
        var codes = new int[rows][];
        for (int r = 0; r < rows; r++)
        {
            codes[r] = new int[factors.Count];
            for (int k = 0, rest = r; k < factors.Count; k++) { codes[r][k] = rest % factors[k].Levels.Count; rest /= factors[k].Levels.Count; }
        }
        var columns = new List<DataColumn>();
        for (int k = 0; k < factors.Count; k++)
            columns.Add(DataColumn.FromTexts(factors[k].Name, codes.Select(c => (string?)factors[k].Levels[c[k]]).ToArray()));
        foreach (var (name, value) in covariates) columns.Add(DataColumn.FromNumbers(name, Enumerable.Repeat(value, rows).ToArray()));
        var grid = NewDataDesign.Build(m.Design, new DataTable(columns), includeRandom: false);
        int p = m.Beta.Count;

        // Means: spec and by combinations, the first spec fastest, then the by factors.
        var keys = o.Specs.Concat(o.By).Select(s => factors.FindIndex(f => f.Name == s)).ToArray();
        int specCount = o.Specs.Count;
        int combos = keys.Aggregate(1, (a, k) => a * factors[k].Levels.Count);
        var contrast = Contrast(m, o.Method);
        var means = new List<MarginalMean>();
        var ls = new List<double[]>();
        for (int c = 0; c < combos; c++)
        {
            var levelIdx = new int[keys.Length];
            for (int j = 0, rest = c; j < keys.Length; j++) { levelIdx[j] = rest % factors[keys[j]].Levels.Count; rest /= factors[keys[j]].Levels.Count; }
            var l = new double[p];
            int count = 0;
            for (int r = 0; r < rows; r++)
            {
                bool match = true;
                for (int j = 0; j < keys.Length && match; j++) match = codes[r][keys[j]] == levelIdx[j];
                if (!match) continue;
                for (int b = 0; b < p; b++) l[b] += grid.X[b][r];
                count++;
            }
            for (int b = 0; b < p; b++) l[b] /= count;
            ls.Add(l);
            var (est, se, df) = Estimate(m, contrast, l);
            double tq = TQuantile(1 - (1 - o.Level) / 2, df);
            means.Add(new MarginalMean(keys.Select((k, j) => (factors[k].Name, factors[k].Levels[levelIdx[j]])).ToList(), est, se, df, est - tq * se, est + tq * se));
        }

        var adjust = o.Adjust ?? (o.Pairwise ? PAdjust.Tukey : PAdjust.None);
        if (adjust == PAdjust.Tukey && !o.Pairwise && o.Contrasts.Count > 0)
            throw new ModelException("The Tukey adjustment is for pairwise comparisons: use --pairwise, or --adjust holm|bonferroni|none with --contrast.");
        int perGroup = keys.Take(specCount).Aggregate(1, (a, k) => a * factors[k].Levels.Count);
        var contrasts = new List<MarginalContrast>();
        for (int g = 0; g < combos / perGroup; g++)
        {
            var by = means[g * perGroup].Levels.Skip(specCount).ToList();
            var family = new List<(string Name, double[] L)>();
            if (o.Pairwise)
                for (int i = 0; i < perGroup; i++)
                    for (int j = i + 1; j < perGroup; j++)
                        family.Add(($"{Label(means[g * perGroup + i], specCount, factors)} - {Label(means[g * perGroup + j], specCount, factors)}",
                            Combine(ls, g * perGroup, [.. Enumerable.Range(0, perGroup).Select(k => k == i ? 1.0 : k == j ? -1.0 : 0.0)])));
            foreach (var (name, coef) in o.Contrasts)
            {
                if (coef.Count != perGroup) throw new ModelException($"Contrast '{name}' has {coef.Count} coefficients for {perGroup} means.");
                family.Add((name, Combine(ls, g * perGroup, coef)));
            }
            contrasts.AddRange(Family(m, contrast, family, by, adjust, perGroup, o.Level));
        }
        var averaged = factors.Where(f => !o.Specs.Contains(f.Name) && !o.By.Contains(f.Name) && f.Levels.Count > 1).Select(f => f.Name).ToList();
        return new MarginalMeansResult(means, contrasts, o.Method, o.Level, adjust, covariates.Select(c => (c.Name, c.Value)).ToList(), averaged);
    }

    private static IEnumerable<MarginalContrast> Family(LinearMixedModel m, Func<double[], (double, double)> contrast,
        List<(string Name, double[] L)> family, IReadOnlyList<(string, string)> by, PAdjust adjust, int nmeans, double level)
    {
        int k = family.Count;
        var rows = family.Select(f =>
        {
            var (est, se, df) = Estimate(m, contrast, f.L);
            double t = est / se;
            return (f.Name, est, se, df, t, Raw: PValues.TwoSidedT(t, df));
        }).ToList();
        var adjusted = adjust switch
        {
            PAdjust.Bonferroni => rows.Select(r => Math.Min(1, k * r.Raw)).ToArray(),
            PAdjust.Holm => Holm(rows.Select(r => r.Raw).ToArray()),
            PAdjust.Tukey => rows.Select(r => StudentizedRange.Upper(Math.Abs(r.t) * Math.Sqrt(2), nmeans, r.df)).ToArray(),
            _ => rows.Select(r => r.Raw).ToArray(),
        };
        double alpha = 1 - level;
        for (int i = 0; i < k; i++)
        {
            var r = rows[i];
            // Confidence limits: Tukey's from the studentized range, Holm's (as emmeans) and Bonferroni's at α/k.
            double q = adjust switch
            {
                PAdjust.Tukey => StudentizedRange.Quantile(level, nmeans, r.df) / Math.Sqrt(2),
                PAdjust.Holm or PAdjust.Bonferroni => TQuantile(1 - alpha / (2 * k), r.df),
                _ => TQuantile(1 - alpha / 2, r.df),
            };
            yield return new MarginalContrast(r.Name, by, r.est, r.se, r.df, r.t, adjusted[i], r.est - q * r.se, r.est + q * r.se);
        }
    }

    private static double[] Holm(double[] p)
    {
        int k = p.Length;
        var order = Enumerable.Range(0, k).OrderBy(i => p[i]).ToArray();
        var result = new double[k];
        double running = 0;
        for (int j = 0; j < k; j++)
        {
            running = Math.Max(running, Math.Min(1, (k - j) * p[order[j]]));
            result[order[j]] = running;
        }
        return result;
    }

    private static double[] Combine(List<double[]> ls, int start, IReadOnlyList<double> coef)
    {
        var l = new double[ls[0].Length];
        for (int i = 0; i < coef.Count; i++)
            for (int b = 0; b < l.Length; b++) l[b] += coef[i] * ls[start + i][b];
        return l;
    }

    /// <summary>emmeans' contrast label: the spec levels joined by blanks, a numeric-looking level prefixed by its factor's name.</summary>
    private static string Label(MarginalMean mean, int specCount, List<(string Name, IReadOnlyList<string> Levels)> factors) =>
        string.Join(" ", mean.Levels.Take(specCount).Select(x =>
            factors.Single(f => f.Name == x.Variable).Levels.All(IsNumber) ? x.Variable + x.Level : x.Level));

    private static bool IsNumber(string s) =>
        double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static Func<double[], (double Variance, double Df)> Contrast(LinearMixedModel m, DdfMethod method) => method switch
    {
        DdfMethod.KenwardRoger => new KenwardRogerAdjustment(m).Contrast,
        _ => new SatterthwaiteApproximation(m).Contrast,
    };

    private static (double Estimate, double StdError, double Df) Estimate(LinearMixedModel m, Func<double[], (double, double)> contrast, double[] l)
    {
        double est = 0;
        for (int b = 0; b < l.Length; b++) est += l[b] * m.Beta[b];
        var (variance, df) = contrast(l);
        return (est, Math.Sqrt(variance), df);
    }

    private static double TQuantile(double p, double df) =>
        double.IsPositiveInfinity(df) || df > 1e7 ? Normal.InvCDF(0, 1, p) : StudentT.InvCDF(0, 1, df, p);

    private static double Mean(double[] x) => x.Length == 0 ? double.NaN : x.Average();
}
