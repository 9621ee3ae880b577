using Resampling.Data;
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

    private static DataTable Classes(bool numeric)
    {
        // Two schools with two classes each (class labels unique across schools), a teacher crossed with both schools.
        string[] school = ["A", "A", "A", "A", "B", "B", "B"];
        double[] cls = [1, 1, 2, 2, 3, 4, 4];
        string[] teacher = ["t1", "t2", "t1", "t2", "t1", "t2", "t1"];
        return new DataTable([
            DataColumn.FromTexts("school", school),
            numeric ? DataColumn.FromNumbers("class", cls) : DataColumn.FromTexts("class", cls.Select(c => (string?)$"c{c}").ToArray()),
            DataColumn.FromTexts("teacher", teacher),
            DataColumn.FromNumbers("x", [1, 2, 3, 4, 5, 6, 7]),
        ]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CopiedGroupsBringNewNestedGroupsAndKeepCrossedOnes(bool numeric)
    {
        var data = Classes(numeric);
        var grouping = new[] { "school", "class", "teacher" };
        var large = GroupExtension.Resize(data, "school", 5, grouping);
        Assert.Equal(5, GroupExtension.GroupCount(large, "school"));
        // 5 schools = A, B, A', B', A'': 2 + 2 + 2 + 2 + 2 classes, every one in a single school.
        Assert.Equal(10, GroupExtension.GroupCount(large, "class"));
        Assert.Equal(2, GroupExtension.GroupCount(large, "teacher")); // crossed: the same two teachers
        Assert.Equal(3 * 4 + 2 * 3, large.RowCount);
        // Without naming class as a grouping column, it is copied as it is (the old behaviour).
        Assert.Equal(4, GroupExtension.GroupCount(GroupExtension.Resize(data, "school", 5), "class"));
        // Fewer groups: no copies, no relabelling.
        Assert.Equal(2, GroupExtension.GroupCount(GroupExtension.Resize(data, "school", 1, grouping), "class"));
    }

    [Fact]
    public void GroupSizesAreCutOrRecycledWithinEveryGroup()
    {
        var data = Classes(numeric: false);
        var two = GroupExtension.ResizeWithin(data, "school", 2);
        Assert.Equal([1, 2, 5, 6], two["x"].Numbers.ToArray()); // each school's first two rows
        var five = GroupExtension.ResizeWithin(data, "school", 5);
        Assert.Equal([1, 2, 3, 4, 1, 5, 6, 7, 5, 6], five["x"].Numbers.ToArray()); // rows copied in turn
        Assert.Equal(4, GroupExtension.LargestGroup(data, "school"));
        Assert.Throws<ModelException>(() => GroupExtension.ResizeWithin(data, "school", 0));
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
