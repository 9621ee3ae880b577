using Resampling.Engine;
using Resampling.Model;
using Resampling.Power;
using Resampling.Tests.Support;

namespace Resampling.Tests.Power;

public class PowerSpecTests
{
    [Fact]
    public void ParsesTheThreeKindsOfTest()
    {
        Assert.Equal(new PowerTest(PowerTestKind.Coefficient, "cses:SECTOR", null), PowerTest.Parse("coef:cses:SECTOR"));
        Assert.Equal(new PowerTest(PowerTestKind.Term, "cses:SECTOR", null), PowerTest.Parse("term:cses:SECTOR"));
        Assert.Equal(new PowerTest(PowerTestKind.RandomEffect, "cses", "SCHOOL"), PowerTest.Parse("ranef:cses|SCHOOL"));
        Assert.Equal("ranef:cses|SCHOOL", PowerTest.Parse("ranef:cses|SCHOOL").ToString());
    }

    [Theory]
    [InlineData("cses")]
    [InlineData("beta:cses")]
    [InlineData("coef:")]
    [InlineData("ranef:cses")]
    [InlineData("ranef:cses|")]
    public void RefusesMalformedTests(string spec) => Assert.Throws<ModelException>(() => PowerTest.Parse(spec));

    [Fact]
    public void UnchangedParametersGiveTheFitsTheta()
    {
        var m = FittedModels.Mod4Fit;
        var p = SimulationParameters.FromModel(m);
        var theta = p.Theta();
        Assert.Equal(m.Theta.Count, theta.Length);
        for (int i = 0; i < theta.Length; i++) Assert.Equal(m.Theta[i], theta[i], 1e-10);
        Assert.Equal(m.Beta.ToArray(), p.Beta);
    }

    [Fact]
    public void SettingsChangeWhatTheyName()
    {
        var m = FittedModels.Mod4Fit;
        var p = SimulationParameters.FromModel(m)
            .Apply(["cses:SECTOR=-0.5", "sd_cses|SCHOOL=0.2", "cor_cses.(Intercept)|SCHOOL=0.3", "sigma=5"]);
        Assert.Equal(-0.5, p.Beta[p.CoefficientNames.ToList().IndexOf("cses:SECTOR")]);
        Assert.Equal(5, p.Sigma);
        var theta = p.Theta();
        // Σ = σ² T Tᵀ for the 2×2 term: recover the sds and the correlation from θ.
        double s2 = 25, v0 = s2 * theta[0] * theta[0], v1 = s2 * (theta[1] * theta[1] + theta[2] * theta[2]), c01 = s2 * theta[0] * theta[1];
        Assert.Equal(m.Covariances[0].StdDev(0), Math.Sqrt(v0), 1e-10);
        Assert.Equal(0.2, Math.Sqrt(v1), 1e-12);
        Assert.Equal(0.3, c01 / Math.Sqrt(v0 * v1), 1e-12);
    }

    [Theory]
    [InlineData("sd_cses|SCHOOL=-1", "cannot be negative")]
    [InlineData("cor_cses.(Intercept)|SCHOOL=1.5", "[-1, 1]")]
    [InlineData("sigma=0", "positive")]
    [InlineData("nonsense=1", "unknown name 'nonsense'")]
    [InlineData("sd_cses|CLASS=1", "unknown name")]
    [InlineData("cses", "NAME=VALUE")]
    public void RefusesBadSettings(string setting, string fragment)
    {
        var e = Assert.Throws<ModelException>(() => SimulationParameters.FromModel(FittedModels.Mod4Fit).Apply([setting]));
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void ZeroSdGivesASingularButValidTheta()
    {
        var theta = SimulationParameters.FromModel(FittedModels.Mod4Fit).Apply(["sd_cses|SCHOOL=0"]).Theta();
        Assert.Equal(0, theta[1]);
        Assert.Equal(0, theta[2]);
    }

    [Fact]
    public void GroupsAreSubsetAndRecycled()
    {
        var hsb = TestData.Hsb;
        Assert.Equal(160, GroupExtension.GroupCount(hsb, "SCHOOL"));
        var small = GroupExtension.Resize(hsb, "SCHOOL", 20);
        Assert.Equal(20, GroupExtension.GroupCount(small, "SCHOOL"));
        var large = GroupExtension.Resize(hsb, "SCHOOL", 330);
        Assert.Equal(330, GroupExtension.GroupCount(large, "SCHOOL"));
        // 330 = 2 × 160 + 10: every row twice, and the first 10 schools' rows a third time.
        var first10 = GroupExtension.Resize(hsb, "SCHOOL", 10).RowCount;
        Assert.Equal(2 * hsb.RowCount + first10, large.RowCount);
        Assert.Throws<ModelException>(() => GroupExtension.Resize(hsb, "SCHOOL", 0));
    }

    [Fact]
    public void TheLrtMixtureHalvesTheBoundaryCase()
    {
        // One variance: ½χ²(0) + ½χ²(1); a slope with its covariance: ½χ²(1) + ½χ²(2).
        Assert.Equal(0.5 * Resampling.Inference.PValues.UpperChiSquare(2.71, 1), PowerAnalysis.LrtP(2.71, 1, true), 1e-15);
        Assert.Equal(1, PowerAnalysis.LrtP(0, 1, true));
        Assert.Equal(0.5 * (Resampling.Inference.PValues.UpperChiSquare(3, 1) + Resampling.Inference.PValues.UpperChiSquare(3, 2)),
            PowerAnalysis.LrtP(3, 2, true), 1e-15);
    }
}
