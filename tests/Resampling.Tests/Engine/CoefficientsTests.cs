using Resampling.Engine;
using Resampling.Tests.Support;

namespace Resampling.Tests.Engine;

public class CoefficientsTests
{
    [Fact]
    public void CoefAddsEachLevelsRandomEffectsToTheFixedEffects()
    {
        var (r, m) = Lme4ReferenceTests.FitReference("lme4", "sleep_corr_reml.json");
        var coef = m.Coefficients().Single();
        Assert.Equal("Subject", coef.Factor);
        Assert.Equal(["(Intercept)", "Days"], coef.Names);
        var ranef = r.Ranef.Single();
        for (int l = 0; l < coef.Levels.Count; l++)
        {
            Assert.Equal(r.Beta["(Intercept)"] + ranef.Values[l, 0], coef.Values[l, 0], 1e-3);
            Assert.Equal(r.Beta["Days"] + ranef.Values[l, 1], coef.Values[l, 1], 1e-3);
        }
        // lme4: coef(fm1)$Subject["308", ] = 253.6637, 19.6662
        Assert.Equal(253.6637, coef.Values[0, 0], 1e-3);
        Assert.Equal(19.6662, coef.Values[0, 1], 1e-3);
    }
}
