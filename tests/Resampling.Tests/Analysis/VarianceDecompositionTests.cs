using Resampling.Inference.Decomposition;

namespace Resampling.Tests.Analysis;

/// <summary>ICC (adjusted, conditional) and Nakagawa R² (marginal, conditional) within 1e-6 of performance's.</summary>
public class VarianceDecompositionTests
{
    public static TheoryData<string> Cases() => AnalystFixtures.Names("variance.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void IccAndR2MatchPerformance(string name)
    {
        var c = AnalystFixtures.Case("variance.json", name);
        var d = VarianceDecomposition.Of(AnalystFixtures.Fit(c));
        var icc = c.GetProperty("icc");
        var r2 = c.GetProperty("r2");
        Near(icc.GetProperty("adjusted").GetDouble(), d.IccAdjusted, name + " ICC adjusted");
        Near(icc.GetProperty("conditional").GetDouble(), d.IccConditional, name + " ICC conditional");
        Near(r2.GetProperty("marginal").GetDouble(), d.R2Marginal, name + " R2 marginal");
        Near(r2.GetProperty("conditional").GetDouble(), d.R2Conditional, name + " R2 conditional");
    }

    [Fact]
    public void SharesAddUp()
    {
        var d = new VarianceDecomposition(2, 3, 5);
        Assert.Equal(0.375, d.IccAdjusted, 15);
        Assert.Equal(0.3, d.IccConditional, 15);
        Assert.Equal(0.2, d.R2Marginal, 15);
        Assert.Equal(0.5, d.R2Conditional, 15);
    }

    private static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6, $"{what}: {actual:R} vs performance {expected:R}");
}
