using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Tests.Support;

namespace Resampling.Tests.Engine;

/// <summary>
/// The several-factor analytic gradient (docs/engine.md §9) against central differences, as
/// <see cref="AnalyticGradientTests"/> does for one factor: every lme4 reference model with more than one grouping
/// factor (crossed, nested, a second factor beside a slope), and random designs through both the dense and the sparse
/// factorisation of the rest blocks, at θ̂ or a mid point, at random θ, and at θ with a zero block; REML and ML.
/// </summary>
public class MultiFactorGradientTests
{
    public static TheoryData<string, string> SeveralFactorFixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var (folder, file) in Lme4ReferenceTests.Fixtures().Select(r => ((string)r[0], (string)r[1])))
        {
            var (_, model) = Lme4ReferenceTests.FitReference(folder, file);
            if (new PlsMultiFactorGradient(new PlsFactor(model.Crossproducts)).Applies) data.Add(folder, file);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SeveralFactorFixtures))]
    public void MatchesCentralDifferencesOnReferenceModels(string folder, string file)
    {
        var (_, model) = Lme4ReferenceTests.FitReference(folder, file);
        AssertMatches(model.Crossproducts, model.Theta.ToArray(), file);
    }

    public static TheoryData<string, string, bool> Designs()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var row in SparseRestTests.Designs())
            foreach (bool sparse in new[] { false, true }) data.Add((string)row[0], (string)row[1], sparse);
        return data;
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void MatchesCentralDifferencesOnDenseAndSparseRestPaths(string data, string formula, bool sparse)
    {
        var design = MixedModelDesign.Build(SparseRestTests.Data(data), FormulaParser.Parse(formula));
        var cp = new Crossproducts(design, sparse ? RestFactorization.Sparse : RestFactorization.Dense);
        Assert.Equal(sparse, cp.Schur is not null);
        var lower = LinearMixedModel.ThetaLowerBounds(cp);
        AssertMatches(cp, lower.Select(l => l == 0 ? 0.8 : 0.1).ToArray(), formula);
    }

    [Fact]
    public void DenseAndSparsePathsGiveTheSameGradient()
    {
        var design = MixedModelDesign.Build(SparseRestTests.Data("partly"), FormulaParser.Parse("y ~ x + (1|stu) + (x||tch) + (x|s)"));
        var dense = new PlsFactor(new Crossproducts(design, RestFactorization.Dense));
        var sparse = new PlsFactor(new Crossproducts(design, RestFactorization.Sparse));
        var lower = LinearMixedModel.ThetaLowerBounds(dense.Crossproducts);
        var rng = new Random(3);
        var theta = lower.Select(l => l == 0 ? 0.1 + 2 * rng.NextDouble() : rng.NextDouble() - 0.5).ToArray();
        foreach (bool reml in new[] { true, false })
        {
            var gd = new double[theta.Length];
            var gs = new double[theta.Length];
            Assert.True(new PlsMultiFactorGradient(dense).TryGradient(theta, reml, gd));
            Assert.True(new PlsMultiFactorGradient(sparse).TryGradient(theta, reml, gs));
            for (int k = 0; k < theta.Length; k++)
                Assert.True(Math.Abs(gd[k] - gs[k]) <= 1e-10 * Math.Max(1, Math.Abs(gd[k])), $"reml={reml} k={k}: dense {gd[k]}, sparse {gs[k]}");
        }
    }

    [Fact]
    public void IsNotOfferedForOneFactor()
    {
        var (_, model) = Lme4ReferenceTests.FitReference("lme4extra", "dyestuff_reml.json");
        var pls = new PlsFactor(model.Crossproducts);
        Assert.False(new PlsMultiFactorGradient(pls).Applies);
        Assert.Null(new PlsMultiFactorGradient(pls).Function(true));
    }

    /// <summary>At θ0, at three random points around it, and at θ0 with its first diagonal entry zero (a singular T).</summary>
    private static void AssertMatches(Crossproducts cp, double[] theta0, string what)
    {
        var pls = new PlsFactor(cp);
        var gradient = new PlsMultiFactorGradient(pls);
        var lower = LinearMixedModel.ThetaLowerBounds(cp);
        var rng = new Random(17);
        var points = new List<double[]> { theta0 };
        for (int i = 0; i < 3; i++)
            points.Add(theta0.Select((v, k) => lower[k] == 0 ? Math.Abs(v) + 0.2 + rng.NextDouble() : v + rng.NextDouble() - 0.5).ToArray());
        var zero = (double[])points[1].Clone();
        zero[Array.IndexOf(lower, 0.0)] = 0;
        points.Add(zero);
        foreach (bool reml in new[] { true, false })
            foreach (var theta in points)
            {
                pls.Factor(theta);
                Assert.True(pls.Ok);
                var g = new double[theta.Length];
                Assert.True(gradient.TryGradient(reml, g));
                for (int k = 0; k < theta.Length; k++)
                {
                    double fd = CentralDifferences(pls, theta, k, reml).MinBy(d => Math.Abs(d - g[k]));
                    double scale = Math.Max(1, Math.Abs(fd));
                    Assert.True(Math.Abs(g[k] - fd) <= 2e-6 * scale,
                        $"{what} reml={reml} θ=[{string.Join(", ", theta)}] k={k}: analytic {g[k]}, differences {fd}");
                }
            }
    }

    private static double[] CentralDifferences(PlsFactor pls, double[] theta, int k, bool reml) =>
        AnalyticGradientTests.CentralDifferences(pls, theta, k, reml);
}
