using System.Text.Json;
using Resampling.Glmm;
using Resampling.Numerics;
using Resampling.Tests.Support;
using Xunit;

namespace Resampling.Tests.Glmm;

/// <summary>
/// The analytic gradient of the adaptive Gauss–Hermite deviance (PirlsEvaluator.QuadratureGradient, docs/glmm.md §4)
/// against Richardson-refined central differences of the deviance, at seeded random (θ, β) around the fixtures'
/// estimates: cbpp with 25 nodes (logit, and probit for a non-canonical link), a Poisson with an offset and 9 nodes, a
/// Bernoulli random intercept with 9 and with 8 nodes (an even rule has no node at the mode) and a cloglog link.
/// Observed agreement: 10⁻¹¹ to 10⁻¹⁴ of the largest entry, 10⁻⁸ on the cloglog case, where the deviance's own noise
/// (PIRLS' tolerance under Fisher scoring) limits the differences.
/// </summary>
public class GlmmQuadratureGradientTests
{
    public static TheoryData<string, string, string, string?, int, int> Cases() => new()
    {
        { "cbpp_agq25", "cbpp.csv", "logit", null, 25, 1 },
        { "cbpp_agq25", "cbpp.csv", "probit", null, 25, 2 },
        { "poisson_offset_agq9", "poisson_offset.csv", "log", null, 9, 3 },
        { "bernoulli_slope", "bernoulli_slope.csv", "logit", "y ~ x + tr + (1|g)", 9, 4 },
        { "bernoulli_slope", "bernoulli_slope.csv", "logit", "y ~ x + tr + (1|g)", 8, 5 },
        { "bernoulli_slope", "bernoulli_slope.csv", "cloglog", "y ~ x + tr + (1|g)", 9, 6 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientInThetaAndBetaMatchesDifferences(string name, string csv, string link, string? formula, int nagq, int seed)
    {
        var r = JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("glmm", name + ".json"))).RootElement;
        var family = link == "log" ? GlmmFamily.Canonical(GlmmDistribution.Poisson)
            : new GlmmFamily(GlmmDistribution.Binomial, Enum.Parse<GlmmLink>(link, ignoreCase: true));
        var beta = r.GetProperty("beta").EnumerateObject().Select(b => b.Value.GetDouble()).ToArray();
        var se = r.GetProperty("se").EnumerateObject().Select(b => b.Value.GetDouble()).ToArray();
        double theta = Lme4Reference.Numbers(r.GetProperty("theta"))[0];
        var problem = GlmmProblem.Build(TestData.FixtureCsv("glmm", csv), formula ?? r.GetProperty("formula").GetString()!, family);
        var (nodes, weights) = GaussHermite.Rule(nagq);
        var rng = new Random(seed);
        for (int trial = 0; trial < 2; trial++)
        {
            var x = new double[1 + beta.Length];
            x[0] = theta * (0.7 + 0.6 * rng.NextDouble()) + 0.05;
            for (int j = 0; j < beta.Length; j++) x[1 + j] = beta[j] + 2 * se[j] * (rng.NextDouble() - 0.5);
            var pirls = new PirlsEvaluator(problem, joint: false);
            double Deviance(double[] at)
            {
                pirls.SetTheta(at.AsSpan(0, 1));
                pirls.SetBeta(at.AsSpan(1));
                pirls.Reset([]);
                pirls.Solve();
                return pirls.QuadratureDeviance(nodes, weights);
            }
            double value = Deviance(x);
            var analytic = new double[x.Length];
            Assert.True(pirls.QuadratureGradient(nodes, weights, analytic));
            // The gradient's pass leaves the deviance as it was.
            Assert.Equal(value, pirls.QuadratureDeviance(nodes, weights));
            double scale = Math.Max(1, analytic.Max(Math.Abs));
            for (int i = 0; i < x.Length; i++)
            {
                double numeric = RichardsonDerivatives.Partial(at => [Deviance(at)], x, i)[0];
                Assert.True(Math.Abs(analytic[i] - numeric) <= 1e-7 * scale, $"∂D/∂x[{i}]: analytic {analytic[i]:R}, differences {numeric:R}");
            }
        }
    }
}
