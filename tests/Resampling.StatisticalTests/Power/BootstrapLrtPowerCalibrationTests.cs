using System.Globalization;
using Resampling.Data;
using Resampling.Power;
using Resampling.Randomness;
using Xunit.Abstractions;

namespace Resampling.StatisticalTests.Power;

/// <summary>
/// What <c>--method pb</c> promises for a variance component: a test whose type I error is α at the design (the
/// bootstrap refers the LRT to its own null distribution), where the χ² mixture is only approximately so. With the
/// random slope's sd set to zero, the rejection rate over 300 simulated data sets (199 inner bootstrap replicates each)
/// is within 3 Monte Carlo standard errors of α; with a large slope sd the power is high. docs/power.md §1.
/// </summary>
public class BootstrapLrtPowerCalibrationTests(ITestOutputHelper output)
{
    private const double Alpha = 0.1;

    private static DataTable Design(int groups, int size)
    {
        var random = new RandomStream(5, StreamPurpose.Simulation, 0);
        int n = groups * size;
        var y = new double[n];
        var x = new double[n];
        var g = new string?[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = random.NextNormal();
            x[i] = random.NextNormal();
            g[i] = "g" + (i / size).ToString(CultureInfo.InvariantCulture);
        }
        return new DataTable([DataColumn.FromNumbers("y", y), DataColumn.FromNumbers("x", x), DataColumn.FromTexts("g", g)]);
    }

    private PowerPoint Run(double slopeSd, int simulations)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var r = PowerAnalysis.Run(Design(16, 8), "y ~ x + (x | g)", new PowerOptions
        {
            Test = PowerTest.Parse("ranef:x|g"),
            Method = PowerMethod.ParametricBootstrap,
            Settings = ["(Intercept)=0", "x=0.3", "sd_(Intercept)|g=0.7", $"sd_x|g={F(slopeSd)}", "cor_x.(Intercept)|g=0", "sigma=1"],
            Simulations = simulations,
            Seed = 11,
            Alpha = Alpha,
        });
        var p = r.Points[0];
        output.WriteLine($"slope sd {slopeSd}: rejection {p.Power:F3} of {p.Used} ({p.Failed} failed), {r.Elapsed.TotalSeconds:F1} s");
        return p;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void AtANullSlopeTheBootstrapTestRejectsAtAlpha()
    {
        var p = Run(0, 300);
        double se = Math.Sqrt(Alpha * (1 - Alpha) / p.Used);
        Assert.True(p.Failed < 3, $"{p.Failed} failed");
        Assert.True(Math.Abs(p.Power - Alpha) <= 3 * se, $"rejection {p.Power} vs alpha {Alpha} (3 SE = {3 * se})");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void ALargeSlopeIsFound()
    {
        var p = Run(1.5, 40);
        Assert.True(p.Power >= 0.9, $"power {p.Power}");
    }
}
