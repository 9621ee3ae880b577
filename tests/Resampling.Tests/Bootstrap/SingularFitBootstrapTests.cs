using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Numerics;
using Resampling.Tests.Support;

namespace Resampling.Tests.Bootstrap;

/// <summary>
/// Refits of a singular fit must be free to leave θ = 0: the profiled objective is even in a diagonal θ, so its
/// gradient vanishes there and a search warm-started on the boundary would report every replicate singular.
/// Dyestuff2 (lme4's example of a singular fit): lme4's bootMer finds about half of 200 replicates singular, with the
/// 97.5% quantile of θ* about 0.75.
/// </summary>
public class SingularFitBootstrapTests
{
    [Fact]
    public void RefitsOfASingularFitLeaveTheBoundaryWhenTheDataSaySo()
    {
        var model = LinearMixedModel.Fit(TestData.FixtureCsv("lme4extra", "dyestuff2.csv"), "Yield ~ 1 + (1|Batch)");
        Assert.True(model.Singular);
        var r = ParametricBootstrap.Run(model, new BootstrapOptions { Replicates = 200, Seed = 11 });
        Assert.Equal(0, r.FailedCount);
        // Binomial SE of a 50% share from 200 replicates is 3.5 points: the band is more than 5 SEs wide each side.
        Assert.InRange(r.SingularFraction, 0.3, 0.7);
        var theta = r.Values(r.Names.Single(n => n.StartsWith("theta_", StringComparison.Ordinal))).Order().ToArray();
        Assert.True(RStats.SortedQuantile(theta, 0.975) > 0.3, $"θ* 97.5% quantile {RStats.SortedQuantile(theta, 0.975)}");
    }
}
