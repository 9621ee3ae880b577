using System.Text.Json;
using Resampling.Engine;
using Resampling.Intervals;
using Resampling.Model;
using Resampling.Tests.Support;
using Xunit.Abstractions;

namespace Resampling.Tests.Intervals;

public class ProfileIntervalTests(ITestOutputHelper output)
{
    private const string Mod4 = HsbModels.Mod4;

    private static IReadOnlyList<(string Name, double Lower, double Upper)> Fixture(string file) =>
        JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("lme4extra", file))).RootElement.GetProperty("rows")
            .EnumerateArray().Select(r => (r.GetProperty("name").GetString()!, r.GetProperty("lower").GetDouble(), r.GetProperty("upper").GetDouble()))
            .ToList();

    private void Print(IReadOnlyList<ConfidenceInterval> ci)
    {
        foreach (var c in ci) output.WriteLine($"{c.Name,-8} {c.Label,-32} {c.Lower,14:R} {c.Upper,14:R} {c.Note}");
    }

    [Fact]
    public void Mod4ProfileMatchesLme4()
    {
        var model = LinearMixedModel.Fit(TestData.Hsb, Mod4);
        var ci = ProfileIntervals.Compute(model);
        Print(ci);
        var byLabel = ci.ToDictionary(c => c.Label);
        foreach (var (name, lower, upper) in Fixture("profile_hsb_mod4.json"))
        {
            if (name.StartsWith("cor_")) continue; // lme4's profile fails there (see the next assertions)
            Assert.Equal(lower, byLabel[name].Lower, 1e-3);
            Assert.Equal(upper, byLabel[name].Upper, 1e-3);
        }
        // The figures (lme4 run on another machine) agree too.
        Assert.Equal(0.7386589, byLabel["sd_cses|SCHOOL"].Upper, 1e-3);
        Assert.Equal(6.1624560, byLabel["sigma"].Upper, 1e-3);
        // The slope sd can shrink to 0, where the correlation no longer matters, and the deviance there is within the
        // cutoff (the ML LRT of Mod5 against Mod4 is 1.004 < 1.96²): the correlation's profile interval really is [-1, 1].
        var cor = byLabel["cor_cses.(Intercept)|SCHOOL"];
        Assert.Equal(-1, cor.Lower);
        Assert.Equal(1, cor.Upper);
        Assert.Contains("edge of the parameter space", cor.Note);
        Assert.Equal(0, byLabel["sd_cses|SCHOOL"].Lower);
    }

    [Fact]
    public void SleepstudyProfileMatchesLme4IncludingCorrelation()
    {
        var model = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (Days|Subject)");
        var ci = ProfileIntervals.Compute(model);
        Print(ci);
        var byLabel = ci.ToDictionary(c => c.Label);
        foreach (var (name, lower, upper) in Fixture("profile_sleep_corr.json"))
        {
            Assert.Equal(lower, byLabel[name].Lower, 1e-3 * Math.Max(1, Math.Abs(lower)));
            Assert.Equal(upper, byLabel[name].Upper, 1e-3 * Math.Max(1, Math.Abs(upper)));
        }
    }
}
