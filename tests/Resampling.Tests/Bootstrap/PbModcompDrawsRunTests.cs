using Resampling.Bootstrap;
using Resampling.Data;
using Resampling.Engine;

namespace Resampling.Tests.Bootstrap;

/// <summary>
/// The parametric bootstrap LRT through draws files: ranges run apart and merged are the whole run bit for bit (every
/// T*_i and so every p-value), a resume runs only what is missing, and draws of another command's fit are refused.
/// </summary>
public class PbModcompDrawsRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("resampling-pbdraws-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly LinearMixedModel Small = LinearMixedModel.Fit(Support.TestData.Sleepstudy, "Reaction ~ Days + (1|Subject)");

    private static BootstrapOptions Range(long first, int count) => new() { FirstReplicate = first, Replicates = count, Seed = 9 };

    [Fact]
    public void RangesMergedAreTheWholeRun()
    {
        var whole = ParametricBootstrapLrt.Run(Small, Models.Sleep, Range(1, 30));
        string a = Path.Combine(_dir, "a.csv"), b = Path.Combine(_dir, "b.csv");
        PbModcompDrawsRun.Run(Small, Models.Sleep, Range(1, 11), a, DrawsFileMode.New, "pbmodcomp");
        PbModcompDrawsRun.Run(Small, Models.Sleep, Range(12, 19), b, DrawsFileMode.New, "pbmodcomp");
        var merged = DrawsFileRun.Merge([b, a]);
        Assert.Equal("pbmodcomp", merged.Type);
        Assert.Equal("pbmodcomp,df=2", merged.Settings);
        Assert.Equal(("Reaction ~ Days + (1|Subject)", Models.SleepFormula), PbModcompDrawsRun.Formulas(merged));
        var test = PbModcompDrawsRun.FromDraws(merged, TimeSpan.Zero);
        Assert.Equal(whole.Statistic, test.Statistic);
        Assert.Equal(whole.Df, test.Df);
        Assert.Equal(whole.Draws.Select(d => d.Replicate), test.Draws.Select(d => d.Replicate));
        Assert.Equal(whole.Draws.Select(d => d.Values[0]), test.Draws.Select(d => d.Values[0]));
        Assert.Equal(whole.PValueBootstrap, test.PValueBootstrap);
        Assert.Equal(whole.PValueGamma, test.PValueGamma);
        Assert.Equal(whole.PValueBartlett, test.PValueBartlett);
    }

    [Fact]
    public void ResumeRunsOnlyTheMissingReplicates()
    {
        var whole = ParametricBootstrapLrt.Run(Small, Models.Sleep, Range(1, 20));
        string path = Path.Combine(_dir, "r.csv");
        PbModcompDrawsRun.Run(Small, Models.Sleep, Range(1, 8), path, DrawsFileMode.New, "pbmodcomp");
        int ran = 0;
        var resumed = PbModcompDrawsRun.Run(Small, Models.Sleep, Range(1, 20) with { OnDraw = _ => ran++ }, path, DrawsFileMode.Resume, "pbmodcomp");
        Assert.Equal(12, ran);
        Assert.Equal(whole.Reference, resumed.Reference);
        Assert.Equal(whole.PValueBootstrap, resumed.PValueBootstrap);
    }

    [Fact]
    public void DrawsOfAnotherCommandOrSeedAreNotResumed()
    {
        string path = Path.Combine(_dir, "o.csv");
        PbModcompDrawsRun.Run(Small, Models.Sleep, Range(1, 5), path, DrawsFileMode.New, "anova");
        var e = Assert.Throws<DataException>(() => PbModcompDrawsRun.Run(Small, Models.Sleep, Range(1, 10), path, DrawsFileMode.Resume, "pbmodcomp"));
        Assert.Contains("holds another run", e.Message);
        Assert.Throws<DataException>(() => PbModcompDrawsRun.Run(Small, Models.Sleep, Range(1, 10) with { Seed = 10 }, path, DrawsFileMode.Resume, "anova"));
    }

    [Fact]
    public void TheFormulaPairMatchesInEitherOrder()
    {
        Assert.True(PbModcompDrawsRun.SamePair("y ~ 1\ty ~ x", "y ~ x\ty ~ 1"));
        Assert.False(PbModcompDrawsRun.SamePair("y ~ 1\ty ~ x", "y ~ 1\ty ~ z"));
        Assert.Equal("y ~ x\ty ~ 1", PbModcompDrawsRun.Formula("y ~\tx", "y ~ 1"));
    }
}
