using Resampling.Figures.Html;
using Resampling.Ranking;
using Resampling.Reporting;

namespace Resampling.Tests.Ranking;

/// <summary>The rank command's workflow as a library call, and its outputs at a level other than 95%.</summary>
public class RankWorkflowTests
{
    private static RankReport SetsOnly(double level) =>
        RankWorkflow.Run(RankingModels.Fit(RankingModels.Mod1), RankedQuantity.Default, "confidence-set",
            new RankOptions { Level = level, SetDraws = 200, BootstrapReplicates = 2000 });

    [Fact]
    public void TheMethodChoosesTheSources()
    {
        var report = SetsOnly(0.95);
        Assert.Empty(report.Sources);
        Assert.NotNull(report.Sets);
        Assert.Equal("confidence-set", report.Method);
        Assert.Throws<ArgumentException>(() =>
            RankWorkflow.Run(RankingModels.Fit(RankingModels.Mod1), RankedQuantity.Default, "posterior", new RankOptions()));
    }

    [Fact]
    public void TheReportsFollowTheLevel()
    {
        var report = SetsOnly(0.9);
        Assert.Equal(1.6449, report.IntervalZ, 1e-4);
        var row = report.Rows[0];
        Assert.Equal(row.Estimate + report.IntervalZ * row.Sd, row.Upper, 1e-12);
        var text = RankTableWriter.Write(report);
        Assert.Contains("the 90% interval of the group's deviation", text);
        Assert.DoesNotContain("95%", text);
        var html = RankHtmlReport.Write(report, [], "summary");
        Assert.Contains("estimate ± 1.64 ×", html);
        Assert.Contains("<th>90% interval</th>", html);
        Assert.Contains("with 90% probability", html);
        Assert.DoesNotContain("95%", html);
        Assert.DoesNotContain("± 1.96", html);
    }
}
