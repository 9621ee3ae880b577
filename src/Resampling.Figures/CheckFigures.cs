using System.Globalization;
using Resampling.Inference.Checks;
using ScottPlot;

namespace Resampling.Figures;

/// <summary>One figure of the model-check report, as PNG bytes and SVG text.</summary>
public sealed record CheckFigure(string Name, string Title, byte[] Png, string Svg);

/// <summary>
/// The model-check figures (ScottPlot): residuals against fitted values, normal QQ of the residuals and of each
/// random-effect column, residuals by group, and Cook's distance per group.
/// </summary>
public static class CheckFigures
{
    private const int Width = 680, Height = 460;
    private static readonly Color Point = Color.FromHex("#1f4e79").WithAlpha(0.45);
    private static readonly Color Guide = Color.FromHex("#c0392b");

    public static IReadOnlyList<CheckFigure> Create(ModelCheck check)
    {
        var figures = new List<CheckFigure>
        {
            ResidualsVsFitted(check),
            Qq(check.ResidualQuantiles, "check-qq-residuals", "Normal QQ plot of the scaled residuals", "scaled residual quantiles"),
        };
        int k = 0;
        foreach (var re in check.RandomEffects)
            figures.Add(Qq(re.Points, $"check-qq-ranef-{++k}", $"Normal QQ plot of the {re.Factor} random effects: {re.Column}",
                $"conditional modes ({re.Column})"));
        figures.Add(ByGroup(check));
        if (check.Influence is { } inf) figures.Add(Cook(inf));
        return figures;
    }

    private static CheckFigure ResidualsVsFitted(ModelCheck check)
    {
        var plot = new Plot();
        Points(plot, check.Fitted.ToArray(), check.ScaledResiduals.ToArray(), check.Fitted.Count > 2000 ? 2 : 3.5f);
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Guide;
        zero.LinePattern = LinePattern.Dashed;
        foreach (double b in new[] { -2.0, 2.0, -3.0, 3.0 })
        {
            var l = plot.Add.HorizontalLine(b);
            l.Color = Colors.Gray.WithAlpha(0.6);
            l.LinePattern = LinePattern.Dotted;
        }
        const string title = "Scaled residuals against fitted values";
        return Render(plot, "check-residuals-fitted", title, "fitted value", "scaled (Pearson) residual");
    }

    private static CheckFigure Qq(NormalQuantiles q, string name, string title, string yLabel)
    {
        var plot = new Plot();
        var x = q.Theoretical.ToArray();
        Points(plot, x, q.Sample.ToArray(), x.Length > 2000 ? 2 : 4);
        if (x.Length > 0)
        {
            double lo = x[0], hi = x[^1];
            var line = plot.Add.Line(lo, q.LineIntercept + q.LineSlope * lo, hi, q.LineIntercept + q.LineSlope * hi);
            line.Color = Guide;
            line.LineWidth = 1.5f;
            line.LinePattern = LinePattern.Dashed;
        }
        return Render(plot, name, title, "standard normal quantile", yLabel);
    }

