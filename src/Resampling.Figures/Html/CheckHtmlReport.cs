using System.Globalization;
using System.Net;
using System.Text;
using Resampling.Inference.Checks;
using Resampling.Reporting;

namespace Resampling.Figures.Html;

/// <summary>
/// The model-check page: self-contained HTML (the rank report's style, figures as inline SVG, PNG copies embedded as
/// downloads, no external resources), one section per figure with a short paragraph on what to look for, the most
/// influential groups as a table, and the model summary.
/// </summary>
public static class CheckHtmlReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <param name="check">The computed check.</param>
    /// <param name="figures">The figures (from <see cref="CheckFigures.Create"/>).</param>
    /// <param name="modelSummary">The fitted model's summary text.</param>
    /// <param name="dataName">The data file's name, shown in the first line (null: none).</param>
    public static string Write(ModelCheck check, IReadOnlyList<CheckFigure> figures, string modelSummary, string? dataName = null)
    {
        var m = check.Model;
        var info = new RankReportInfo();
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.AppendLine($"<title>Model check: {E(m.Formula.Text)}</title>");
        sb.AppendLine($"<style>{RankHtmlReport.Style}.checks{{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px 28px}}" +
                      $"section.wide{{grid-column:1/-1}}section h2{{font-size:19px;margin:.4em 0}}section p{{font-size:14px;margin:.3em 0 .6em}}" +
                      $"section svg{{width:100%;height:auto;border:1px solid #ddd;display:block}}figure{{margin:0}}</style>");
        sb.AppendLine("</head><body>");
        sb.AppendLine("<h1>Model check</h1>");
        sb.AppendLine($"<p class=\"lead\" id=\"summary\">Model {E(m.Formula.Text)}, fitted by {(m.Reml ? "REML" : "maximum likelihood")} to " +
                      $"{m.ObservationCount.ToString(C)} rows{(dataName is { Length: > 0 } d ? " of " + E(d) : "")}. The figures below show whether the " +
                      "model's assumptions look reasonable: residuals with no pattern and roughly normal, random effects roughly normal, " +
                      "and no single group that moves the fixed effects much on its own. They are aids to judgement, not tests.</p>");
        sb.AppendLine($"<p class=\"meta\" id=\"made\">Made on {E(info.GeneratedText)} with resampling {E(info.VersionText)}. Scaled residuals are Pearson residuals divided by σ̂ = {E(RFormat.Significant(m.Sigma, 4))}.</p>");

        sb.AppendLine("<div class=\"checks\">");
        foreach (var f in figures)
        {
            bool wide = f.Name is "check-residuals-group" or "check-cook";
            sb.AppendLine($"<section id=\"{E(f.Name)}\"{(wide ? " class=\"wide\"" : "")}>");
            sb.AppendLine($"<h2>{E(f.Title)}</h2>");
            sb.AppendLine($"<p>{E(Guide(check, f.Name))}</p>");
            sb.AppendLine("<figure>");
            sb.AppendLine(RankHtmlReport.InlineSvg(f.Svg, f.Title, f.Name + "-"));
            sb.AppendLine($"<figcaption><a download=\"{E(f.Name)}.png\" href=\"data:image/png;base64,{Convert.ToBase64String(f.Png)}\">{E(f.Name)}.png</a></figcaption>");
            sb.AppendLine("</figure>");
            if (f.Name == "check-cook" && check.Influence is { } inf) AppendInfluenceTable(sb, inf);
            sb.AppendLine("</section>");
        }
        sb.AppendLine("</div>");

        sb.AppendLine("<h2>Model</h2>");
        sb.AppendLine($"<pre>{E(modelSummary)}</pre>");
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    /// <summary>What to look for in each figure, in plain words.</summary>
    private static string Guide(ModelCheck check, string name)
    {
        string g = check.GroupFactor;
        if (name == "check-residuals-fitted")
            return "Each dot is one row. Look for an even, shapeless band around the dashed zero line. A funnel (spread growing with " +
                   "the fitted value) suggests the variance is not constant; a curve suggests a missing term or a transformation; " +
                   "many points beyond ±3 (dotted lines) suggest outliers.";
        if (name == "check-qq-residuals")
            return "Each dot is one row's residual against where it would fall if residuals were exactly normal. Dots close to the " +
                   "dashed line mean the normal assumption is reasonable; an S shape means heavier or lighter tails than normal, and " +
                   "a bend at one end means skewness. Small departures in the far tails are common and rarely matter for the fixed effects.";
        if (name.StartsWith("check-qq-ranef", StringComparison.Ordinal))
            return $"Each dot is one {g}'s estimated random effect (conditional mode). Dots near the line mean the normal assumption for " +
                   "this term looks reasonable; a group far from the others stands out at an end. These estimates are shrunk towards " +
                   "zero, so the plot looks more normal than the truth may be; with few groups it says little.";
        if (name == "check-residuals-group")
            return $"One column per {g}, in order of median residual: thin line from smallest to largest residual, thick line over the " +
                   "middle half, dot at the median. Medians should sit near zero (the random effect takes up each group's level) and the " +
                   $"spreads should be similar; a {g} much wider than the others has a larger residual variance or an outlier.";
        if (name == "check-cook")
            return $"Cook's distance measures how much the fixed-effect estimates change when one {g} is left out and the model " +
                   "refitted, in units of their standard errors (averaged over the p coefficients). Look for a group that stands far " +
                   "above the rest; a common rule of thumb flags distances above 4/(number of groups). A large value does not make " +
                   "the group wrong: check its data, and whether the conclusions change without it.";
        return "";
    }

    private static void AppendInfluenceTable(StringBuilder sb, GroupInfluence inf)
    {
        var top = inf.Groups.Where(r => double.IsFinite(r.CooksDistance)).OrderByDescending(r => r.CooksDistance).Take(10).ToList();
        int failed = inf.Groups.Count(r => !double.IsFinite(r.CooksDistance));
        double rule = 4.0 / inf.Groups.Count;
        sb.AppendLine($"<p class=\"note\">The 10 largest distances (rule of thumb 4/{inf.Groups.Count.ToString(C)} = {E(RFormat.Significant(rule, 3))})" +
                      (failed > 0 ? $"; {failed.ToString(C)} group(s) could not be left out (the refit failed)." : ".") + "</p>");
        sb.AppendLine($"<table id=\"influence\"><thead><tr><th>{E(inf.Factor)}</th><th>rows</th><th>Cook's distance</th></tr></thead><tbody>");
        foreach (var r in top)
            sb.AppendLine($"<tr><td class=\"l\">{E(r.Level)}</td><td>{r.Rows.ToString(C)}</td><td>{E(r.CooksDistance.ToString("0.0000", C))}</td></tr>");
        sb.AppendLine("</tbody></table>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
