using Resampling.Ranking;
using Resampling.Reporting;
using ScottPlot;
using ScottPlot.Plottables;

namespace Resampling.Figures;

/// <summary>
/// A figure rendered both ways: PNG (embedded in the HTML, base64) and SVG (written beside it and shown inline in the
/// page), the SVG with one hover title per group.
/// </summary>
public sealed record RankFigure(string Name, string Title, byte[] Png, string Svg);

/// <summary>
/// The report's two caterpillar plots, one row per group in rank order (rank 1, the highest estimate, at the top), the
/// group ids on the left axis: the estimates with their intervals, and the ranks with the draws' rank interval, the
/// marginal confidence set and, paler behind it, the simultaneous one (which spans far more ranks and would otherwise
/// hide the rest). Legends sit below the data, never on it; the axes carry the quantity and its unit. Each group's
/// row in the SVG has a hover title with its values.
/// </summary>
public static partial class RankFigures
{
    public const int Width = 680;
    /// <summary>Height of a row when every id is labelled; past <see cref="MaxDataHeight"/> rows get thinner and every k-th id is labelled.</summary>
    private const double RowPixels = 12, MaxDataHeight = 2400;
    /// <summary>Past this many groups the SVGs carry no per-group hover titles (the table is the look-up; the files would run to megabytes).</summary>
    public const int MaxHoverGroups = 5000;

    public static IReadOnlyList<RankFigure> Create(RankReport report, RankReportInfo? info = null)
    {
        var order = RankTableWriter.RankOrder(report);
        var hover = order.Length <= MaxHoverGroups ? order.Select(i => HoverText(report, report.Rows[i])).ToArray() : null;
        // The two figures are independent (separate plots, nothing shared but the read-only report): drawn side by side,
        // each rendered exactly as it would be alone.
        var ranks = Task.Run(() => Ranks(report, order, hover));
        var effects = Effects(report, info, order, hover);
        return [effects, ranks.GetAwaiter().GetResult()];
    }

    /// <summary>One group's values in a sentence-like line, for the hover titles.</summary>
    public static string HoverText(RankReport report, GroupRankRow r)
    {
        int n = report.Rows.Count;
        string level = RFormat.Percent(report.Level);
        var parts = new List<string>
        {
            $"{report.Target.Group} {r.Level}: rank {r.Rank} of {n}",
            $"estimate {F(r.Estimate)} ({level} interval {F(r.Lower)} to {F(r.Upper)})",
        };
        for (int s = 0; s < report.Sources.Count; s++)
        {
            var d = r.Draws[s];
            parts.Add($"{report.Sources[s].Source}: mean rank {d.MeanRank:0.0}, {RFormat.Percent(report.Sources[s].Level)} rank interval {d.RankLower}–{d.RankUpper}, P(top {report.TopCount}) {d.PTop:0.00}, P(bottom {report.TopCount}) {d.PBottom:0.00}");
        }
        if (r.SetLower is { } sl) parts.Add($"marginal set {sl}–{r.SetUpper}, simultaneous set {r.SimultaneousLower}–{r.SimultaneousUpper}");
        if (r.Flag.Length > 0) parts.Add($"{r.Flag} average");
        return string.Join("; ", parts);
    }

