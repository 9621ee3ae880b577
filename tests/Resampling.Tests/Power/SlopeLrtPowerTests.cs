using System.Globalization;
using Resampling.Data;
using Resampling.Power;
using Resampling.Tests.Support;
using Xunit.Abstractions;

namespace Resampling.Tests.Power;

/// <summary>
/// The power of the random-slope likelihood-ratio test agrees with a brute-force lme4 loop (Fixtures/power/
/// slope_lrt_power.R: simulate, refit with and without the slope by ML, ½χ²(1) + ½χ²(2)) within Monte Carlo error:
/// the two estimates differ by at most 3 standard errors of their difference.
/// </summary>
public class SlopeLrtPowerTests(ITestOutputHelper output)
{
    [Fact]
    public void AgreesWithLme4()
    {
        var reference = CsvTableReader.Read(Lme4Reference.FixturePath("power", "slope_lrt_power.csv"));
        double V(string name) => reference[name].Numbers[0];
        var data = CsvTableReader.Read(Lme4Reference.FixturePath("power", "slope_design.csv"));
        string F(string name) => V(name).ToString("R", CultureInfo.InvariantCulture);
        var result = PowerAnalysis.Run(data, "y ~ x + (1 + x | g)", new PowerOptions
        {
            Test = PowerTest.Parse("ranef:x|g"),
            Method = PowerMethod.LikelihoodRatio,
            Settings = [$"(Intercept)={F("beta0")}", $"x={F("beta1")}", $"sd_(Intercept)|g={F("sd0")}", $"sd_x|g={F("sd1")}",
                $"cor_x.(Intercept)|g={F("rho")}", $"sigma={F("sigma")}"],
            Simulations = 1000,
            Seed = 11,
            Alpha = V("alpha"),
        });
        var p = result.Points[0];
        double r = V("power"), n = V("used");
        double se = Math.Sqrt(r * (1 - r) / n + p.Power * (1 - p.Power) / p.Used);
        output.WriteLine($"ours {p.Power:F3} ({p.Used} used), lme4 {r:F3} ({n} used), SE of the difference {se:F3}");
        Assert.Equal(0, p.Failed);
        Assert.True(Math.Abs(p.Power - r) <= 3 * se, $"ours {p.Power}, lme4 {r}, 3 SE {3 * se}");
        // Not vacuous: the test has power well away from 0 and 1 at this design.
        Assert.InRange(p.Power, 0.2, 0.8);
    }
}
