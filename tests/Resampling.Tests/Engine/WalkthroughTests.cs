using Resampling.Engine;
using Resampling.Model;
using Resampling.Tests.Support;

namespace Resampling.Tests.Engine;

/// <summary>
/// The numbers the walkthrough prints for Mod1 to Mod5 (the HSB walkthrough that examples/Walkthrough reproduces), checked to the printed digits. The walkthrough
/// ran lme4 with its default optimiser settings, which stop slightly short of the optimum our fits (and the converged
/// reference fixtures) reach, so a printed value may differ by one unit in its last digit: that is the tolerance.
/// </summary>
public class WalkthroughTests
{
    private const string Mod4Formula = HsbModels.Mod4;
    private const string Mod5Formula = HsbModels.Mod5;

    private static LinearMixedModel Fit(string formula) => FittedModels.Hsb(formula);

    /// <summary>|actual − printed| within one unit of the printed value's last decimal.</summary>
    private static void Printed(string printed, double actual, string what)
    {
        int decimals = printed.Contains('.') ? printed.Length - printed.IndexOf('.') - 1 : 0;
        double unit = Math.Pow(10, -decimals);
        double value = double.Parse(printed, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(actual - value) <= unit * 1.0000001, $"{what}: {actual} does not print as {printed}");
    }

