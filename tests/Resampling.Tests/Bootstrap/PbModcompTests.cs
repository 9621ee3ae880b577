using Resampling.Bootstrap;

namespace Resampling.Tests.Bootstrap;

public class PbModcompTests
{
    /// <summary>
    /// pbkrtest's formulas on a fixed reference sample. R:
    /// ref &lt;- c(0.5, 1.2, 0, 3.1, 0.2, 2.2, 0.9, 4.0, -0.1, 1.7, 1.0037)
    /// pbkrtest:::.summarizePB(c(tobs = 1.0037, df = 2, p.value = NA), ref)$test
    /// </summary>
    [Fact]
    public void PValuesFollowPbkrtest()
    {
        double[] reference = [0.5, 1.2, 0, 3.1, 0.2, 2.2, 0.9, 4.0, -0.1, 1.7, 1.0037];
        var draws = reference.Select((t, i) => new BootstrapDraw(i + 1, [t], DrawStatus.Ok)).ToArray();
        var r = new PbModcompResult(1.0037, 2, draws, TimeSpan.Zero);
        Assert.Equal(9, r.PositiveCount);
        Assert.Equal(5, r.ExtremeCount);
        Assert.Equal(0.605409615277998, r.PValueChiSquare, 12);
        Assert.Equal(0.6, r.PValueBootstrap, 12);
        Assert.Equal(0.631158825577951, r.PValueGamma, 10);
        Assert.Equal(1.22041111343786, r.BartlettStatistic, 10);
        Assert.Equal(0.543239191131095, r.PValueBartlett, 10);
        Assert.Equal(1.64485555555556, r.ReferenceMean, 10);
        Assert.Equal(1.56718318777778, r.ReferenceVariance, 10);
    }

    [Fact]
    public void RandomSlopeTestOnSleepstudyIsReproducible()
    {
        var small = Resampling.Engine.LinearMixedModel.Fit(Support.TestData.Sleepstudy, "Reaction ~ Days + (1|Subject)");
        var a = ParametricBootstrapLrt.Run(small, Models.Sleep, 40, 9);
        var b = ParametricBootstrapLrt.Run(small, Models.Sleep, new BootstrapOptions { Replicates = 40, Seed = 9, MaxThreads = 1 });
        Assert.Equal(a.Reference, b.Reference);
        Assert.Equal(2, a.Df);
        Assert.Equal(0, a.FailedCount);
        // lme4: anova(m0, m1) on sleepstudy gives Chisq = 42.139 on 2 df.
        Assert.Equal(42.139, a.Statistic, 2);
        Assert.Equal(1.0 / 41, a.PValueBootstrap, 12);
    }
}
