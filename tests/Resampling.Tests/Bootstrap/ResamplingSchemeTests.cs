using Resampling.Bootstrap;
using Resampling.Engine;

namespace Resampling.Tests.Bootstrap;

public class ResamplingSchemeTests
{
    [Fact]
    public void AssembledCrossproductsOfAllGroupsRefitToTheModel()
    {
        // The case bootstrap's per-group assembly, with every group drawn once in order, is the original data.
        var m = Models.Sleep;
        var cp = m.Crossproducts;
        int w = cp.P + 1;
        var xyxy = new double[w * w];
        for (int a = 0; a < w; a++) for (int b = 0; b < w; b++) xyxy[a * w + b] = cp.XyXy[Math.Max(a, b) * w + Math.Min(a, b)];
        var assembled = new Crossproducts(cp, cp.N, (double[])cp.ZZ1.Clone(), (double[])cp.ZXy1.Clone(), xyxy);
        var o = new RefitWorker(m, assembled).Fit();
        Assert.Equal(m.Objective, o.Objective, 8);
        for (int i = 0; i < m.Theta.Count; i++) Assert.Equal(m.Theta[i], o.Theta[i], 6);
    }

    [Theory]
    [InlineData(BootstrapType.Case, false)]
    [InlineData(BootstrapType.Case, true)]
    [InlineData(BootstrapType.Residual, false)]
    public void SchemesAreReproducibleAndCentred(BootstrapType type, bool within)
    {
        var options = new BootstrapOptions { Replicates = 300, Seed = 21, ResampleWithinGroups = within };
        var r = BootstrapRun.Run(Models.Sleep, type, options);
        var again = BootstrapRun.Run(Models.Sleep, type, options with { MaxThreads = 1 });
        Assert.Equal(r.Values("Days"), again.Values("Days"));
        Assert.Equal(0, r.FailedCount);
        // The slope's bootstrap mean is within 4 Monte Carlo SEs of β̂, and its SE within a factor 1.5 of the model's
        // (resampling schemes estimate the same sampling variability by other means).
        var s = r.Summarize().Single(p => p.Name == "Days");
        Assert.InRange(s.Bias, -4 * s.StdError / Math.Sqrt(300), 4 * s.StdError / Math.Sqrt(300));
        double se = Models.Sleep.FixedEffects[1].StdError;
        Assert.InRange(s.StdError, se / 1.5, se * 1.5);
    }

    [Fact]
    public void ResidualPoolsAreReflatedToTheModelsCovariance()
    {
        var m = Models.Sleep;
        var pools = new ResidualBootstrap.Pools(m);
        int j = pools.Effects.Length;
        double s00 = pools.Effects.Sum(e => e[0] * e[0]) / j, s11 = pools.Effects.Sum(e => e[1] * e[1]) / j, s10 = pools.Effects.Sum(e => e[0] * e[1]) / j;
        var cov = m.Covariances[0];
        Assert.Equal(cov.Variance(0), s00, 6);
        Assert.Equal(cov.Variance(1), s11, 6);
        Assert.Equal(cov.Covariance[1, 0], s10, 6);
        Assert.Equal(m.Sigma * m.Sigma, pools.Residuals.Sum(e => e * e) / pools.Residuals.Length, 6);
    }
}
