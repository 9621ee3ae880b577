using Resampling.Power;
using ScottPlot;

namespace Resampling.Figures;

/// <summary>
/// A power curve: estimated power against the number of groups, with its 95% Clopper–Pearson band, the target power
/// as a dashed line, and the type I error rate (with <c>--null</c>) against α; the legend below the data.
/// </summary>
public static class PowerFigure
{
    public static Plot Curve(PowerResult r)
    {
        var plot = new Plot();
        var x = r.Points.Select(p => (double)p.Size).ToArray();
        var band = plot.Add.FillY(x, r.Points.Select(p => p.Lower).ToArray(), r.Points.Select(p => p.Upper).ToArray());
        band.FillColor = Color.FromHex("#1b9e77").WithAlpha(0.25);
        band.LegendText = "95% Monte Carlo interval";
        var line = plot.Add.Scatter(x, r.Points.Select(p => p.Power).ToArray());
        line.Color = Color.FromHex("#1b9e77");
        line.LineWidth = 2;
        line.MarkerSize = 7;
        line.LegendText = "power";
        if (r.NullRejection is { } nulls)
        {
            var n = plot.Add.Scatter(x, nulls.Select(p => p.Power).ToArray());
            n.Color = Color.FromHex("#d95f02");
            n.LineWidth = 1.5f;
            n.MarkerSize = 5;
            n.LegendText = "type I error";
            var a = plot.Add.HorizontalLine(r.Alpha);
            a.Color = Color.FromHex("#d95f02").WithAlpha(0.6);
            a.LinePattern = LinePattern.Dotted;
            a.LegendText = "alpha = " + r.Alpha.ToString("G", System.Globalization.CultureInfo.InvariantCulture);
        }
        if (r.Target is { } t)
        {
            var h = plot.Add.HorizontalLine(t);
            h.Color = Colors.Black.WithAlpha(0.6);
            h.LinePattern = LinePattern.Dashed;
            h.LegendText = "target " + (100 * t).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
        }
        plot.Axes.SetLimitsY(0, 1.02);
        if (x.Length == 1) plot.Axes.SetLimitsX(x[0] - 1, x[0] + 1);
        plot.Title($"Power: {r.Test} ({r.Method.Name()}, {r.Simulations} simulations)");
        plot.XLabel(r.Within is not null ? $"observations per group of {r.Within}" : r.Along is null ? "number of groups" : $"number of groups of {r.Along}");
        plot.YLabel("power");
        // Below the plot: inside it the legend hid the type I error line at the largest sizes.
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    public static void Write(PowerResult r, string path, int width = 800, int height = 560) => Curve(r).SavePng(path, width, height);
}
