using Resampling.Figures;
using Resampling.Power;

namespace Resampling.Tests.Power;

public class PowerFigureTests
{
    [Fact]
    public void TheCurveIsAPngWithRoomForTheLegendBelow()
    {
        var points = new[] { new PowerPoint(5, 10, 100, 0, 0.05, 0.18), new PowerPoint(10, 60, 100, 0, 0.50, 0.70) };
        var nulls = new[] { new PowerPoint(5, 5, 100, 0, 0.02, 0.11), new PowerPoint(10, 6, 100, 0, 0.02, 0.13) };
        var result = new PowerResult(PowerTest.Parse("coef:x"), PowerMethod.Satterthwaite, 0.05, 100, 1, null, points, nulls, 0.8, TimeSpan.Zero) { Within = "g" };
        var path = Path.Combine(Directory.CreateTempSubdirectory("powerfig").FullName, "curve.png");
        PowerFigure.Write(result, path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        // IHDR: width and height, big-endian, at bytes 16–23.
        Assert.Equal(800, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        Assert.Equal(560, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
        Assert.Equal("observations per group of g", PowerFigure.Curve(result).Axes.Bottom.Label.Text);
    }
}
