using System.Text;
using Resampling.Engine;
using Resampling.Numerics;

namespace Resampling.Reporting;

/// <summary>
/// lme4's summary(model) as text (with lmerTest's df and p columns when inference has filled them): header, criterion,
/// scaled residuals, random effects, counts, fixed effects, correlation of fixed effects.
/// </summary>
public static class SummaryWriter
{
    public static string Write(LinearMixedModel m, string? dataName = null, bool showCorrelation = true) =>
        Write(m, m.FixedEffects, null, dataName, showCorrelation);

    /// <summary>
    /// The summary with a given fixed-effects table (lmerTest's, with df and p). <paramref name="ddfMethod"/> names the
    /// method in lmerTest's heading, e.g. "Satterthwaite's".
    /// </summary>
    public static string Write(LinearMixedModel m, IReadOnlyList<FixedEffect> fixedEffects, string? ddfMethod, string? dataName = null,
        bool showCorrelation = true)
    {
        var sb = new StringBuilder();
        bool hasDf = fixedEffects.Any(f => f.Df is not null);
        sb.Append("Linear mixed model fit by ").Append(m.Reml ? "REML" : "maximum likelihood")
          .AppendLine(ddfMethod is not null ? $". t-tests use {ddfMethod} method [lmerModLmerTest]" : hasDf ? ". t-tests use Satterthwaite's method" : "");
        sb.Append("Formula: ").AppendLine(m.Formula.Text);
        if (dataName is not null) sb.Append("   Data: ").AppendLine(dataName);
        if (m.Design.DroppedRows > 0)
            sb.AppendLine($"  Rows dropped for missing values: {m.Design.DroppedRows}");
        sb.AppendLine();
        if (m.Reml)
            sb.Append("REML criterion at convergence: ").AppendLine(RFormat.Fixed(m.Objective, 1));
        else
            AppendTable(sb, ["AIC", "BIC", "logLik", "deviance", "df.resid"],
                [[RFormat.Fixed(m.Aic, 1), RFormat.Fixed(m.Bic, 1), RFormat.Fixed(m.LogLikelihood, 1), RFormat.Fixed(m.Objective, 1),
                  (m.ObservationCount - m.ParameterCount).ToString(System.Globalization.CultureInfo.InvariantCulture)]], null);
        sb.AppendLine();

        if (m.Design.FromCrossproducts)
        {
            // The residuals need the data rows, which a fit from shards' cross-products never sees.
            sb.AppendLine("Scaled residuals: not available from cross-products (they need the data rows)");
            sb.AppendLine();
        }
        else
        {
            sb.AppendLine("Scaled residuals: ");
            // lme4 summarises Pearson residuals, √w (y − fitted) / σ: the working residuals.
            var q = RStats.Quantiles(m.WorkingResiduals.Select(e => e / m.Sigma).ToArray(), [0, 0.25, 0.5, 0.75, 1]);
            AppendTable(sb, ["Min", "1Q", "Median", "3Q", "Max"], [RFormat.Column(q, 4)], null);
            sb.AppendLine();
        }

        sb.AppendLine("Random effects:");
        AppendRandomEffects(sb, m);
        sb.Append("Number of obs: ").Append(m.ObservationCount).Append(", groups:  ")
          .AppendLine(string.Join("; ", m.GroupCounts.Select(g => $"{g.Key}, {g.Value}")));
        sb.AppendLine();

        // y ~ 0 + (1|g) has no fixed effects: lme4's print.summary.merMod says so instead of an empty table.
        if (fixedEffects.Count == 0)
        {
            sb.AppendLine("No fixed effect coefficients");
        }
        else
        {
            sb.AppendLine("Fixed effects:");
            AppendFixedEffects(sb, fixedEffects, hasDf);
        }

        if (showCorrelation && m.FixedEffects.Count > 1)
        {
            sb.AppendLine();
            sb.AppendLine("Correlation of Fixed Effects:");
            AppendFixedCorrelation(sb, m);
        }
        if (m.Warnings.Count > 0)
        {
            sb.AppendLine();
            foreach (var w in m.Warnings) sb.AppendLine(w.StartsWith("fixed-effect") ? w : "optimizer message: " + w);
        }
        return sb.ToString();
    }

