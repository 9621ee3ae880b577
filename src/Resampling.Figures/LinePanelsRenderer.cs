using System.Globalization;
using System.Text;
using ScottPlot;
using SkiaSharp;

namespace Resampling.Figures;

/// <summary>
/// Draws a <see cref="LinePanelsFigure"/> with ScottPlot 5: one plot per panel, all with the same axis limits, placed side
/// by side (PNG composed with SkiaSharp, SVG by nesting each panel's SVG). Headless: needs no display, only a font
/// (ScottPlot falls back to whatever font the system has).
/// </summary>
public static class LinePanelsRenderer
{
    public static void SavePng(LinePanelsFigure figure, string path)
    {
        var plots = Build(figure);
        int w = figure.PanelWidth, h = figure.Height;
        using var surface = SKSurface.Create(new SKImageInfo(w * plots.Count, h)) ?? throw new IOException("Could not create a drawing surface.");
        surface.Canvas.Clear(SKColors.White);
        for (int k = 0; k < plots.Count; k++)
        {
            var bytes = plots[k].GetImage(w, h).GetImageBytes(ImageFormat.Png);
            using var bitmap = SKBitmap.Decode(bytes);
            surface.Canvas.DrawBitmap(bitmap, k * w, 0);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    public static void SaveSvg(LinePanelsFigure figure, string path)
    {
        var plots = Build(figure);
        int w = figure.PanelWidth, h = figure.Height;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w * plots.Count}\" height=\"{h}\" viewBox=\"0 0 {w * plots.Count} {h}\">\n");
        for (int k = 0; k < plots.Count; k++)
        {
            // Each panel's own <svg> document, nested and shifted: nested svg elements are positioned by x and y.
            string panel = plots[k].GetSvgXml(w, h);
            int start = panel.IndexOf("<svg", StringComparison.Ordinal);
            panel = panel[start..];
            panel = "<svg x=\"" + (k * w).ToString(CultureInfo.InvariantCulture) + "\" y=\"0\"" + panel[4..];
            sb.Append(panel).Append('\n');
        }
        sb.Append("</svg>\n");
        File.WriteAllText(path, sb.ToString());
    }

    private static List<Plot> Build(LinePanelsFigure figure)
    {
        var all = figure.Panels.SelectMany(p => p.Lines).ToList();
        if (all.Count == 0) throw new ArgumentException("The figure has no lines.");
        double xmin = all.Min(l => l.X.Min()), xmax = all.Max(l => l.X.Max());
        double ymin = all.Min(l => l.Y.Where(double.IsFinite).DefaultIfEmpty(0).Min()), ymax = all.Max(l => l.Y.Where(double.IsFinite).DefaultIfEmpty(1).Max());
        double xpad = 0.04 * (xmax - xmin), ypad = 0.05 * (ymax - ymin);
        var plots = new List<Plot>();
        for (int k = 0; k < figure.Panels.Count; k++)
        {
            var panel = figure.Panels[k];
            var plot = new Plot();
            foreach (var line in panel.Lines)
            {
                var scatter = plot.Add.ScatterLine(line.X, line.Y);
                scatter.Color = Color.FromHex(line.Color);
                scatter.LineWidth = 2;
                scatter.LegendText = line.Label;
            }
            plot.Title(panel.Title);
            plot.XLabel(figure.XLabel);
            // Shared y axis as in facet_grid: label and legend once, at the ends of the row.
            if (k == 0) plot.YLabel(figure.YLabel);
            if (k == figure.Panels.Count - 1)
            {
                plot.ShowLegend();
                plot.Legend.Alignment = Alignment.LowerRight;
            }
            else plot.HideLegend();
            plot.Axes.SetLimits(xmin - xpad, xmax + xpad, ymin - ypad, ymax + ypad);
            plots.Add(plot);
        }
        // Same data-area size in every panel, so the shared axes line up: fix the margins rather than letting each plot
        // size them to its own labels.
        foreach (var plot in plots) plot.Layout.Fixed(new PixelPadding(left: 62, right: 14, bottom: 50, top: 42));
        return plots;
    }
}