    private static string F(double x) => x.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture).Replace("-", "−");

    private static RankFigure Effects(RankReport report, RankReportInfo? info, int[] order, string[]? hover)
    {
        var plot = new Plot();
        var t = report.Target;
        int n = order.Length;
        double baseline = t.HasProfile ? report.Rows[0].Estimate - t.Effects[0] : 0;
        var rowPx = RowHeight(n);
        plot.Add.VerticalLine(baseline, 1, Colors.Black.WithAlpha(0.6), LinePattern.Dashed);
        foreach (var flag in new[] { "", "below", "above" })
        {
            var rows = Enumerable.Range(0, n).Where(p => report.Rows[order[p]].Flag == flag).ToArray();
            if (rows.Length == 0) continue;
            var ys = rows.Select(p => (double)(n - p)).ToArray();
            var est = rows.Select(p => report.Rows[order[p]].Estimate).ToArray();
            Bars(plot, est, ys, rows.Select(p => report.Rows[order[p]].Lower).ToArray(), rows.Select(p => report.Rows[order[p]].Upper).ToArray(),
                FlagColor(flag).WithAlpha(0.55), LineWidth(rowPx, 0.25));
            plot.Add.Markers(est, ys, MarkerShape.FilledCircle, MarkerSize(rowPx), DotColor(flag));
        }
        string level = RFormat.Percent(report.Level);
        plot.Legend.ManualItems.Add(Item("estimate", null, 0, DotColor("")));
        plot.Legend.ManualItems.Add(Item($"{level} interval, clearly above average", FlagColor("above"), 2, null));
        plot.Legend.ManualItems.Add(Item($"{level} interval, clearly below average", FlagColor("below"), 2, null));
        plot.Legend.ManualItems.Add(Item($"{level} interval, not clearly different", FlagColor(""), 2, null));
        plot.Legend.ManualItems.Add(Item(t.HasProfile ? "average group at this profile" : $"average {t.Group}", Colors.Black, 1, null, LinePattern.Dashed));
        plot.Title($"{t.Group} estimates with {level} intervals");
        plot.XLabel($"{RankWording.QuantityLabel(report)} ({RankWording.Unit(report, info)})");
        double lo = Math.Min(baseline, report.Rows.Min(r => r.Lower)), hi = Math.Max(baseline, report.Rows.Max(r => r.Upper)), pad = 0.04 * (hi - lo);
        ValueAxes(plot, lo - pad, hi + pad);
        GroupAxis(plot, report, order);
        return Render(plot, n, rowPx, hover, "rank-effects", "Estimates with intervals");
    }

    private static RankFigure Ranks(RankReport report, int[] order, string[]? hover)
    {
        var plot = new Plot();
        int n = order.Length;
        var rowPx = RowHeight(n);
        var primary = report.Primary;
        // Draws' interval slightly below the row's centre, the sets slightly above, so neither covers the other.
        double offset = rowPx >= 6 ? 0.22 : 0;
        var ys = Enumerable.Range(0, n).Select(p => (double)(n - p)).ToArray();
        var rows = order.Select(i => report.Rows[i]).ToArray();
        var setColor = Colors.DarkOrange;
        if (report.Sets is { } sets)
        {
            var up = ys.Select(y => y + offset).ToArray();
            Bars(plot, rows.Select(r => (double)r.Rank).ToArray(), up, rows.Select(r => (double)r.SimultaneousLower!.Value).ToArray(),
                rows.Select(r => (double)r.SimultaneousUpper!.Value).ToArray(), setColor.WithAlpha(0.2), LineWidth(rowPx, 0.55));
            Bars(plot, rows.Select(r => (double)r.Rank).ToArray(), up, rows.Select(r => (double)r.SetLower!.Value).ToArray(),
                rows.Select(r => (double)r.SetUpper!.Value).ToArray(), setColor.WithAlpha(rowPx >= 6 ? 0.8 : 0.4), LineWidth(rowPx, 0.1));
        }
        if (primary is not null)
        {
            var down = ys.Select(y => y - offset).ToArray();
            var mean = rows.Select(r => r.Draws[0].MeanRank).ToArray();
            Bars(plot, mean, down, rows.Select(r => (double)r.Draws[0].RankLower).ToArray(), rows.Select(r => (double)r.Draws[0].RankUpper).ToArray(),
                Colors.SteelBlue, LineWidth(rowPx, 0.25));
            plot.Add.Markers(mean, down, MarkerShape.FilledCircle, MarkerSize(rowPx), Colors.Navy);
            plot.Legend.ManualItems.Add(Item($"mean rank and {RFormat.Percent(primary.Level)} rank interval ({RankTableWriter.SourceText(primary.Source)})", Colors.SteelBlue, 2, Colors.Navy));
        }
        else
        {
            plot.Add.Markers(rows.Select(r => (double)r.Rank).ToArray(), ys, MarkerShape.FilledCircle, MarkerSize(rowPx), Colors.Navy);
            plot.Legend.ManualItems.Add(Item("rank of the estimate", null, 0, Colors.Navy));
        }
        if (report.Sets is not null)
        {
            string c = RFormat.Percent(report.Sets.Coverage);
            plot.Legend.ManualItems.Add(Item($"{c} confidence set of the group's rank (marginal)", setColor, 2, null));
            plot.Legend.ManualItems.Add(Item($"{c} simultaneous confidence set (all groups at once; wider)", setColor.WithAlpha(0.3), 5, null));
        }
        plot.Title($"Ranks of {report.Target.Group} with their uncertainty");
        plot.XLabel($"rank (1 = highest estimate, {RankWording.N(n)} = lowest)");
        ValueAxes(plot, 0.5, n + 0.5);
        GroupAxis(plot, report, order);
        return Render(plot, n, rowPx, hover, "rank-ranks", "Ranks with intervals");
    }

    /// <summary>Horizontal interval bars (no caps) from lower to upper at each row: one plottable for many groups.</summary>
    private static void Bars(Plot plot, double[] centres, double[] ys, double[] lower, double[] upper, Color color, float width)
    {
        var bar = new ErrorBar(centres, ys, null, null, null, null)
        {
            XErrorNegative = centres.Select((c, i) => c - lower[i]).ToArray(),
            XErrorPositive = centres.Select((c, i) => upper[i] - c).ToArray(),
            CapSize = 0,
            LineColor = color,
            LineWidth = width,
        };
        plot.Add.Plottable(bar);
    }

    /// <summary>The value axis at the bottom and, for tall figures, repeated at the top, so values read without scrolling.</summary>
    private static void ValueAxes(Plot plot, double min, double max)
    {
        plot.Axes.SetLimitsX(min, max);
        plot.Axes.SetLimitsX(min, max, plot.Axes.Top);
        plot.Axes.Top.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic();
        plot.Axes.Top.TickLabelStyle.IsVisible = true;
        plot.Axes.Top.MajorTickStyle.Length = 4;
    }

    /// <summary>The group ids on the left axis, rank 1 at the top; every k-th when the rows are too thin for each.</summary>
    private static void GroupAxis(Plot plot, RankReport report, int[] order)
    {
        int n = order.Length;
        int every = (int)Math.Ceiling(11 / RowHeight(n));
        var positions = new List<double>();
        var labels = new List<string>();
        for (int p = 0; p < n; p += every)
        {
            positions.Add(n - p);
            labels.Add(report.Rows[order[p]].Level);
        }
        plot.Axes.Left.SetTicks(positions.ToArray(), labels.ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = 9;
        plot.Axes.SetLimitsY(0.5, n + 0.5);
        plot.YLabel(every == 1
            ? $"{report.Target.Group}, in rank order (rank 1 at the top)"
            : $"{report.Target.Group}, in rank order (rank 1 at the top; every {every}th labelled)");
    }

    private static double RowHeight(int n) => Math.Min(RowPixels, MaxDataHeight / Math.Max(n, 1));
    private static float LineWidth(double rowPx, double share) => (float)Math.Clamp(rowPx * share, 0.6, 6);
    private static float MarkerSize(double rowPx) => (float)Math.Clamp(rowPx * 0.45, 1.5, 5);

    private static LegendItem Item(string text, Color? line, float width, Color? marker, LinePattern? pattern = null)
    {
        var item = new LegendItem { LabelText = text };
        if (line is { } l) { item.LineColor = l; item.LineWidth = width; if (pattern is { } p) item.LinePattern = p; }
        else item.LineWidth = 0;
        if (marker is { } m) { item.MarkerShape = MarkerShape.FilledCircle; item.MarkerFillColor = m; item.MarkerLineColor = m; item.MarkerSize = 6; }
        else item.MarkerShape = MarkerShape.None;
        return item;
    }

    /// <summary>0.95 → "95%" (invariant; .NET's P0 puts a space before the sign).</summary>
    public static string Percent(double x) => RFormat.Percent(x);

    private static Color DotColor(string flag) => flag switch
    {
        "above" => Colors.DarkGreen,
        "below" => Colors.DarkRed,
        _ => Colors.Black,
    };

    private static Color FlagColor(string flag) => flag switch
    {
        "above" => Colors.ForestGreen,
        "below" => Colors.Crimson,
        _ => Colors.DimGray,
    };

    private static RankFigure Render(Plot plot, int n, double rowPx, string[]? hover, string name, string title)
    {
        plot.ShowLegend(Edge.Bottom);
        // One grid line per group would be a grey wash: keep only the vertical (value) lines.
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        int height = (int)Math.Ceiling(Math.Max(n * rowPx, 200)) + 230;
        var svg = StableClipIds(plot.GetSvgXml(Width, height));
        if (hover is not null) svg = WithHoverTitles(plot, svg, n, hover);
        var png = plot.GetImageBytes(Width, height, ImageFormat.Png);
        return new RankFigure(name, title, png, svg);
    }

    /// <summary>
    /// The SVG with its clip paths renumbered cl_1, cl_2, … in order of first appearance: the renderer numbers them from a
    /// process-wide counter, so two figures drawn side by side would get ids that depend on the threads' timing, and the
    /// files would differ from run to run.
    /// </summary>
    internal static string StableClipIds(string svg)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(svg, m =>
        {
            if (!map.TryGetValue(m.Value, out var id))
            {
                id = "cl_" + (map.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                map.Add(m.Value, id);
            }
            return id;
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=id=""|url\(#)cl_[0-9a-z]+(?=["")])")]
    private static partial System.Text.RegularExpressions.Regex ClipId();

    /// <summary>
    /// Adds one transparent rectangle per row, across the data area, with the group's values as its SVG title (the
    /// browser shows it on hover) and a light highlight while the pointer is on it. Uses the layout of the last render.
    /// </summary>
    private static string WithHoverTitles(Plot plot, string svg, int n, string[] hover)
    {
        var area = plot.RenderManager.LastRender.DataRect;
        var sb = new System.Text.StringBuilder();
        sb.Append("<style>.hover rect{fill:#000;fill-opacity:0}.hover rect:hover{fill-opacity:.08}</style><g class=\"hover\">");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        for (int p = 0; p < n; p++)
        {
            double y = n - p;
            float top = plot.GetPixel(new Coordinates(0, y + 0.5)).Y, bottom = plot.GetPixel(new Coordinates(0, y - 0.5)).Y;
            sb.Append("<rect x=\"").Append(area.Left.ToString("0.#", inv)).Append("\" y=\"").Append(Math.Min(top, bottom).ToString("0.##", inv))
              .Append("\" width=\"").Append(area.Width.ToString("0.#", inv)).Append("\" height=\"").Append(Math.Abs(bottom - top).ToString("0.##", inv))
              .Append("\"><title>").Append(System.Net.WebUtility.HtmlEncode(hover[p])).Append("</title></rect>");
        }
        sb.Append("</g>");
        int end = svg.LastIndexOf("</svg>", StringComparison.Ordinal);
        return end < 0 ? svg : svg[..end] + sb + svg[end..];
    }
}
