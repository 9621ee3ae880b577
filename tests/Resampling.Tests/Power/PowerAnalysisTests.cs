using Resampling.Model;
using Resampling.Power;
using Resampling.Tests.Support;
using static Resampling.Model.HsbModels;

namespace Resampling.Tests.Power;

public class PowerAnalysisTests
{
    private static PowerResult Run(PowerOptions o) => PowerAnalysis.Run(TestData.Hsb, Mod4, o);

    [Fact]
    public void SameResultOnOneThreadAndOnAll()
    {
        var o = new PowerOptions { Test = PowerTest.Parse("coef:cses:SECTOR"), Settings = ["cses:SECTOR=-0.5"], Simulations = 24, Seed = 7 };
        var one = Run(o with { MaxThreads = 1 });
        var all = Run(o with { MaxThreads = 0 });
        Assert.Equal(one.Points, all.Points);
        Assert.Equal(24, one.Points[0].Used + one.Points[0].Failed);
        Assert.Equal(160, one.Points[0].Size);
    }

    [Fact]
    public void ALargeEffectIsAlwaysFoundAndANullOneRarely()
    {
        // cses × SECTOR at 5 (about 3 times its estimate of -1.64 and 15 standard errors): every simulation rejects.
        var r = Run(new PowerOptions { Test = PowerTest.Parse("coef:cses:SECTOR"), Settings = ["cses:SECTOR=-5"], Simulations = 20, Null = true });
        Assert.Equal(1.0, r.Points[0].Power);
        Assert.True(r.NullRejection![0].Power <= 0.25, $"null rejection {r.NullRejection[0].Power}");
    }

    [Fact]
    public void PowerGrowsWithTheNumberOfSchools()
    {
        var r = Run(new PowerOptions
        {
            Test = PowerTest.Parse("term:cses:SECTOR"), Settings = ["cses:SECTOR=-0.8"], Along = "SCHOOL", Sizes = [320, 20],
            Simulations = 40, Target = 0.8,
        });
        Assert.Equal([20, 320], r.Points.Select(p => p.Size));
        Assert.True(r.Points[1].Power > r.Points[0].Power + 0.3, $"{r.Points[0].Power} then {r.Points[1].Power}");
        Assert.Equal(320, r.SmallestSize);
    }

    [Fact]
    public void PowerGrowsWithTheNumberOfStudentsPerSchool()
    {
        // A school-level effect's power is bounded by the number of schools; a student-level slope's grows with students.
        var r = Run(new PowerOptions
        {
            Test = PowerTest.Parse("coef:cses"), Settings = ["cses=1"], Within = "SCHOOL", Sizes = [60, 3],
            Simulations = 40,
        });
        Assert.Equal([3, 60], r.Points.Select(p => p.Size));
        Assert.Equal("SCHOOL", r.Within);
        Assert.True(r.Points[1].Power > r.Points[0].Power + 0.3, $"{r.Points[0].Power} then {r.Points[1].Power}");
        Assert.Throws<ModelException>(() => Run(new PowerOptions { Test = PowerTest.Parse("coef:cses"), Within = "SCHOOL", Along = "SCHOOL", Sizes = [5], Simulations = 2 }));
    }

    private static Resampling.Data.DataTable Weighted(double w) =>
        new([.. TestData.Hsb.Columns, Resampling.Data.DataColumn.FromNumbers("w", Enumerable.Repeat(w, TestData.Hsb.RowCount).ToArray())]);

