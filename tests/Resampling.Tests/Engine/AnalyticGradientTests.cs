using Resampling.Engine;
using Resampling.Tests.Support;

namespace Resampling.Tests.Engine;

/// <summary>
/// The analytic gradient of the profiled objective against central differences, at the optimum and at points away from
/// it (where the gradient is large and every term of it matters), REML and ML, for every one-factor reference model:
/// scalar, pair and 3×3 blocks, merged <c>(x||g)</c> blocks, singular fits.
/// </summary>
public class AnalyticGradientTests
{
    public static TheoryData<string, string> OneFactorFixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var (folder, file) in Lme4ReferenceTests.Fixtures().Select(r => ((string)r[0], (string)r[1])))
        {
            var (_, model) = Lme4ReferenceTests.FitReference(folder, file);
            if (new PlsGradient(new PlsFactor(model.Crossproducts)).HasAnalyticGradient) data.Add(folder, file);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OneFactorFixtures))]
    public void MatchesCentralDifferencesAtAndAwayFromTheOptimum(string folder, string file)
    {
        var (_, model) = Lme4ReferenceTests.FitReference(folder, file);
        var pls = new PlsFactor(model.Crossproducts);
        var rng = new Random(17);
        var points = new List<double[]> { model.Theta.ToArray() };
        for (int i = 0; i < 3; i++)
            points.Add(model.Theta.Select((v, k) => IsDiagonal(model, k)
                ? Math.Abs(v) + 0.2 + rng.NextDouble() : v + rng.NextDouble() - 0.5).ToArray());
        foreach (bool reml in new[] { true, false })
            foreach (var theta in points)
            {
                pls.Factor(theta);
                Assert.True(pls.Ok);
                var g = new double[theta.Length];
                Assert.True(new PlsGradient(pls).TryGradient(reml, g));
                for (int k = 0; k < theta.Length; k++)
                {
                    double fd = CentralDifferences(pls, theta, k, reml).MinBy(d => Math.Abs(d - g[k]));
                    double scale = Math.Max(1, Math.Abs(fd));
                    Assert.True(Math.Abs(g[k] - fd) <= 2e-6 * scale,
                        $"{file} reml={reml} θ=[{string.Join(", ", theta)}] k={k}: analytic {g[k]}, differences {fd}");
                }
            }
    }

    [Fact]
    public void IsNotOfferedForCrossedFactors()
    {
        var (_, model) = Lme4ReferenceTests.FitReference("lme4extra", "penicillin_crossed_reml.json");
        var pls = new PlsFactor(model.Crossproducts);
        pls.Factor(model.Theta);
        Assert.False(new PlsGradient(pls).HasAnalyticGradient);
        Assert.False(new PlsGradient(pls).TryGradient(true, new double[model.Theta.Count]));
    }

    private static bool IsDiagonal(LinearMixedModel model, int k) => LinearMixedModel.ThetaLowerBounds(model.Crossproducts)[k] == 0;

    /// <summary>
    /// Central differences with one Richardson step at step sizes 1e-2 … 1e-7 (relative). No single step suits every
    /// model: badly scaled ones have third derivatives so large that h = 1e-5 is off in the fourth digit, and objectives
    /// noisy enough in the tenth digit that much smaller steps are worse. The caller takes the closest estimate: a wrong
    /// gradient agrees with none of them to the tolerance asked.
    /// </summary>
    internal static double[] CentralDifferences(PlsFactor pls, double[] theta, int k, bool reml)
    {
        double scale = Math.Max(1, Math.Abs(theta[k]));
        return Enumerable.Range(2, 6).Select(e =>
        {
            double h = Math.Pow(10, -e) * scale;
            return (4 * Central(pls, theta, k, reml, h / 2) - Central(pls, theta, k, reml, h)) / 3;
        }).ToArray();
    }

    private static double Central(PlsFactor pls, double[] theta, int k, bool reml, double h)
    {
        // The objective is even in each diagonal θ, so stepping below a zero bound is harmless here.
        var x = (double[])theta.Clone();
        x[k] = theta[k] + h;
        double fp = pls.Objective(x, reml);
        x[k] = theta[k] - h;
        double fm = pls.Objective(x, reml);
        return (fp - fm) / (2 * h);
    }
}
