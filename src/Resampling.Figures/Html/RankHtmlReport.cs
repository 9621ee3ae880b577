using System.Globalization;
using System.Net;
using System.Text;
using Resampling.Ranking;
using Resampling.Reporting;

namespace Resampling.Figures.Html;

/// <summary>
/// A self-contained HTML page (figures embedded as base64 PNG, no external resources): what was ranked and how, the
/// model summary, the two caterpillar plots, a guide to reading them, and the table in rank order of the estimates.
/// </summary>
public static class RankHtmlReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Write(RankReport report, IReadOnlyList<RankFigure> figures, string modelSummary)
    {
        var t = report.Target;
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.AppendLine($"<title>Rank uncertainty: {E(t.Group)}</title>");
        sb.AppendLine("<style>body{font-family:system-ui,sans-serif;max-width:1150px;margin:1em auto;padding:0 1em;color:#222}" +
                      "pre{background:#f6f6f6;padding:.6em;overflow-x:auto;font-size:12px}" +
                      "table{border-collapse:collapse;font-size:12px}th,td{padding:2px 6px;border-bottom:1px solid #ddd;text-align:right}" +
                      "th{background:#eee;position:sticky;top:0}td.l{text-align:left}tr.above td{background:#eaf6ea}tr.below td{background:#fbeaea}" +
                      "img{max-width:100%;border:1px solid #ddd}.note{color:#555;font-size:13px}</style>");
        sb.AppendLine("</head><body>");
        sb.AppendLine($"<h1>Rank uncertainty: {E(t.Group)}</h1>");
        sb.AppendLine($"<p><strong>{E(t.Levels.Count.ToString(C))} groups ranked by the {E(t.Description)}. {E(RankReport.Direction)}.</strong></p>");
        sb.AppendLine("<ul>");
        foreach (var line in RankTableWriter.HeaderLines(report).Skip(1)) sb.AppendLine($"<li>{E(line)}</li>");
        sb.AppendLine($"<li>{E("Confidence-set input: " + RankReport.CovarianceNote)}</li>");
        sb.AppendLine("</ul>");

        string level = RFormat.Percent(report.Level), coverage = RFormat.Percent(report.Sets?.Coverage ?? report.Level);
        sb.AppendLine("<h2>How to read this report</h2>");
        sb.AppendLine("<ul>");
        sb.AppendLine($"<li><b>Estimate</b> is the group's conditional mode (its shrunken effect) from the fitted model; the interval is estimate ± {report.IntervalZ.ToString("0.00", C)} × the prediction-error sd, which includes the uncertainty of the fixed effects. Groups whose interval for the deviation from an average group excludes 0 are flagged <b>above</b> (green) or <b>below</b> (red).</li>");
        sb.AppendLine("<li><b>Rank</b> is the rank of the estimate in a plain league table. It hides the uncertainty: read it with the intervals.</li>");
        sb.AppendLine($"<li><b>Mean rank, median rank and the {level} rank interval</b> come from ranking all groups in every draw (posterior or bootstrap): the interval holds the group's rank in {level} of draws. <b>pTop / pBottom</b>: share of draws in which the group is in the top / bottom " +
                      $"{report.TopCount.ToString(C)} ({(report.TopFraction * 100).ToString("0.#", C)}%).</li>");
        sb.AppendLine($"<li><b>Confidence sets</b> are frequentist: the marginal set of a group contains its true rank with {coverage} probability; the <b>simultaneous</b> sets contain the true ranks of all groups at once with {coverage} probability, so they are wider. A group whose simultaneous set is [1, 5] is, with {coverage} confidence, among the top five.</li>");
        sb.AppendLine("<li>When intervals of two groups overlap widely, the data do not tell which is better: decisions based on small rank differences are not supported.</li>");
        sb.AppendLine("</ul>");

        foreach (var f in figures)
        {
            sb.AppendLine($"<h2>{E(f.Title)}</h2>");
            sb.AppendLine($"<p><img alt=\"{E(f.Title)}\" src=\"data:image/png;base64,{Convert.ToBase64String(f.Png)}\"></p>");
            sb.AppendLine($"<p class=\"note\">Also written as {E(f.Name)}.png and {E(f.Name)}.svg.</p>");
        }

        sb.AppendLine("<h2>Table (ordered by the estimate; rank 1 = highest)</h2>");
        AppendTable(sb, report);

        sb.AppendLine("<h2>Model</h2>");
        sb.AppendLine($"<pre>{E(modelSummary)}</pre>");
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    private static void AppendTable(StringBuilder sb, RankReport report)
    {
        var header = new List<string> { "rank", report.Target.Group, "estimate", "sd", RFormat.Percent(report.Level) + " interval", "expected rank" };
        foreach (var s in report.Sources)
        {
            string p = s == report.Primary ? "" : s.Source + " ";
            header.AddRange([p + "mean rank", p + "median rank", p + RFormat.Percent(s.Level) + " rank interval"]);
            header.AddRange([p + "P(top)", p + "P(bottom)"]);
        }
        if (report.Sets is not null) header.AddRange(["marginal set", "simultaneous set"]);
        header.Add("flag");
        sb.AppendLine("<div style=\"overflow-x:auto\"><table><thead><tr>" + string.Concat(header.Select(h => $"<th>{E(h)}</th>")) + "</tr></thead><tbody>");
        foreach (var r in report.Rows.OrderBy(r => r.Rank))
        {
            var cells = new List<string>
            {
                r.Rank.ToString(C), r.Level, r.Estimate.ToString("0.000", C), r.Sd.ToString("0.000", C),
                $"[{r.Lower.ToString("0.00", C)}, {r.Upper.ToString("0.00", C)}]", r.ExpectedRank.ToString("0.0", C),
            };
            foreach (var d in r.Draws)
            {
                cells.AddRange([d.MeanRank.ToString("0.0", C), d.MedianRank.ToString(C), $"[{d.RankLower}, {d.RankUpper}]"]);
                cells.AddRange([d.PTop.ToString("0.000", C), d.PBottom.ToString("0.000", C)]);
            }
            if (report.Sets is not null) cells.AddRange([$"[{r.SetLower}, {r.SetUpper}]", $"[{r.SimultaneousLower}, {r.SimultaneousUpper}]"]);
            cells.Add(r.Flag);
            string cls = r.Flag.Length > 0 ? $" class=\"{r.Flag}\"" : "";
            sb.AppendLine($"<tr{cls}>" + string.Concat(cells.Select((c, i) => i == 1 ? $"<td class=\"l\">{E(c)}</td>" : $"<td>{E(c)}</td>")) + "</tr>");
        }
        sb.AppendLine("</tbody></table></div>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