    private static void AppendRandomEffects(StringBuilder sb, LinearMixedModel m)
    {
        var groups = new List<string>();
        var names = new List<string>();
        var variances = new List<double>();
        var sds = new List<double>();
        var corrRows = new List<string[]>();
        int maxCorr = m.Covariances.Max(c => c.Names.Count) - 1;
        foreach (var c in m.Covariances)
            for (int i = 0; i < c.Names.Count; i++)
            {
                groups.Add(i == 0 ? c.Group : "");
                names.Add(c.Names[i]);
                variances.Add(c.Variance(i));
                sds.Add(c.StdDev(i));
                var row = new string[maxCorr];
                for (int j = 0; j < i; j++) row[j] = RFormat.Fixed(c.Correlation(i, j), 2);
                corrRows.Add(row);
            }
        groups.Add("Residual");
        names.Add("");
        variances.Add(m.Sigma * m.Sigma);
        sds.Add(m.Sigma);
        corrRows.Add(new string[maxCorr]);
        // R formats each column to a common width, then the table prints it left-justified under its header.
        var v = PadCommon(RFormat.Column(variances, 4));
        var s = PadCommon(RFormat.Column(sds, 4));
        var header = new List<string> { "Groups", "Name", "Variance", "Std.Dev." };
        if (maxCorr > 0) header.Add("Corr");
        var rows = Enumerable.Range(0, groups.Count).Select(i =>
        {
            var r = new List<string> { groups[i], names[i], v[i], s[i] };
            if (maxCorr > 0) r.Add(string.Join(" ", corrRows[i].Select(x => (x ?? "").PadLeft(5))).TrimEnd());
            return r.ToArray();
        }).ToList();
        var widths = header.Select((h, k) => Math.Max(h.Length, rows.Max(r => r[k].Length))).ToArray();
        sb.Append(' ');
        sb.AppendLine(string.Join(" ", header.Select((h, k) => h.PadRight(widths[k]))).TrimEnd());
        foreach (var r in rows)
        {
            sb.Append(' ');
            sb.AppendLine(string.Join(" ", r.Select((x, k) => x.PadRight(widths[k]))).TrimEnd());
        }
    }

    private static void AppendFixedEffects(StringBuilder sb, IReadOnlyList<FixedEffect> fe, bool hasDf)
    {
        var header = new List<string> { "Estimate", "Std. Error" };
        if (hasDf) header.Add("df");
        header.Add("t value");
        if (hasDf) header.Add("Pr(>|t|)");
        var t = RFormat.Column(fe.Select(f => Math.Round(f.TValue, 3)).ToList(), 4);
        var rows = new List<string[]>();
        for (int i = 0; i < fe.Count; i++)
        {
            var r = new List<string> { RFormat.Fixed(fe[i].Estimate, 4), RFormat.Fixed(fe[i].StdError, 4) };
            if (hasDf) r.Add(fe[i].Df is { } df ? RFormat.Fixed(df, 4) : "NA");
            r.Add(t[i]);
            if (hasDf) r.Add(fe[i].P is { } p ? RFormat.PValue(p) : "NA");
            rows.Add(r.ToArray());
        }
        AppendTable(sb, header.ToArray(), rows, fe.Select(f => f.Name).ToArray(),
            hasDf ? fe.Select(f => f.P is { } p ? RFormat.Stars(p) : "").ToArray() : null);
        if (hasDf)
        {
            sb.AppendLine("---");
            sb.AppendLine("Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
        }
    }

    private static void AppendFixedCorrelation(StringBuilder sb, LinearMixedModel m) =>
        AppendFixedCorrelation(sb, m.FixedCovariance, m.FixedEffects.Select(f => f.Name).ToArray());

    /// <summary>lme4's "Correlation of Fixed Effects" block (lower triangle, abbreviated names), linear and generalised fits alike.</summary>
    internal static void AppendFixedCorrelation(StringBuilder sb, ReadOnlyMatrix v, IReadOnlyList<string> names)
    {
        int p = names.Count;
        var colNames = names.Take(p - 1).Select(n => RFormat.Abbreviate(n, 6)).ToArray();
        var rowNames = names.Skip(1).Select(n => RFormat.Abbreviate(n, 11)).ToArray();
        var rows = new List<string[]>();
        for (int i = 1; i < p; i++)
        {
            var r = new string[p - 1];
            for (int j = 0; j < p - 1; j++)
                r[j] = j < i ? RFormat.Fixed(v[i, j] / Math.Sqrt(v[i, i] * v[j, j]), 3) : "";
            rows.Add(r);
        }
        int width = rows.SelectMany(r => r).Max(x => x.Length);
        foreach (var r in rows)
            for (int j = 0; j < r.Length; j++) r[j] = r[j].Length == 0 ? "" : r[j].PadLeft(width);
        AppendTable(sb, colNames, rows, rowNames, leftAlign: true);
    }

    private static string[] PadCommon(string[] values)
    {
        int w = values.Max(x => x.Length);
        return values.Select(x => x.PadLeft(w)).ToArray();
    }

    /// <summary>A right-aligned table with optional row names (left-aligned) and a trailing unlabelled column.</summary>
    public static void AppendTable(StringBuilder sb, string[] header, IReadOnlyList<string[]> rows, string[]? rowNames,
        string[]? trailer = null, bool leftAlign = false)
    {
        int nameWidth = rowNames?.Select(n => n.Length).DefaultIfEmpty(0).Max() ?? 0;
        var widths = header.Select((h, k) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[k].Length))).ToArray();
        string Cell(string x, int k) => leftAlign ? x.PadRight(widths[k]) : x.PadLeft(widths[k]);
        sb.Append(new string(' ', nameWidth)).Append(' ').AppendLine(string.Join(" ", header.Select(Cell)).TrimEnd());
        for (int i = 0; i < rows.Count; i++)
        {
            if (rowNames is not null) sb.Append(rowNames[i].PadRight(nameWidth)).Append(' ');
            else sb.Append(' ');
            var line = string.Join(" ", rows[i].Select(Cell));
            if (trailer is not null) line += " " + trailer[i];
            sb.AppendLine(line.TrimEnd());
        }
    }
}