    /// <summary>
    /// Each group's residuals: a thin line over their range, a thick one over the middle half, a dot at the median;
    /// groups in order of median. Up to 60 groups are labelled; more are drawn as a compact strip without labels.
    /// </summary>
    private static CheckFigure ByGroup(ModelCheck check)
    {
        var plot = new Plot();
        var groups = check.ByGroup;
        int n = groups.Count;
        bool compact = n > 60;
        var medians = new List<double>();
        var xs = new List<double>();
        for (int g = 0; g < n; g++)
        {
            var r = groups[g].Residuals;
            if (r.Count == 0) continue;
            var q = Numerics.RStats.Quantiles(r, [0, 0.25, 0.75, 1]);
            var range = plot.Add.Line(g + 1, q[0], g + 1, q[3]);
            range.Color = Colors.Gray;
            range.LineWidth = compact ? 1 : 1.5f;
            var mid = plot.Add.Line(g + 1, q[1], g + 1, q[2]);
            mid.Color = Color.FromHex("#1f4e79");
            mid.LineWidth = compact ? 2.5f : 5;
            xs.Add(g + 1);
            medians.Add(groups[g].Median);
        }
        var dots = plot.Add.Scatter(xs.ToArray(), medians.ToArray());
        dots.LineWidth = 0;
        dots.MarkerSize = compact ? 3 : 5;
        dots.Color = Colors.Black;
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Guide;
        zero.LinePattern = LinePattern.Dashed;
        if (!compact)
        {
            plot.Axes.Bottom.SetTicks(Enumerable.Range(1, n).Select(i => (double)i).ToArray(), groups.Select(g => g.Level).ToArray());
            plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
            if (n > 20)
            {
                // Upright ids would overlap: turn them, and keep room for the longest under the axis.
                plot.Axes.Bottom.TickLabelStyle.Rotation = -90;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
                plot.Axes.Bottom.MinimumSize = 30 + 7 * groups.Max(g => g.Level.Length);
            }
        }
        plot.Axes.SetLimitsX(0, n + 1);
        string x = compact ? $"{check.GroupFactor} ({n} groups, in order of median residual)" : $"{check.GroupFactor}, in order of median residual";
        return Render(plot, "check-residuals-group", $"Scaled residuals by {check.GroupFactor}", x, "scaled residual", Width * 2);
    }

    private static CheckFigure Cook(GroupInfluence inf)
    {
        var plot = new Plot();
        var rows = inf.Groups;
        for (int g = 0; g < rows.Count; g++)
        {
            double d = rows[g].CooksDistance;
            if (!double.IsFinite(d)) continue;
            var stem = plot.Add.Line(g + 1, 0, g + 1, d);
            stem.Color = Color.FromHex("#1f4e79");
            stem.LineWidth = rows.Count <= 60 ? 3 : 1.5f;
        }
        var finite = rows.Select((r, i) => (r, i)).Where(t => double.IsFinite(t.r.CooksDistance)).ToList();
        var top = finite.OrderByDescending(t => t.r.CooksDistance).Take(5).ToList();
        foreach (var (r, i) in top)
        {
            var label = plot.Add.Text(r.Level, i + 1, r.CooksDistance);
            label.LabelFontSize = 12;
            label.LabelBold = true;
            label.LabelAlignment = Alignment.LowerCenter;
        }
        if (rows.Count <= 60)
        {
            // Few groups: each stem carries its id (no fractional positions on the axis).
            plot.Axes.Bottom.SetTicks(Enumerable.Range(1, rows.Count).Select(i => (double)i).ToArray(), rows.Select(r => r.Level).ToArray());
            plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
            if (rows.Count > 20)
            {
                plot.Axes.Bottom.TickLabelStyle.Rotation = -90;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
                plot.Axes.Bottom.MinimumSize = 30 + 7 * rows.Max(r => r.Level.Length);
            }
        }
        double max = finite.Count == 0 ? 1 : finite.Max(t => t.r.CooksDistance);
        plot.Axes.SetLimitsY(0, max * 1.15 + 1e-12);
        plot.Axes.SetLimitsX(0, rows.Count + 1);
        return Render(plot, "check-cook", $"Influence of each {inf.Factor} on the fixed effects (Cook's distance)",
            $"{inf.Factor} (in data order; the 5 largest labelled)", "Cook's distance", Width * 2);
    }

    private static void Points(Plot plot, double[] x, double[] y, float size)
    {
        var s = plot.Add.Scatter(x, y);
        s.LineWidth = 0;
        s.MarkerSize = size;
        s.MarkerShape = MarkerShape.FilledCircle;
        s.Color = Point;
    }

    private static CheckFigure Render(Plot plot, string name, string title, string x, string y, int width = Width)
    {
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        plot.Axes.Title.Label.FontSize = 16;
        plot.Axes.Bottom.Label.FontSize = 14;
        plot.Axes.Left.Label.FontSize = 14;
        var svg = plot.GetSvgXml(width, Height);
        var png = plot.GetImageBytes(width, Height, ImageFormat.Png);
        return new CheckFigure(name, title, png, svg);
    }

    internal static string Number(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
