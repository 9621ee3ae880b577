using System.Xml.Linq;
using Resampling.Figures;

namespace Resampling.Tests.Plotting;

public class LinePanelsRendererTests
{
    public static LinePanelsFigure Sample() => new(
        [
            new LinePanel("A", [new LineSeries("one", "#F8766D", [0, 1, 2], [0, 1, 4]), new LineSeries("two", "#00BFC4", [0, 1, 2], [1, 1, 1])]),
            new LinePanel("B", [new LineSeries("one", "#F8766D", [0, 1, 2], [2, 3, 1])]),
        ], "x", "y");

    [Fact]
    public void WritesPngAndSvgWithOnePanelEach()
    {
        var dir = Directory.CreateTempSubdirectory("resampling-plot-");
        try
        {
            var figure = Sample();
            var png = Path.Combine(dir.FullName, "f.png");
            var svg = Path.Combine(dir.FullName, "f.svg");
            LinePanelsRenderer.SavePng(figure, png);
            LinePanelsRenderer.SaveSvg(figure, svg);
            FigureAssert.Png(png, 2 * figure.PanelWidth, figure.Height);
            FigureAssert.Svg(svg, 2, 3);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void EmptyFigureIsRejected() =>
        Assert.Throws<ArgumentException>(() => LinePanelsRenderer.SaveSvg(new LinePanelsFigure([], "x", "y"), Path.GetTempFileName()));
}
