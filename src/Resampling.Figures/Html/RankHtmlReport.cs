using System.Globalization;
using System.Net;
using System.Text;
using Resampling.Ranking;
using Resampling.Reporting;

namespace Resampling.Figures.Html;

/// <summary>
/// A self-contained HTML page (no external resources: styles, the sorting script and the figures are inline), written
/// for readers who are not statisticians: a first paragraph in plain words (what was ranked, by what, adjusted for
/// what, how uncertain), the date and version, the two figures side by side as inline SVG with a hover title per
/// group (PNG files embedded as downloads), the table in rank order and sortable by any column, a guide to reading it,
/// and the methods and model for the statistician.
/// </summary>
public static class RankHtmlReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Sorts a table by the clicked header (numbers by data-v or their text, ids as text); a second click reverses.</summary>
    private const string SortScript = """
        document.querySelectorAll('table.sortable').forEach(function (table) {
          table.querySelectorAll('thead th').forEach(function (th, col) {
            th.tabIndex = 0;
            var sort = function () {
              var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
              var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
              var key = function (row) {
                var cell = row.cells[col], v = cell.getAttribute('data-v');
                var x = parseFloat(v !== null ? v : cell.textContent.replace('\u2212', '-'));
                return isNaN(x) ? cell.textContent : x;
              };
              rows.sort(function (a, b) {
                var x = key(a), y = key(b);
                if (typeof x === 'number' && typeof y === 'number') return dir * (x - y);
                return dir * String(x).localeCompare(String(y), undefined, { numeric: true });
              });
              rows.forEach(function (row) { body.appendChild(row); });
              table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
              th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
            };
            th.addEventListener('click', sort);
            th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
          });
        });
        """;

    internal const string Style =
        "body{font-family:system-ui,sans-serif;max-width:1400px;margin:1em auto;padding:0 1em;color:#222;line-height:1.45}" +
        "p.lead{font-size:17px;max-width:62em}p.meta{color:#555;font-size:13px}" +
        "pre{background:#f6f6f6;padding:.6em;overflow-x:auto;font-size:12px}" +
        ".figs{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}.figs figure{margin:0;flex:1 1 600px;max-width:680px}" +
        ".figs svg{width:100%;height:auto;border:1px solid #ddd}figcaption{font-size:13px;color:#444}" +
        ".tablewrap{max-height:80vh;overflow:auto;border:1px solid #ddd}" +
        "table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}" +
        "th,td{padding:3px 7px;border-bottom:1px solid #e4e4e4;text-align:right;white-space:nowrap}" +
        "th{background:#eee;position:sticky;top:0;cursor:pointer;user-select:none;white-space:normal;vertical-align:bottom;min-width:3em}th:hover{background:#dde}" +
        "th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}" +
        "td.l{text-align:left}tr.above td{background:#eaf6ea}tr.below td{background:#fbeaea}tbody tr:hover td{background:#fff6d5}" +
        ".note{color:#555;font-size:13px}";

    /// <param name="report">The rank results.</param>
    /// <param name="figures">The figures to show (none: the page has no figure section).</param>
    /// <param name="modelSummary">The fitted model's summary text, shown as preformatted text.</param>
    /// <param name="info">Data name, unit, date and version (null: none given, made now by this build).</param>
    public static string Write(RankReport report, IReadOnlyList<RankFigure> figures, string modelSummary, RankReportInfo? info = null)
    {
        info ??= new RankReportInfo();
        var t = report.Target;
        int n = t.Levels.Count;
        string y = RankWording.Ranked(report);
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.AppendLine($"<title>Ranking of {E(t.Group)} by {E(y)}</title>");
        sb.AppendLine($"<style>{Style}</style>");
        sb.AppendLine("</head><body>");
        sb.AppendLine($"<h1>Ranking of {E(RankWording.N(n))} {E(t.Group)} groups by {E(y)}</h1>");
        sb.AppendLine($"<p class=\"lead\" id=\"summary\">{E(string.Join(" ", RankWording.Summary(report, info)))}</p>");
        sb.AppendLine($"<p class=\"meta\" id=\"made\">Made on {E(info.GeneratedText)} with resampling {E(info.VersionText)}" +
                      $"{(info.DataName is { Length: > 0 } d ? $" from {E(d)}" : "")}; model {E(t.Formula.Text)}; seed {report.Seed.ToString(C)}. " +
                      $"{E(RankReport.Direction)}.</p>");

        if (figures.Count > 0)
        {
            sb.AppendLine("<h2>Figures</h2>");
            sb.AppendLine($"<p class=\"note\">One row per {E(t.Group)}, in rank order. Point at a row to see that {E(t.Group)}'s values.</p>");
            sb.AppendLine("<div class=\"figs\">");
            for (int k = 0; k < figures.Count; k++)
            {
                var f = figures[k];
                sb.AppendLine($"<figure id=\"{E(f.Name)}\">");
                sb.AppendLine(InlineSvg(f.Svg, f.Title, f.Name + "-"));
                sb.AppendLine($"<figcaption>{E(Caption(report, f.Name))} Files: {E(f.Name)}.svg, " +
                              $"<a download=\"{E(f.Name)}.png\" href=\"data:image/png;base64,{Convert.ToBase64String(f.Png)}\">{E(f.Name)}.png</a>.</figcaption>");
                sb.AppendLine("</figure>");
            }
            sb.AppendLine("</div>");
        }

        sb.AppendLine($"<h2>Table (in rank order; click a heading to sort)</h2>");
        AppendTable(sb, report);
        AppendGuide(sb, report);

        sb.AppendLine("<h2>Methods</h2>");
        sb.AppendLine("<ul>");
        foreach (var line in RankTableWriter.HeaderLines(report).Skip(1)) sb.AppendLine($"<li>{E(line)}</li>");
        sb.AppendLine($"<li>{E("Confidence-set input: " + report.CovarianceDescription)}</li>");
        sb.AppendLine("</ul>");
        sb.AppendLine("<h2>Model</h2>");
        sb.AppendLine($"<pre>{E(modelSummary)}</pre>");
        sb.AppendLine($"<script>{SortScript}</script>");
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    /// <summary>The words under each figure: what each mark is, so the figure reads without the rest of the page.</summary>
    private static string Caption(RankReport report, string name)
    {
        string level = RFormat.Percent(report.Level), g = report.Target.Group;
        if (name == "rank-effects")
            return $"Each {g}'s estimate (dot) with its {level} interval (line), rank 1 at the top. Green: clearly above average, red: clearly below " +
                   $"(the interval of its difference from an average {g} excludes 0); grey: not clearly different. Dashed line: an average {g}.";
        var parts = new List<string> { $"Each {g}'s rank, rank 1 at the top." };
        if (report.Primary is { } p)
            parts.Add($"Blue: the {RFormat.Percent(p.Level)} interval of the rank over the {RankTableWriter.SourceText(p.Source)} draws, dot at the mean rank.");
        else parts.Add("Dot: the rank of the estimate.");
        if (report.Sets is { } s)
            parts.Add($"Orange: the {RFormat.Percent(s.Coverage)} confidence set of the {g}'s rank on its own (marginal); pale orange behind it: " +
                      $"the simultaneous set, which holds for all {g} groups at once and is therefore wider.");
        return string.Join(" ", parts);
    }

    /// <summary>
    /// The SVG as an inline element: no XML declaration, an accessible name, its ids (clip paths) prefixed, since
    /// both figures use the same ids and within one page the first would otherwise clip the second, and a viewBox from
    /// its width and height (ScottPlot writes only those), so that CSS scales the drawing to the column's width; without
    /// it a narrower column crops the drawing's right-hand side (the axis and the widest intervals).
    /// </summary>
    internal static string InlineSvg(string svg, string title, string prefix)
    {
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start > 0) svg = svg[start..];
        svg = System.Text.RegularExpressions.Regex.Replace(svg, "\\bid=\"([^\"]+)\"", $"id=\"{prefix}$1\"");
        svg = System.Text.RegularExpressions.Regex.Replace(svg, "url\\(#([^)]+)\\)", $"url(#{prefix}$1)");
        svg = System.Text.RegularExpressions.Regex.Replace(svg, "href=\"#([^\"]+)\"", $"href=\"#{prefix}$1\"");
        var size = System.Text.RegularExpressions.Regex.Match(svg, "^<svg[^>]*?\\swidth=\"(\\d+)\"\\s+height=\"(\\d+)\"");
        if (size.Success && !svg[..svg.IndexOf('>', StringComparison.Ordinal)].Contains("viewBox", StringComparison.Ordinal))
            svg = svg.Insert(4, $" viewBox=\"0 0 {size.Groups[1].Value} {size.Groups[2].Value}\"");
        return svg.Length > 4 ? "<svg role=\"img\" aria-label=\"" + E(title) + "\"" + svg[4..] : svg;
    }

    private static void AppendTable(StringBuilder sb, RankReport report)
    {
        var t = report.Target;
        string level = RFormat.Percent(report.Level);
        var columns = new List<(string Header, Func<GroupRankRow, (string Text, string? Sort)> Cell)>
        {
            ("rank", r => (r.Rank.ToString(C), null)),
            (t.Group, r => (r.Level, null)),
            ("estimate", r => (Num(r.Estimate, "0.000"), R(r.Estimate))),
            (level + " interval", r => ($"{Num(r.Lower, "0.00")} to {Num(r.Upper, "0.00")}", R(r.Lower))),
            ("sd", r => (Num(r.Sd, "0.000"), R(r.Sd))),
            ("expected rank", r => (r.ExpectedRank.ToString("0.0", C), R(r.ExpectedRank))),
        };
        for (int s = 0; s < report.Sources.Count; s++)
        {
            int si = s;
            var source = report.Sources[s];
            string p = s == 0 ? "" : source.Source + " ";
            string top = RankWording.N(report.TopCount);
            if (s == 0)
            {
                columns.Add(("mean rank", r => (r.Draws[si].MeanRank.ToString("0.0", C), R(r.Draws[si].MeanRank))));
                columns.Add(("median rank", r => (r.Draws[si].MedianRank.ToString(C), null)));
            }
            columns.Add((p + RFormat.Percent(source.Level) + " rank interval", r => ($"{r.Draws[si].RankLower}–{r.Draws[si].RankUpper}", R(r.Draws[si].RankLower))));
            columns.Add((p + $"P(top {top})", r => (r.Draws[si].PTop.ToString("0.000", C), R(r.Draws[si].PTop))));
            columns.Add((p + $"P(bottom {top})", r => (r.Draws[si].PBottom.ToString("0.000", C), R(r.Draws[si].PBottom))));
        }
        if (report.Sets is not null)
        {
            columns.Add(("marginal set", r => ($"{r.SetLower}–{r.SetUpper}", r.SetLower?.ToString(C))));
            columns.Add(("simultaneous set", r => ($"{r.SimultaneousLower}–{r.SimultaneousUpper}", r.SimultaneousLower?.ToString(C))));
        }
        columns.Add(("flag", r => (r.Flag, null)));

        sb.AppendLine("<div class=\"tablewrap\"><table class=\"sortable\" id=\"ranks\"><thead><tr>" +
                      string.Concat(columns.Select(c => $"<th>{E(c.Header)}</th>")) + "</tr></thead><tbody>");
        foreach (int i in RankTableWriter.RankOrder(report))
        {
            var r = report.Rows[i];
            string cls = r.Flag.Length > 0 ? $" class=\"{r.Flag}\"" : "";
            sb.Append($"<tr{cls}>");
            for (int k = 0; k < columns.Count; k++)
            {
                var (text, sort) = columns[k].Cell(r);
                string attr = (k == 1 ? " class=\"l\"" : "") + (sort is null ? "" : $" data-v=\"{sort}\"");
                sb.Append($"<td{attr}>{E(text)}</td>");
            }
            sb.AppendLine("</tr>");
        }
        sb.AppendLine("</tbody></table></div>");
    }

    private static void AppendGuide(StringBuilder sb, RankReport report)
    {
        string level = RFormat.Percent(report.Level), coverage = RFormat.Percent(report.Sets?.Coverage ?? report.Level);
        string g = report.Target.Group;
        sb.AppendLine("<h2>How to read this report</h2>");
        sb.AppendLine("<ul>");
        sb.AppendLine($"<li><b>Estimate</b> is the {E(g)}'s value from the fitted model, pulled towards the average when its data are few (shrunken); the {level} interval is estimate ± {report.IntervalZ.ToString("0.00", C)} × sd, where sd is {(report.Target.Generalized is null ? "the prediction-error sd, which includes the uncertainty of the fixed effects" : "the conditional sd, with the fixed effects held at their estimates" + (report.Target.HasProfile ? " (plus their variance at the profile)" : ""))}. {E(g)} groups whose interval for the difference from an average {E(g)} excludes 0 are flagged <b>above</b> (green) or <b>below</b> (red).</li>");
        sb.AppendLine("<li><b>Rank</b> is the place of the estimate in a plain league table. On its own it hides the uncertainty: read it with the intervals. <b>Expected rank</b>: the average rank the estimates' uncertainty implies.</li>");
        if (report.Primary is { } p)
            sb.AppendLine($"<li><b>Mean rank, median rank and the {RFormat.Percent(p.Level)} rank interval</b> come from ranking all groups in every draw (posterior or bootstrap): the interval holds the {E(g)}'s rank in {RFormat.Percent(p.Level)} of draws. <b>P(top)</b> / <b>P(bottom)</b>: the share of draws in which it is among the top / bottom " +
                          $"{report.TopCount.ToString(C)} ({(report.TopFraction * 100).ToString("0.#", C)}%).</li>");
        if (report.Sets is not null)
            sb.AppendLine($"<li><b>Confidence sets</b> are frequentist: the marginal set of a {E(g)} contains its true rank with {coverage} probability; the <b>simultaneous</b> sets contain the true ranks of all groups at once with {coverage} probability, so they are wider. A {E(g)} whose simultaneous set is 1–5 is, with {coverage} confidence, among the top five.</li>");
        sb.AppendLine("<li>When the intervals of two groups overlap widely, the data do not tell which is better: decisions based on small rank differences are not supported.</li>");
        sb.AppendLine("</ul>");
    }

    private static string Num(double x, string format) => x.ToString(format, C).Replace("-", "−");
    private static string R(double x) => x.ToString("R", C);
    private static string E(string s) => WebUtility.HtmlEncode(s);
}
