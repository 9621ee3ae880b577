using System.Globalization;
using System.Text.Json;
using Resampling.Engine;
using Resampling.Ranking;
using Resampling.Tests.Support;

namespace Resampling.Tests.Ranking;

/// <summary>
/// The ranked quantities and their prediction-error covariance against a dense computation in R (Fixtures/ranking/
/// generate.R: σ²·G'A⁻¹G with A the whole PLS matrix, from lme4's Lambdat, Zt and X), and the walkthrough's table.
/// </summary>
public class PredictionErrorTests
{
    private static readonly Lazy<JsonElement> Fixture = new(() =>
        JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("ranking", "prediction_errors.json"))).RootElement);

    private static double[] Array1(string name) => Fixture.Value.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    // lme4's default optimiser stops within about 1e-6 (relative) of the optimum in θ; the covariances follow.
    private const double Rel = 2e-5;

    private static void Close(double expected, double actual, double rel, string what) =>
        Assert.True(Math.Abs(actual - expected) <= rel * Math.Abs(expected), $"{what}: expected {expected}, got {actual}");

    [Fact]
    public void EstimatesOfTheFirst20SchoolsAreTheWalkthroughsTable()
    {
        // cbind(ranef(Mod1)$SCHOOL, ranef(Mod5)$SCHOOL)[1:20,] as printed in the walkthrough, section 1.5.
        string[] schools = ["1224", "1288", "1296", "1308", "1317", "1358", "1374", "1433", "1436", "1461", "1462", "1477", "1499", "1637", "1906", "1909", "1942", "1946", "2030", "2208"];
        double[] mod1 = [-2.6639348, 0.7394098, -4.5684656, 2.9485171, 0.4939461, -1.2425116, -2.5023497, 6.2682432, 4.9621083, 3.6965749, -1.9832816, 1.4828017, -4.5835763, -4.8042049, 3.0819229, 1.5368925, 4.7323026, 0.2431299, -0.5095143, 2.5728142];
        double[] mod5 = [-0.0719965, 0.4525430, -1.6787527, 0.0479320, -1.5249758, -0.5384325, -1.5014405, 1.7796806, 1.2979402, 0.7486655, 0.5609992, 0.0180119, -1.5333542, -0.8522736, -0.0783440, 0.6255618, 1.5276796, 0.5431479, -1.3553671, -0.1635530];
        var t1 = RankTarget.Resolve(RankingModels.Fit(RankingModels.Mod1));
        var t5 = RankTarget.Resolve(RankingModels.Fit(RankingModels.Mod5));
        Assert.Equal("SCHOOL", t5.Group);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(schools[i], t1.Levels[i]);
            Assert.Equal(schools[i], t5.Levels[i]);
            Assert.True(Math.Abs(t1.Estimates[i] - mod1[i]) <= 5e-7, $"Mod1 {schools[i]}: {t1.Estimates[i]}");
            Assert.True(Math.Abs(t5.Estimates[i] - mod5[i]) <= 5e-7, $"Mod5 {schools[i]}: {t5.Estimates[i]}");
        }
    }

    [Fact]
    public void InterceptPredictionErrorCovarianceIsTheDenseOne()
    {
        var t = RankTarget.Resolve(RankingModels.Fit(RankingModels.Mod5));
        var diag = Array1("mod5_intercept_diag");
        Assert.Equal(160, diag.Length);
        for (int j = 0; j < 160; j++) Close(diag[j], t.Covariance[j, j], Rel, $"var {t.Levels[j]}");
        var block = Fixture.Value.GetProperty("mod5_intercept_block20").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        // Off-diagonal entries (the β part only) are ~100× smaller than the diagonal: compare on the diagonal's scale.
        for (int a = 0; a < 20; a++)
            for (int b = 0; b < 20; b++)
                Assert.True(Math.Abs(block[a][b] - t.Covariance[a, b]) <= Rel * diag[0], $"cov[{a},{b}]: {block[a][b]} vs {t.Covariance[a, b]}");
        Assert.True(t.Covariance[0, 1] != 0, "β uncertainty couples the groups");
    }

    [Fact]
    public void WithBetaKnownTheSdIsLme4sCondVar()
    {
        var t = RankTarget.Resolve(RankingModels.Fit(RankingModels.Mod5));
        var condsd = Array1("mod5_condsd");
        for (int j = 0; j < 160; j++)
        {
            Close(condsd[j], t.ConditionalSd[j], Rel, $"condsd {t.Levels[j]}");
            Assert.True(Math.Sqrt(t.Covariance[j, j]) > t.ConditionalSd[j], "β uncertainty adds variance");
        }
    }

    [Fact]
    public void ProfilePredictionAndItsCovarianceAreTheDenseOnes()
    {
        var profile = new Dictionary<string, double> { ["cses"] = 0.5, ["MEANSES"] = 0.1, ["SECTOR"] = 1 };
        var t = RankTarget.Resolve(RankingModels.Fit(RankingModels.Mod5), new RankedQuantity(Profile: profile));
        var p = Fixture.Value.GetProperty("mod5_profile");
        var est = p.GetProperty("estimate").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var diag = p.GetProperty("diag").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var block = p.GetProperty("block20").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        for (int j = 0; j < 160; j++)
        {
            Assert.True(Math.Abs(est[j] - t.Estimates[j]) <= 1e-5, $"estimate {t.Levels[j]}: {est[j]} vs {t.Estimates[j]}");
            Close(diag[j], t.Covariance[j, j], Rel, $"var {t.Levels[j]}");
        }
        for (int a = 0; a < 20; a++)
            for (int b = 0; b < 20; b++)
                Assert.True(Math.Abs(block[a][b] - t.Covariance[a, b]) <= Rel * diag[0], $"cov[{a},{b}]");
        Assert.True(t.HasProfile);
    }

    [Fact]
    public void SlopeTermOfATwoColumnFactor()
    {
        var t = RankTarget.Resolve(RankingModels.Fit(RankingModels.Mod4), new RankedQuantity(Term: "cses"));
        var est = Array1("mod4_cses_estimate");
        var diag = Array1("mod4_cses_diag");
        for (int j = 0; j < 160; j++)
        {
            // Mod4's slope variance is small and less well determined: lme4's default stop leaves ~1e-5 in the modes.
            Assert.True(Math.Abs(est[j] - t.Estimates[j]) <= 2e-4 * (1 + Math.Abs(est[j])), $"slope {t.Levels[j]}: {est[j]} vs {t.Estimates[j]}");
            Close(diag[j], t.Covariance[j, j], 1e-3, $"slope var {t.Levels[j]}");
        }
    }

    [Fact]
    public void UnknownTermOrGroupIsOneLine()
    {
        var m = RankingModels.Fit(RankingModels.Mod5);
        var e = Assert.Throws<Resampling.Model.ModelException>(() => RankTarget.Resolve(m, new RankedQuantity(Term: "cses")));
        Assert.Contains("no random-effect column 'cses'", e.Message);
        Assert.Throws<Resampling.Model.ModelException>(() => RankTarget.Resolve(m, new RankedQuantity(Group: "CLASS")));
    }

    [Fact]
    public void ConditionalEffectsAtBetaHatAreTheModes()
    {
        var m = RankingModels.Fit(RankingModels.Mod4);
        var pls = new PlsFactor(m.Crossproducts);
        pls.Factor(m.Theta);
        var (beta, u1, _) = pls.Solve();
        var (c1, _) = pls.ConditionalEffects(beta, 0, new double[m.Crossproducts.Q1], []);
        for (int i = 0; i < u1.Length; i++) Assert.Equal(u1[i], c1[i], 1e-10);
    }
}
