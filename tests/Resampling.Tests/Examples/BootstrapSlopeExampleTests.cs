using System.Globalization;
using Resampling.Examples.BootstrapSlope;
using Resampling.Tests.Plotting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Examples;

public class BootstrapSlopeExampleTests
{
    [Fact]
    public void TestsTheSlopeAndWritesIntervalsIntoAFolder()
    {
        var dir = Directory.CreateTempSubdirectory("resampling-bootstrap-slope-");
        try
        {
            var unrelated = Path.Combine(dir.FullName, "keep.txt");
            File.WriteAllText(unrelated, "mine");
            var r = BootstrapSlopeRunner.Run(Lme4Reference.FixturePath("lme4", "hsb12.csv"), dir.FullName,
                new BootstrapSlopeSettings { Replicates = 40, Seed = 11 }, TextWriter.Null);

            foreach (var f in BootstrapSlopeRunner.Outputs) Assert.True(File.Exists(Path.Combine(dir.FullName, f)), f);
            Assert.Equal("mine", File.ReadAllText(unrelated));
            Assert.Equal(BootstrapSlopeRunner.Outputs.Count + 1, Directory.GetFiles(dir.FullName).Length);

            // The walkthrough's anova(Mod5, Mod4): Chisq 1.003696 on 2 df, p 0.6054.
            Assert.Equal(1.003696, r.Test.Statistic, 1e-4);
            Assert.Equal(2, r.Test.Df);
            Assert.Equal(0.6054107, r.Test.PValueChiSquare, 1e-4);
            Assert.Equal(40, r.Test.Replicates);
            Assert.Equal((1.0 + r.Test.ExtremeCount) / (1.0 + r.Test.PositiveCount), r.Test.PValueBootstrap, 12);
            // The boundary mixture's tail is lighter than chi-square(2)'s, so its p-value is smaller.
            Assert.InRange(r.PValueMixture, 0.3, r.Test.PValueChiSquare);
            Assert.Equal(r.Test.PValueBootstrap, r.Anova.ExtraColumns[0].Values[1]);

            Assert.Equal(["sd_(Intercept)|SCHOOL", "cor_cses.(Intercept)|SCHOOL", "sd_cses|SCHOOL", "sigma"], r.Intervals.Select(i => i.Name));
            foreach (var s in r.Intervals)
            {
                Assert.True(s.Count > 30, $"{s.Name}: {s.Count} finite draws");
                Assert.True(s.Percentile.Lower <= s.Percentile.Upper && s.Shortest.Lower <= s.Shortest.Upper, s.Name);
                double lowest = s.Name.StartsWith("cor_", StringComparison.Ordinal) ? -1 : 0;
                Assert.InRange(s.Percentile.Lower, lowest, double.MaxValue);
                Assert.InRange(s.Shortest.Lower, lowest, double.MaxValue);
            }
            // σ and the intercept sd are well determined: their intervals hold the estimate.
            foreach (var s in r.Intervals.Where(i => i.Name is "sigma" or "sd_(Intercept)|SCHOOL"))
                Assert.InRange(s.Estimate, s.Percentile.Lower, s.Percentile.Upper);

            var csv = File.ReadAllLines(Path.Combine(dir.FullName, "intervals_mod4.csv"));
            Assert.Equal("parameter,estimate,bias,std_error,n,level,method,lower,upper", csv[0]);
            Assert.Equal(1 + 4 * 4, csv.Length);
            var sigmaPercentile = csv.Single(l => l.StartsWith("\"sigma\",", StringComparison.Ordinal) && l.Contains(",percentile,")).Split(',');
            var sigma = r.Intervals.Single(i => i.Name == "sigma");
            Assert.Equal(sigma.Percentile.Lower, double.Parse(sigmaPercentile[7], CultureInfo.InvariantCulture));
            Assert.Equal(sigma.Percentile.Upper, double.Parse(sigmaPercentile[8], CultureInfo.InvariantCulture));

            string lrt = File.ReadAllText(Path.Combine(dir.FullName, "lrt_mod5_mod4.txt"));
            Assert.Contains("Pr(boot)", lrt);
            Assert.Contains("PBtest", lrt);
            Assert.Contains("Self & Liang (1987)", lrt);
            Assert.Contains("Stram & Lee (1994)", lrt);
            Assert.Contains("Perc.lower", File.ReadAllText(Path.Combine(dir.FullName, "intervals_mod4.txt")));
            foreach (var (_, file) in BootstrapSlopeRunner.Components)
                FigureAssert.Png(Path.Combine(dir.FullName, file), BootstrapHistogram.Width, BootstrapHistogram.Height);
        }
        finally { dir.Delete(true); }
    }
}
