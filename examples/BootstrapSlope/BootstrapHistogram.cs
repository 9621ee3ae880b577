using System.Globalization;
using Resampling.Bootstrap;
using Resampling.Reporting;
using ScottPlot;

namespace Resampling.Examples.BootstrapSlope;

/// <summary>Histogram of one parameter's bootstrap draws, with the estimate and the percentile interval marked.</summary>
public static class BootstrapHistogram
{
    public const int Width = 800, Height = 500;

    public static Plot Create(string parameter, IEnumerable<double> draws, BootstrapParameterSummary summary, int replicates)
    {
        var x = draws.Where(double.IsFinite).ToArray();
        var plot = new Plot();
        if (x.Length > 0)
        {
            double lo = x.Min(), hi = x.Max();
            if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
            // ScottPlot's bins are half-open [edge, next edge): widen the top so the largest draw (a correlation at 1) counts.
            hi += 1e-9 * (hi - lo);
            var hist = ScottPlot.Statistics.Histogram.WithBinCount(BinCount(x.Length), lo, hi);
            hist.AddRange(x);
            var bars = plot.Add.Histogram(hist);
            bars.BarWidthFraction = 0.95;
        }
        var estimate = plot.Add.VerticalLine(summary.Estimate, 2.5f, Colors.Red);
        estimate.LegendText = $"estimate {RFormat.Significant(summary.Estimate, 4)}";
        string pct = RFormat.Significant(100 * summary.Level, 3);
        foreach (var (bound, i) in new[] { summary.Percentile.Lower, summary.Percentile.Upper }.Select((b, i) => (b, i)))
        {
            if (!double.IsFinite(bound)) continue;
            var line = plot.Add.VerticalLine(bound, 1.5f, Colors.Black, LinePattern.Dashed);
            if (i == 0) line.LegendText = $"{pct}% percentile interval";
        }
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Mod4 parametric bootstrap: {parameter} ({summary.Count} of {replicates} replicates)"));
        plot.XLabel(parameter);
        plot.YLabel("count");
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>Sturges' rule is too coarse for a thousand draws; √n, between 10 and 60 bins, shows the shape.</summary>
    private static int BinCount(int n) => Math.Clamp((int)Math.Round(Math.Sqrt(n)), 10, 60);
}