    public static TheoryData<string, string, string[], string[], string[]> Models() => new()
    {
        // formula, REML criterion, variances (groups then residual), sds, scaled residual quantiles
        { HsbModels.Mod1, "47116.8", ["8.614", "39.148"], ["2.935", "6.257"], ["-3.0631", "-0.7539", "0.0267", "0.7606", "2.7426"] },
        { HsbModels.Mod2, "46961.3", ["2.639", "39.157"], ["1.624", "6.258"], ["-3.13480", "-0.75256", "0.02409", "0.76773", "2.78501"] },
        { HsbModels.Mod3, "46714.2", ["8.682", "0.694", "36.700"], ["2.9465", "0.8331", "6.0581"], ["-3.09680", "-0.73194", "0.01858", "0.75388", "2.89928"] },
        { Mod4Formula, "46503.7", ["2.3819", "0.1014", "36.7211"], ["1.5433", "0.3184", "6.0598"], ["-3.15921", "-0.72319", "0.01706", "0.75439", "2.95822"] },
        { Mod5Formula, "46504.8", ["2.375", "36.766"], ["1.541", "6.064"], ["-3.1701", "-0.7249", "0.0149", "0.7543", "2.9655"] },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void CriterionVarianceComponentsAndResidualsAreTheWalkthroughs(string formula, string criterion, string[] variances, string[] sds, string[] quantiles)
    {
        var m = Fit(formula);
        Printed(criterion, m.Objective, "REML criterion");
        var vars = m.Covariances.SelectMany(c => Enumerable.Range(0, c.Names.Count).Select(c.Variance)).Append(m.Sigma * m.Sigma).ToArray();
        var sdv = m.Covariances.SelectMany(c => Enumerable.Range(0, c.Names.Count).Select(c.StdDev)).Append(m.Sigma).ToArray();
        Assert.Equal(variances.Length, vars.Length);
        for (int i = 0; i < vars.Length; i++) { Printed(variances[i], vars[i], $"variance {i}"); Printed(sds[i], sdv[i], $"sd {i}"); }
        var q = Resampling.Numerics.RStats.Quantiles(m.Residuals.Select(e => e / m.Sigma).ToArray(), [0, 0.25, 0.5, 0.75, 1]);
        for (int i = 0; i < 5; i++) Printed(quantiles[i], q[i], $"scaled residual quantile {i}");
        Assert.Equal(7185, m.ObservationCount);
        Assert.Equal(160, m.GroupCounts["SCHOOL"]);
    }

    public static TheoryData<string, string[], string[], string[], string[]> FixedTables() => new()
    {
        // formula, estimates, SEs, t values, then correlations of fixed effects (lower triangle by rows)
        { HsbModels.Mod1, ["12.6370"], ["0.2444"], ["51.71"], [] },
        { HsbModels.Mod2, ["12.6494", "5.8635"], ["0.1493", "0.3615"], ["84.74", "16.22"], ["-0.004"] },
        { HsbModels.Mod3, ["12.6493", "2.1932"], ["0.2445", "0.1283"], ["51.73", "17.10"], ["0.012"] },
        { Mod4Formula, ["12.1136", "2.9388", "5.3391", "1.2167", "1.0389", "-1.6426"], ["0.1988", "0.1551", "0.3693", "0.3064", "0.2989", "0.2398"],
          ["60.931", "18.948", "14.457", "3.971", "3.476", "-6.850"],
          ["0.080", "0.245", "0.020", "-0.697", "-0.056", "-0.356", "0.019", "0.282", "0.079", "-0.028", "-0.056", "-0.694", "-0.029", "0.082", "-0.351"] },
        { Mod5Formula, ["12.1138", "2.9358", "5.3429", "1.2146", "1.0441", "-1.6421"], ["0.1986", "0.1507", "0.3690", "0.3061", "0.2910", "0.2331"],
          ["60.981", "19.481", "14.480", "3.968", "3.587", "-7.045"],
          ["0.005", "0.245", "0.001", "-0.697", "-0.003", "-0.356", "0.001", "0.284", "0.005", "-0.002", "-0.003", "-0.694", "-0.002", "0.005", "-0.351"] },
    };

    [Theory]
    [MemberData(nameof(FixedTables))]
    public void FixedEffectsTablesAreTheWalkthroughs(string formula, string[] estimates, string[] ses, string[] ts, string[] corr)
    {
        var m = Fit(formula);
        Assert.Equal(estimates.Length, m.FixedEffects.Count);
        for (int i = 0; i < estimates.Length; i++)
        {
            Printed(estimates[i], m.FixedEffects[i].Estimate, $"estimate {m.FixedEffects[i].Name}");
            Printed(ses[i], m.FixedEffects[i].StdError, $"SE {m.FixedEffects[i].Name}");
            Printed(ts[i], m.FixedEffects[i].TValue, $"t {m.FixedEffects[i].Name}");
        }
        var v = m.FixedCovariance;
        int k = 0;
        for (int a = 1; a < estimates.Length; a++)
            for (int b = 0; b < a; b++)
                Printed(corr[k++], v[a, b] / Math.Sqrt(v[a, a] * v[b, b]), $"corr[{a},{b}]");
        Assert.Equal(corr.Length, k);
    }

    [Fact]
    public void Mod4CorrelationOfRandomEffectsIsTheWalkthroughs()
    {
        var c = Fit(Mod4Formula).Covariances.Single();
        Printed("0.39", c.Correlation(1, 0), "corr (Intercept), cses");
        Printed("0.02", Fit(HsbModels.Mod3).Covariances.Single().Correlation(1, 0), "Mod3 corr");
    }

    [Fact]
    public void SchoolEffectsOfMod1AndMod5AreTheWalkthroughsTable()
    {
        string[] schools = ["1224", "1288", "1296", "1308", "1317", "1358", "1374", "1433", "1436", "1461", "1462", "1477", "1499", "1637", "1906", "1909", "1942", "1946", "2030", "2208"];
        string[] mod1 = ["-2.6639348", "0.7394098", "-4.5684656", "2.9485171", "0.4939461", "-1.2425116", "-2.5023497", "6.2682432", "4.9621083", "3.6965749", "-1.9832816", "1.4828017", "-4.5835763", "-4.8042049", "3.0819229", "1.5368925", "4.7323026", "0.2431299", "-0.5095143", "2.5728142"];
        string[] mod5 = ["-0.0719965", "0.4525430", "-1.6787527", "0.0479320", "-1.5249758", "-0.5384325", "-1.5014405", "1.7796806", "1.2979402", "0.7486655", "0.5609992", "0.0180119", "-1.5333542", "-0.8522736", "-0.0783440", "0.6255618", "1.5276796", "0.5431479", "-1.3553671", "-0.1635530"];
        var r1 = Fit(HsbModels.Mod1).RandomEffects.Single();
        var r5 = Fit(Mod5Formula).RandomEffects.Single();
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(schools[i], r1.Levels[i]);
            Assert.Equal(schools[i], r5.Levels[i]);
            // Seven decimals: the default-optimiser run behind the walkthrough differs from the optimum by up to 3e-7 here.
            Assert.True(Math.Abs(r1.Values[i, 0] - double.Parse(mod1[i], System.Globalization.CultureInfo.InvariantCulture)) <= 5e-7, $"Mod1 {schools[i]}: {r1.Values[i, 0]}");
            Assert.True(Math.Abs(r5.Values[i, 0] - double.Parse(mod5[i], System.Globalization.CultureInfo.InvariantCulture)) <= 5e-7, $"Mod5 {schools[i]}: {r5.Values[i, 0]}");
        }
    }
}
