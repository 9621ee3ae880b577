using System.Globalization;
using System.Text;
using Resampling.Glmm;
using Resampling.Numerics;

namespace Resampling.Reporting;

/// <summary>
/// lme4's summary of a glmer fit as text: header with the approximation and family, AIC/BIC/logLik/deviance/df.resid,
/// Pearson residual quantiles, random effects (no residual row), fixed effects with Wald z tests (printCoefmat), and
/// the correlation of the fixed effects.
/// </summary>
public static class GlmmSummaryWriter
{
    public static string Write(GeneralizedLinearMixedModel m, string? dataName = null, bool showCorrelation = true)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        // R wraps the title at its console width; the same two lines are printed here.
        sb.AppendLine(m.Nagq > 1
            ? "Generalized linear mixed model fit by maximum likelihood (Adaptive"
            : "Generalized linear mixed model fit by maximum likelihood (Laplace");
        sb.AppendLine(m.Nagq > 1 ? $"  Gauss-Hermite Quadrature, nAGQ = {m.Nagq}) [glmerMod]" : "  Approximation) [glmerMod]");
        sb.Append(" Family: ").Append(m.Family.FamilyName).Append("  ( ").Append(m.Family.LinkName).AppendLine(" )");
        var design = m.Problem.Design;
        sb.Append("Formula: ").AppendLine(design.Formula.Text);
        if (dataName is not null) sb.Append("   Data: ").AppendLine(dataName);
        if (design.DroppedRows > 0) sb.AppendLine($"  Rows dropped for missing values: {design.DroppedRows}");
        sb.AppendLine();
        SummaryWriter.AppendTable(sb, ["AIC", "BIC", "logLik", "deviance", "df.resid"],
            [[RFormat.Fixed(m.Aic, 1), RFormat.Fixed(m.Bic, 1), RFormat.Fixed(m.LogLikelihood, 1), RFormat.Fixed(m.Deviance, 1),
              m.ResidualDf.ToString(inv)]], null);
        sb.AppendLine();
        sb.AppendLine("Scaled residuals: ");
        var q = RStats.Quantiles(m.PearsonResiduals.ToArray(), [0, 0.25, 0.5, 0.75, 1]);
        SummaryWriter.AppendTable(sb, ["Min", "1Q", "Median", "3Q", "Max"], [RFormat.Column(q, 4)], null);
        sb.AppendLine();
        sb.AppendLine("Random effects:");
        AppendRandomEffects(sb, m);
        var groups = design.Terms.GroupBy(t => t.GroupName).Select(g => $"{g.Key}, {g.First().LevelCount}");
        sb.Append("Number of obs: ").Append(m.ObservationCount).Append(", groups:  ").AppendLine(string.Join("; ", groups));
        sb.AppendLine();
        sb.AppendLine("Fixed effects:");
        var fe = m.FixedEffects;
        var cells = CoefficientMatrix.Format(
            [fe.Select(f => f.Estimate).ToList(), fe.Select(f => f.StdError).ToList(), fe.Select(f => f.ZValue).ToList(), fe.Select(f => f.P).ToList()],
            [CoefficientMatrix.Kind.Coefficient, CoefficientMatrix.Kind.Coefficient, CoefficientMatrix.Kind.Test, CoefficientMatrix.Kind.Plain],
            4, pValues: true, naPrint: "NA");
        var rows = Enumerable.Range(0, fe.Count).Select(i => new[] { cells[0][i], cells[1][i], cells[2][i], cells[3][i] }).ToList();
        SummaryWriter.AppendTable(sb, ["Estimate", "Std. Error", "z value", "Pr(>|z|)"], rows, fe.Select(f => f.Name).ToArray(),
            fe.Select(f => double.IsNaN(f.P) ? "" : RFormat.Stars(f.P)).ToArray());
        sb.AppendLine("---");
        sb.AppendLine("Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
        if (showCorrelation && fe.Count > 1)
        {
            sb.AppendLine();
            sb.AppendLine("Correlation of Fixed Effects:");
            AppendCorrelation(sb, m);
        }
        if (m.Warnings.Count > 0)
        {
            sb.AppendLine();
            foreach (var w in m.Warnings) sb.AppendLine("optimizer message: " + w);
        }
        return sb.ToString();
    }

    private static void AppendRandomEffects(StringBuilder sb, GeneralizedLinearMixedModel m)
    {
        var rows = new List<string[]>();
        int maxCorr = m.Covariances.Max(c => c.Names.Count) - 1;
        var variances = new List<double>();
        var sds = new List<double>();
        foreach (var c in m.Covariances)
            for (int i = 0; i < c.Names.Count; i++)
            {
                variances.Add(c.Variance(i));
                sds.Add(c.StdDev(i));
            }
        var v = RFormat.Column(variances, 4);
        var s = RFormat.Column(sds, 4);
        int vw = v.Max(x => x.Length), sw = s.Max(x => x.Length), k = 0;
        foreach (var c in m.Covariances)
            for (int i = 0; i < c.Names.Count; i++, k++)
            {
                var r = new List<string> { i == 0 ? c.Group : "", c.Names[i], v[k].PadLeft(vw), s[k].PadLeft(sw) };
                if (maxCorr > 0)
                    r.Add(string.Join(" ", Enumerable.Range(0, i).Select(j => RFormat.Fixed(c.Correlation(i, j), 2).PadLeft(5))));
                rows.Add(r.ToArray());
            }
        var header = new List<string> { "Groups", "Name", "Variance", "Std.Dev." };
        if (maxCorr > 0) header.Add("Corr");
        var widths = header.Select((h, j) => Math.Max(h.Length, rows.Max(r => r[j].Length))).ToArray();
        sb.Append(' ').AppendLine(string.Join(" ", header.Select((h, j) => h.PadRight(widths[j]))).TrimEnd());
        foreach (var r in rows) sb.Append(' ').AppendLine(string.Join(" ", r.Select((x, j) => x.PadRight(widths[j]))).TrimEnd());
    }

    private static void AppendCorrelation(StringBuilder sb, GeneralizedLinearMixedModel m) =>
        SummaryWriter.AppendFixedCorrelation(sb, m.FixedCovariance, m.FixedEffects.Select(f => f.Name).ToArray());
}
