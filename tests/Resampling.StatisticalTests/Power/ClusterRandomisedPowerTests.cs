using System.Globalization;
using Resampling.Data;
using Resampling.Power;
using Resampling.Randomness;
using Xunit.Abstractions;

namespace Resampling.StatisticalTests.Power;

/// <summary>
/// The issue's acceptance test: for balanced two-level cluster-randomised designs (J groups of n, half the groups
/// treated), the simulated power of the Satterthwaite t test matches the analytic power of the noncentral t with
/// J − 2 df and ncp δ / √(4(τ² + σ²/n)/J), within 3 Monte Carlo standard errors, over 12 designs; at δ = 0 the
/// rejection rate is within 3 Monte Carlo standard errors of α. Maths: docs/power.md §5.
/// </summary>
public class ClusterRandomisedPowerTests(ITestOutputHelper output)
{
    private const int Simulations = 1000;
    private const double Alpha = 0.05;

    public static TheoryData<int, int, double, double> Designs()
    {
        var d = new TheoryData<int, int, double, double>();
        foreach (int j in new[] { 10, 20, 40 })
            foreach (int n in new[] { 5, 20 })
                foreach (var (icc, delta) in new[] { (0.05, 0.4), (0.2, 0.6) })
                    d.Add(j, n, icc, delta);
        return d;
    }

    /// <summary>The design's table: a group label, the group-level treatment and a placeholder response (every response is simulated).</summary>
    internal static DataTable Design(int j, int n)
    {
        var random = new RandomStream(1, StreamPurpose.Simulation, 0);
        var y = new double[j * n];
        var treat = new double[j * n];
        var g = new string?[j * n];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = random.NextNormal();
            treat[i] = i / n < j / 2 ? 1 : 0;
            g[i] = "g" + (i / n).ToString(CultureInfo.InvariantCulture);
        }
        return new DataTable([DataColumn.FromNumbers("y", y), DataColumn.FromNumbers("treat", treat), DataColumn.FromTexts("g", g)]);
    }

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(Designs))]
    public void SatterthwaitePowerMatchesTheNoncentralT(int j, int n, double icc, double delta)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var result = PowerAnalysis.Run(Design(j, n), "y ~ treat + (1 | g)", new PowerOptions
        {
            Test = PowerTest.Parse("coef:treat"),
            Settings = [$"treat={F(delta)}", $"sd_(Intercept)|g={F(Math.Sqrt(icc))}", $"sigma={F(Math.Sqrt(1 - icc))}"],
            Simulations = Simulations,
            Seed = 2026,
            Alpha = Alpha,
            Null = true,
        });
        double ncp = delta / Math.Sqrt(4 * (icc + (1 - icc) / n) / j);
        double analytic = NoncentralT.TwoSidedPower(j - 2, ncp, Alpha);
        var power = result.Points[0];
        var nul = result.NullRejection![0];
        double se = Math.Sqrt(analytic * (1 - analytic) / power.Used);
        double seNull = Math.Sqrt(Alpha * (1 - Alpha) / nul.Used);
        output.WriteLine($"J={j} n={n} icc={icc} delta={delta}: simulated {power.Power:F3}, analytic {analytic:F3} (SE {se:F3}); null {nul.Power:F3}; failed {power.Failed}+{nul.Failed}");
        Assert.True(power.Failed + nul.Failed < Simulations / 100, $"{power.Failed} and {nul.Failed} failed fits");
        Assert.True(Math.Abs(power.Power - analytic) <= 3 * se, $"simulated power {power.Power} vs analytic {analytic} (3 SE = {3 * se})");
        Assert.True(Math.Abs(nul.Power - Alpha) <= 3 * seNull, $"null rejection {nul.Power} vs alpha {Alpha} (3 SE = {3 * seNull})");
    }
}
