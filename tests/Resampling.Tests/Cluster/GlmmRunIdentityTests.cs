using Resampling.Cluster;
using Resampling.Glmm;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// What a GLMM shard file records: the data fingerprint changes with the trials of a proportion (which the design's own
/// fingerprint does not see), and a refused shard's run is described by what differs, the model first.
/// </summary>
public class GlmmRunIdentityTests
{
    private static GlmmProblem Proportion(string trials)
    {
        var data = TestData.WithCompute(TestData.WithCompute(TestData.FixtureCsv("glmm", "cbpp.csv"), "prop = incidence / size"), $"w = {trials}");
        return GlmmProblem.Build(data, "prop ~ period + (1 | herd)", GlmmFamily.Canonical(GlmmDistribution.Binomial), "w");
    }

    [Fact]
    public void TheFingerprintSeesTheTrials()
    {
        var once = Proportion("size");
        var twice = Proportion("2 * size");
        Assert.Equal(once.Design.Fingerprint(), twice.Design.Fingerprint());
        Assert.NotEqual(GlmmRunIdentity.Fingerprint(once), GlmmRunIdentity.Fingerprint(twice));
        Assert.Equal(GlmmRunIdentity.Fingerprint(once), GlmmRunIdentity.Fingerprint(Proportion("size")));
        Assert.Equal("binomial(logit)", GlmmRunIdentity.Family(once.Family));
    }

    [Fact]
    public void ADifferenceIsNamedModelFirst()
    {
        const string Linear = "of=4; iterations=2000; warmup=1000; thin=1; seed=5; priors=beta flat; Sigma_k ~ IW(p_k + 1, 1 I); data=ab12; formula=y ~ x + (1 | g)";
        string binomial = Linear.Replace("; data=", "; family=binomial(logit); data=", StringComparison.Ordinal);
        string probit = binomial.Replace("logit", "probit", StringComparison.Ordinal);
        Assert.Equal("a linear model's, this run is a binomial(logit) GLMM's", RunDifference.Describe(binomial, Linear));
        Assert.Equal("a binomial(probit) GLMM's, this run is a binomial(logit) GLMM's", RunDifference.Describe(binomial, probit));
        Assert.Equal("seed 6, this run's 5", RunDifference.Describe(Linear, Linear.Replace("seed=5", "seed=6", StringComparison.Ordinal)));
        Assert.Equal("chains 2, this run's 4", RunDifference.Describe(Linear, Linear.Replace("of=4", "of=2", StringComparison.Ordinal)));
        Assert.Equal("its data differs", RunDifference.Describe(Linear, Linear.Replace("ab12", "cd34", StringComparison.Ordinal)));
        Assert.Equal("its formula differs", RunDifference.Describe(Linear, Linear.Replace("(1 | g)", "(x | g)", StringComparison.Ordinal)));
        Assert.Equal("its priors or settings differ", RunDifference.Describe(Linear, Linear.Replace("IW(p_k + 1, 1 I)", "IW(p_k + 1, 2 I)", StringComparison.Ordinal)));
    }
}
