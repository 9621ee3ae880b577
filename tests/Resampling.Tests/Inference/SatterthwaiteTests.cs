using System.Text.Json;
using Resampling.Inference;
using Resampling.Tests.Engine;
using Resampling.Tests.Support;

namespace Resampling.Tests.Inference;

/// <summary>
/// lmerTest's Satterthwaite df and p-values for every fixture that has them (walkthrough Mod1–Mod5 by REML and ML,
/// sleepstudy, the extra models, the singular dyestuff2 fit): df within 0.05% and p within 1e-3 relative (the issue).
/// </summary>
public class SatterthwaiteTests
{
    public static TheoryData<string, string> WithDf()
    {
        var data = new TheoryData<string, string>();
        foreach (var (folder, file) in Fixtures.All())
            if (Lme4Reference.Load(folder, file).Root.TryGetProperty("df", out var df) && df.ValueKind == JsonValueKind.Object)
                data.Add(folder, file);
        return data;
    }

    [Theory]
    [MemberData(nameof(WithDf))]
    public void DfAndPMatchLmerTest(string folder, string file)
    {
        var (r, m) = Lme4ReferenceTests.FitReference(folder, file);
        var table = FixedEffectsInference.Satterthwaite(m);
        var df = r.Named("df");
        var p = r.Named("p");
        Assert.Equal(df.Keys, table.Select(f => f.Name));
        foreach (var fe in table)
        {
            Assert.True(Math.Abs(fe.Df!.Value / df[fe.Name] - 1) <= 5e-4, $"{file} df {fe.Name}: {fe.Df:R} vs lmerTest {df[fe.Name]:R}");
            Assert.True(Math.Abs(fe.P!.Value / p[fe.Name] - 1) <= 1e-3, $"{file} p {fe.Name}: {fe.P:R} vs lmerTest {p[fe.Name]:R}");
            Assert.Equal(m.FixedEffects.Single(f => f.Name == fe.Name).StdError, fe.StdError);
        }
    }

    [Fact]
    public void CombinedDfFollowsLmerTest()
    {
        Assert.Equal(7.5, SatterthwaiteApproximation.CombinedDf([7.5]));
        Assert.Equal(10, SatterthwaiteApproximation.CombinedDf([10, 10]), 12);
        Assert.Equal(2, SatterthwaiteApproximation.CombinedDf([1.5, 30]));
        // E = 10/8 + 20/18 = 2.3611…, df = 2E/(E − 2)
        double e = 10.0 / 8 + 20.0 / 18;
        Assert.Equal(2 * e / (e - 2), SatterthwaiteApproximation.CombinedDf([10, 20]), 12);
    }
}