    [Fact]
    public void PriorWeightsScaleTheResidualVariance()
    {
        var o = new PowerOptions { Test = PowerTest.Parse("coef:cses:SECTOR"), Settings = ["cses:SECTOR=-0.6"], Along = "SCHOOL", Sizes = [30], Simulations = 40, Seed = 5 };
        // Constant weights 4: the fit's σ doubles and the simulation (on the weighted scale) is the unweighted one
        // times 2, so every test decides alike.
        var plain = PowerAnalysis.Run(TestData.Hsb, Mod4, o);
        var constant = PowerAnalysis.Run(Weighted(4), Mod4, o with { Weights = "w" });
        Assert.Equal(plain.Points[0].Rejections, constant.Points[0].Rejections);
        // With σ set to 8, weights 4 leave a residual sd of 4 on the data scale (the random effects' sds are kept):
        // the same decisions as the unweighted design at σ = 4, and more power than at σ = 8.
        var weighted = PowerAnalysis.Run(Weighted(4), Mod4, o with { Weights = "w", Settings = [.. o.Settings, "sigma=8"] });
        var four = PowerAnalysis.Run(TestData.Hsb, Mod4, o with { Settings = [.. o.Settings, "sigma=4"] });
        var eight = PowerAnalysis.Run(TestData.Hsb, Mod4, o with { Settings = [.. o.Settings, "sigma=8"] });
        Assert.Equal(four.Points[0].Rejections, weighted.Points[0].Rejections);
        Assert.True(four.Points[0].Power > eight.Points[0].Power, $"{eight.Points[0].Power} then {four.Points[0].Power}");
    }

    [Fact]
    public void TheLikelihoodRatioOfASlopeUsesTheReducedModel()
    {
        var r = Run(new PowerOptions { Test = PowerTest.Parse("ranef:cses|SCHOOL"), Method = PowerMethod.LikelihoodRatio, Settings = ["sd_cses|SCHOOL=1.5"], Simulations = 20 });
        Assert.True(r.Points[0].Power >= 0.9, $"power {r.Points[0].Power}");
    }

    [Theory]
    [InlineData("coef:nope", PowerMethod.Satterthwaite, "No coefficient 'nope'")]
    [InlineData("term:nope", PowerMethod.Satterthwaite, "No fixed-effects term 'nope'")]
    [InlineData("ranef:nope|SCHOOL", PowerMethod.LikelihoodRatio, "No random effect 'nope|SCHOOL'")]
    [InlineData("ranef:cses|SCHOOL", PowerMethod.Satterthwaite, "likelihood ratio")]
    [InlineData("coef:cses:SECTOR", PowerMethod.LikelihoodRatio, null)]
    public void ATestMustNameSomethingInTheModel(string spec, PowerMethod method, string? fragment)
    {
        var o = new PowerOptions { Test = PowerTest.Parse(spec), Method = method, Simulations = 2 };
        if (fragment is null)
        {
            Assert.Single(Run(o).Points);
            return;
        }
        var e = Assert.Throws<ModelException>(() => Run(o));
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void TheOnlyRandomEffectCannotBeTested()
    {
        var e = Assert.Throws<ModelException>(() => PowerAnalysis.Run(TestData.Hsb, Mod5,
            new PowerOptions { Test = PowerTest.Parse("ranef:(Intercept)|SCHOOL"), Method = PowerMethod.LikelihoodRatio, Simulations = 2 }));
        Assert.Contains("only random effect", e.Message);
    }

    [Fact]
    public void ShardsMergeIntoTheWholeRun()
    {
        var o = new PowerOptions { Test = PowerTest.Parse("coef:cses:SECTOR"), Settings = ["cses:SECTOR=-0.5"], Along = "SCHOOL", Sizes = [20, 40], Simulations = 30, Seed = 3, Null = true };
        var whole = Run(o);
        var merged = PowerResult.Merge([Run(o with { FirstSimulation = 13, Simulations = 18 }), Run(o with { Simulations = 12 })]);
        Assert.Equal(whole.Points, merged.Points);
        Assert.Equal(whole.NullRejection, merged.NullRejection);
        Assert.Equal(30, merged.Simulations);
        var overlap = Assert.Throws<ModelException>(() => PowerResult.Merge([Run(o with { Simulations = 12 }), Run(o with { FirstSimulation = 12, Simulations = 2 })]));
        Assert.Contains("overlap", overlap.Message);
        var other = Assert.Throws<ModelException>(() => PowerResult.Merge([whole, whole with { Seed = 4, FirstSimulation = 31 }]));
        Assert.Contains("not shards of one run", other.Message);
    }
}
