using System.Text.RegularExpressions;
using Resampling.Figures;
using Resampling.Figures.Html;
using Resampling.Inference.Checks;
using Resampling.Reporting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Checks;

/// <summary>The check page is self-contained and has every section; the command refuses bad input in one line.</summary>
public class CheckReportTests
{
    [Fact]
    public void Page_is_self_contained_and_has_each_section()
    {
        var model = FittedModels.SleepFit;
        var check = ModelCheck.Compute(model);
        Assert.Equal(model.ObservationCount, check.ScaledResiduals.Count);
        Assert.Equal(2, check.RandomEffects.Count);
        Assert.True(check.ByGroup.Zip(check.ByGroup.Skip(1)).All(p => p.First.Median <= p.Second.Median));
        var figures = CheckFigures.Create(check);
        string html = CheckHtmlReport.Write(check, figures, SummaryWriter.Write(model));
        foreach (var id in new[] { "check-residuals-fitted", "check-qq-residuals", "check-qq-ranef-1", "check-qq-ranef-2", "check-residuals-group", "check-cook" })
            Assert.Contains($"<section id=\"{id}\"", html);
        Assert.Equal(6, Regex.Matches(html, "<svg ").Count);
        // No external resource: nothing loaded from a URL (the SVG xmlns names are identifiers, never fetched).
        Assert.DoesNotMatch("(src|href)\\s*=\\s*\"(https?:|//)", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("@import", html);
        Assert.Contains("viewBox=\"0 0 ", html);
    }

    [Fact]
    public void Formula_without_random_effects_is_one_line()
    {
        var dir = Directory.CreateTempSubdirectory("resampling-check-").FullName;
        try
        {
            var csv = Path.Combine(dir, "d.csv");
            File.WriteAllText(csv, "y,x,g\n1,1,a\n2,2,a\n3,1,b\n5,2,b\n4,3,c\n6,1,c\n");
            var r = CliRunner.RunIn(dir, "check", "--data", csv, "--formula", "y ~ x", "--output", Path.Combine(dir, "r.html"));
            CliAssert.OneLineError(r, ExitCodes.ModelError, "random-effects terms");
            Assert.False(File.Exists(Path.Combine(dir, "r.html")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
