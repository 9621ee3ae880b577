using System.Text.Json;
using Resampling.Glmm;
using Resampling.Numerics;
using Resampling.Tests.Support;
using Xunit;

namespace Resampling.Tests.Glmm;

/// <summary>
/// The analytic gradient of the Laplace deviance (PirlsEvaluator.LaplaceGradient, docs/glmm.md §6) against
/// Richardson-refined central differences of the deviance itself, at seeded random (θ, β) around glmer's optimum of
/// each fixture: canonical and non-canonical links, vector and crossed terms, an offset, and the joint (u, β) mode of
/// the first stage.
/// </summary>
public class GlmmGradientTests
{
    public static TheoryData<string, string, string, int> Cases() => new()
    {
        { "cbpp_laplace", "cbpp.csv", "logit", 1 },
        { "cbpp_probit", "cbpp.csv", "probit", 2 },
        { "grouseticks", "grouseticks.csv", "log", 3 },
        { "bernoulli_slope", "bernoulli_slope.csv", "logit", 4 },
        { "bernoulli_cloglog", "bernoulli_slope.csv", "cloglog", 5 },
        { "poisson_offset", "poisson_offset.csv", "log", 6 },
    };

    private static GlmmProblem Problem(string name, string csv, string link, out double[] theta, out double[] beta, out double[] se)
    {
        var r = JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("glmm", name + ".json"))).RootElement;
        var family = link == "log" ? GlmmFamily.Canonical(GlmmDistribution.Poisson)
            : new GlmmFamily(GlmmDistribution.Binomial, Enum.Parse<GlmmLink>(link, ignoreCase: true));
        theta = Lme4Reference.Numbers(r.GetProperty("theta"));
        beta = r.GetProperty("beta").EnumerateObject().Select(b => b.Value.GetDouble()).ToArray();
        se = r.GetProperty("se").EnumerateObject().Select(b => b.Value.GetDouble()).ToArray();
        return GlmmProblem.Build(TestData.FixtureCsv("glmm", csv), r.GetProperty("formula").GetString()!, family);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientInThetaAndBetaMatchesDifferences(string name, string csv, string link, int seed)
    {
        var problem = Problem(name, csv, link, out var theta, out var beta, out var se);
        var rng = new Random(seed);
        int nt = theta.Length;
        for (int trial = 0; trial < 2; trial++)
        {
            var x = new double[nt + beta.Length];
            for (int i = 0; i < nt; i++) x[i] = theta[i] * (0.7 + 0.6 * rng.NextDouble()) + 0.05 * (rng.NextDouble() - 0.5);
            for (int j = 0; j < beta.Length; j++) x[nt + j] = beta[j] + 2 * se[j] * (rng.NextDouble() - 0.5);
            var pirls = new PirlsEvaluator(problem, joint: false);
            double Deviance(double[] at)
            {
                pirls.SetTheta(at.AsSpan(0, nt));
                pirls.SetBeta(at.AsSpan(nt));
                pirls.Reset([]);
                pirls.Solve();
                return pirls.LaplaceDeviance();
            }
            Deviance(x);
            var analytic = new double[x.Length];
            Assert.True(pirls.LaplaceGradient(analytic));
            AssertMatches(Deviance, x, analytic);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void JointModeGradientInThetaMatchesDifferences(string name, string csv, string link, int seed)
    {
        var problem = Problem(name, csv, link, out var theta, out var beta, out _);
        var rng = new Random(100 + seed);
        var x = theta.Select(t => t * (0.6 + 0.8 * rng.NextDouble()) + 0.05).ToArray();
        var pirls = new PirlsEvaluator(problem, joint: true);
        double Deviance(double[] at)
        {
            pirls.SetTheta(at);
            pirls.Reset(beta);
            pirls.Solve();
            return pirls.LaplaceDeviance();
        }
        Deviance(x);
        var analytic = new double[x.Length];
        Assert.True(pirls.LaplaceGradient(analytic));
        AssertMatches(Deviance, x, analytic);
    }

    private static void AssertMatches(Func<double[], double> f, double[] x, double[] analytic)
    {
        double scale = Math.Max(1, analytic.Max(Math.Abs));
        for (int i = 0; i < x.Length; i++)
        {
            double numeric = RichardsonDerivatives.Partial(at => [f(at)], x, i)[0];
            Assert.True(Math.Abs(analytic[i] - numeric) <= 1e-6 * scale, $"∂D/∂x[{i}]: analytic {analytic[i]:R}, differences {numeric:R}");
        }
    }
}
