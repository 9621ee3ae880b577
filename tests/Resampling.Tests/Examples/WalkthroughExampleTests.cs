using System.Globalization;
using Resampling.Examples.Walkthrough;
using Resampling.Tests.Plotting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Examples;

public class WalkthroughExampleTests
{
    [Fact]
    public void RunsTheWalkthroughIntoAFolder()
    {
        var dir = Directory.CreateTempSubdirectory("resampling-walkthrough-");
        try
        {
            var unrelated = Path.Combine(dir.FullName, "keep.txt");
            File.WriteAllText(unrelated, "mine");
            var lrt = WalkthroughRunner.Run(Lme4Reference.FixturePath("lme4", "hsb12.csv"), dir.FullName, TextWriter.Null);

            foreach (var f in WalkthroughRunner.Outputs) Assert.True(File.Exists(Path.Combine(dir.FullName, f)), f);
            Assert.Equal("mine", File.ReadAllText(unrelated));
            Assert.Equal(6, Directory.GetFiles(dir.FullName).Length);

            // The walkthrough's anova(Mod5, Mod4), to its printed precision.
            Assert.Equal([8, 10], lrt.Select(r => r.Npar));
            Assert.Equal(46513.44, lrt[0].Aic, 0.006);
            Assert.Equal(46516.43, lrt[1].Aic, 0.006);
            Assert.Equal(46568.48, lrt[0].Bic, 0.006);
            Assert.Equal(46585.23, lrt[1].Bic, 0.006);
            Assert.Equal(-23248.72, lrt[0].LogLik, 0.006);
            Assert.Equal(46496.43, lrt[1].Deviance, 0.006);
            Assert.Equal(1.003696, lrt[1].Chisq!.Value, 1e-4);
            Assert.Equal(2, lrt[1].Df);
            Assert.Equal(0.6054107, lrt[1].P!.Value, 1e-4);

            var lines = File.ReadAllLines(Path.Combine(dir.FullName, "prediction_grid.csv"));
            Assert.Equal("cses,SECTOR,MEANSES,MEANSES_cat,fit,se.fit", lines[0]);
            Assert.Equal(3906 + 1, lines.Length);
            var walkthrough = new[] { 0.9125066, 0.9385548, 0.9646030 };
            for (int i = 0; i < 3; i++)
            {
                var cells = lines[i + 1].Split(',');
                Assert.Equal("Low", cells[3]);
                // The walkthrough's own fit is lme4's default (less converged) one: 2e-4 covers it (see PredictionTests).
                Assert.Equal(walkthrough[i], double.Parse(cells[4], CultureInfo.InvariantCulture), 2e-4);
            }
            FigureAssert.Png(Path.Combine(dir.FullName, "prediction_figure.png"), 3 * 420, 440);
            FigureAssert.Svg(Path.Combine(dir.FullName, "prediction_figure.svg"), 3, 6);
            Assert.Contains("Linear mixed model fit by REML", File.ReadAllText(Path.Combine(dir.FullName, "summaries.txt")));
        }
        finally { dir.Delete(true); }
    }
}
