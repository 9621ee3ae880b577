using Resampling.Ranking;
using ScottPlot;

namespace Resampling.Figures;

/// <summary>A figure rendered both ways: PNG (embedded in the HTML, base64) and SVG (written beside it).</summary>
public sealed record RankFigure(string Name, string Title, byte[] Png, string Svg);

/// <summary>
/// The report's two caterpillar plots, groups ordered by their estimate (rank 1, the highest, on the left): the effects
/// with their 95% intervals, and the ranks with the draws' rank interval and the simultaneous confidence set.
/// </summary>
public static class RankFigures
{
    public const int Width = 1100, Height = 460;

    public static IReadOnlyList<RankFigure> Create(RankReport report)
    {
        var order = report.Rows.Select((r, i) => (r, i)).OrderBy(t => t.r.Rank).ThenBy(t => t.i).Select(t => t.i).ToArray();
        return [Effects(report, order), Ranks(report, order)];
    }

    private static RankFigure Effects(RankReport report, int[] order)
    {
        var plot = new Plot();
        var t = report.Target;
        var baseline = t.HasProfile ? report.Rows.Select((r, i) => r.Estimate - t.Effects[i]).First() : 0;
        plot.Add.HorizontalLine(baseline, 1, Colors.Black.WithAlpha(0.5), LinePattern.Dashed);
        for (int x = 0; x < order.Length; x++)
        {
            var r = report.Rows[order[x]];
            var color = FlagColor(r.Flag);
            var line = plot.Add.Line(x + 1, r.Lower, x + 1, r.Upper);
            line.LineColor = color.WithAlpha(0.6);
            line.LineWidth = 1.5f;
            line.MarkerSize = 0;
            var m = plot.Add.Marker(x + 1, r.Estimate);
            m.Color = color;
            m.Size = 4;
        }
        plot.Title($"{t.Group}: {t.Description}, with {Percent(report.Level)} intervals");
        plot.XLabel($"{t.Group}, ordered by estimate (rank 1 = highest, left)");
        plot.YLabel(t.HasProfile ? "predicted value" : "effect (conditional mode)");
        plot.Axes.SetLimitsX(0, order.Length + 1);
        return Render(plot, "rank-effects", "Effects with intervals");
    }

    private static RankFigure Ranks(RankReport report, int[] order)
    {
        var plot = new Plot();
        int groups = order.Length;
        var primary = report.Primary;
        for (int x = 0; x < groups; x++)
        {
            var r = report.Rows[order[x]];
            if (r.SimultaneousLower is { } sl && r.SimultaneousUpper is { } su)
            {
                var s = plot.Add.Line(x + 1 + 0.3, sl, x + 1 + 0.3, su);
                s.LineColor = Colors.Orange.WithAlpha(0.4);
                s.LineWidth = 1.5f;
                s.MarkerSize = 0;
            }
            if (primary is not null)
            {
                var d = r.Draws[0];
                var line = plot.Add.Line(x + 1, d.RankLower, x + 1, d.RankUpper);
                line.LineColor = Colors.SteelBlue.WithAlpha(0.7);
                line.LineWidth = 1.5f;
                line.MarkerSize = 0;
                var m = plot.Add.Marker(x + 1, d.MeanRank);
                m.Color = Colors.Navy;
                m.Size = 4;
            }
            else
            {
                var m = plot.Add.Marker(x + 1, r.Rank);
                m.Color = Colors.Navy;
                m.Size = 4;
            }
        }
        // Legend entries without data: one dummy of each kind, kept off the plotted range.
        if (primary is not null)
        {
            var l = plot.Add.Line(-10, -10, -10, -10);
            l.LineColor = Colors.SteelBlue; l.LineWidth = 2; l.LegendText = $"{Percent(report.Level)} rank interval ({primary.Source}), dot = mean rank";
        }
        if (report.Sets is not null)
        {
            var l = plot.Add.Line(-10, -10, -10, -10);
            l.LineColor = Colors.Orange; l.LineWidth = 2; l.LegendText = $"simultaneous {Percent(report.Sets.Coverage)} confidence set";
        }
        plot.ShowLegend(Alignment.LowerLeft);
        plot.Title($"Ranks of {report.Target.Group} (rank 1 = highest effect, at the top)");
        plot.XLabel($"{report.Target.Group}, ordered by estimate");
        plot.YLabel("rank");
        plot.Axes.SetLimitsX(0, groups + 1);
        plot.Axes.SetLimitsY(groups + 1, 0);
        return Render(plot, "rank-ranks", "Ranks with intervals");
    }

    /// <summary>0.95 → "95%" (invariant; .NET's P0 puts a space before the sign).</summary>
    public static string Percent(double x) => Reporting.RFormat.Percent(x);

    private static Color FlagColor(string flag) => flag switch
    {
        "above" => Colors.ForestGreen,
        "below" => Colors.Crimson,
        _ => Colors.DimGray,
    };

    private static RankFigure Render(Plot plot, string name, string title)
    {
        var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        var svg = plot.GetSvgXml(Width, Height);
        return new RankFigure(name, title, png, svg);
    }
}
