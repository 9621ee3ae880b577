using System.Text.Json;
using Resampling.Engine;
using Resampling.Intervals;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Intervals;

public class ConfintCommandTests
{
    [Fact]
    public void ProfileJsonHasLme4NamesAndReadableLabels()
    {
        var r = CliRunner.Run("confint", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--format", "json");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        var rows = JsonDocument.Parse(r.Stdout).RootElement.GetProperty("intervals").EnumerateArray().ToList();
        Assert.Equal([".sig01", ".sig02", ".sig03", ".sigma", "(Intercept)", "Days"], rows.Select(x => x.GetProperty("name").GetString()));
        Assert.Equal("cor_Days.(Intercept)|Subject", rows[1].GetProperty("label").GetString());
        Assert.Equal(-0.481500723308379, rows[1].GetProperty("lower").GetDouble(), 1e-3);
        Assert.All(rows, x => Assert.Equal("profile", x.GetProperty("method").GetString()));
    }

    [Fact]
    public void WaldTextIsLme4sTable()
    {
        var r = CliRunner.Run("confint", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--method", "wald");
        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Matches(@"\s+2\.5 %\s+97\.5 %", r.Stdout.Split('\n')[0]);
        Assert.Matches(@"\.sig01\s+NA\s+NA", r.Stdout);
        Assert.Matches(@"Days\s+7\.\d+\s+13\.\d+", r.Stdout);
    }

    [Fact]
    public void BadLevelIsOneLine()
    {
        var r = CliRunner.Run("confint", "--data", "sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--level", "1.5");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void WaldIsEstimatePlusMinusQnormSe()
    {
        var m = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (Days|Subject)");
        var ci = WaldIntervals.Compute(m, 0.9);
        var days = ci.Single(c => c.Name == "Days");
        var fe = m.FixedEffects[1];
        Assert.Equal(fe.Estimate - 1.6448536269514722 * fe.StdError, days.Lower, 1e-12);
        Assert.Equal(fe.Estimate + 1.6448536269514722 * fe.StdError, days.Upper, 1e-12);
        Assert.True(double.IsNaN(ci[0].Lower));
    }
}
