using System.Text.Json;
using Resampling.Examples.McmcMod4;
using Resampling.Tests.Plotting;
using Resampling.Tests.Support;

namespace Resampling.Tests.Examples;

public class McmcMod4ExampleTests
{
    [Fact]
    public void SamplesMod4AndWritesItsReportIntoAFolder()
    {
        var dir = Directory.CreateTempSubdirectory("resampling-mcmc-mod4-");
        try
        {
            var unrelated = Path.Combine(dir.FullName, "keep.txt");
            File.WriteAllText(unrelated, "mine");
            var r = McmcMod4Runner.Run(Lme4Reference.FixturePath("lme4", "hsb12.csv"), dir.FullName,
                new McmcMod4Settings { Chains = 2, Iterations = 300, Warmup = 100, Seed = 7 }, TextWriter.Null);

            foreach (var f in McmcMod4Runner.Outputs) Assert.True(File.Exists(Path.Combine(dir.FullName, f)), f);
            Assert.Equal("mine", File.ReadAllText(unrelated));
            Assert.Equal(McmcMod4Runner.Outputs.Count + 1, Directory.GetFiles(dir.FullName).Length);

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "mcmc_summary.json")));
            Assert.Equal(2, json.RootElement.GetProperty("chains").GetInt32());
            Assert.Equal(300, json.RootElement.GetProperty("iterations").GetInt32());
            var names = json.RootElement.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            foreach (var p in McmcMod4Runner.Plotted) Assert.Contains(p, names);

            var draws = File.ReadAllLines(Path.Combine(dir.FullName, "mcmc_draws.csv"));
            Assert.StartsWith(".chain,.iteration,.draw,", draws[0]);
            Assert.Equal(1 + 2 * 200, draws.Length);

            // Every sampled parameter the REML fit also gives is compared, with REML's own values.
            Assert.Equal(r.Mcmc.ParameterNames.Count, r.Comparison.Count);
            Assert.Equal(r.Reml.Sigma, r.Comparison.Single(c => c.Name == "sigma").Reml);
            Assert.Equal(r.Reml.Covariances[0].Correlation(1, 0), r.Comparison.Single(c => c.Name == "cor_cses.(Intercept)|SCHOOL").Reml);
            // Near-normal posteriors under flat priors centre on REML; 0.5 posterior sd leaves room for 400 draws' Monte Carlo error.
            foreach (var c in r.Comparison.Where(c => r.Reml.FixedEffects.Any(f => f.Name == c.Name) || c.Name == "sigma"))
                Assert.True(Math.Abs(c.Mean - c.Reml) < 0.5 * c.Sd, $"{c.Name}: posterior mean {c.Mean} vs REML {c.Reml} (sd {c.Sd})");
            foreach (var c in r.Comparison) Assert.InRange(c.Median, c.Q2_5, c.Q97_5);

            Assert.Contains("post.median", File.ReadAllText(Path.Combine(dir.FullName, "mcmc_vs_reml.txt")));
            Assert.Equal(1 + r.Comparison.Count, File.ReadAllLines(Path.Combine(dir.FullName, "mcmc_vs_reml.csv")).Length);
            Assert.Contains("rhat", File.ReadAllText(Path.Combine(dir.FullName, "mcmc_summary.txt")));
            foreach (var png in McmcMod4Runner.Outputs.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
                FigureAssert.Png(Path.Combine(dir.FullName, png), ParameterPlots.Width, ParameterPlots.Height);
        }
        finally { dir.Delete(true); }
    }
}
