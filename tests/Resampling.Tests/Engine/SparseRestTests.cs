using System.Diagnostics;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Tests.Engine;

/// <summary>
/// The sparse factorisation of the rest blocks' Schur complement against the dense one (docs/engine.md §8), both
/// forced, on random designs: crossed, nested, partly nested, random slopes on several factors. Same objective (1e-10
/// relative) at θ away from and at the optimum, same β̂, θ̂ after fitting, same modes and conditional variances.
/// </summary>
public class SparseRestTests
{
    public static TheoryData<string, string> Designs() => new()
    {
        { "crossed", "y ~ x + (1|a) + (1|b)" },
        { "crossed", "y ~ x + (1|a) + (1|b) + (1|c)" },
        { "nested", "y ~ x + (1|s/k)" },
        { "partly", "y ~ x + (1|stu) + (1|tch) + (1|s)" },
        { "crossed", "y ~ x + (x|a) + (x|b) + (1|c)" },
        { "nested", "y ~ x + (x|s/k)" },
        { "partly", "y ~ x + (1|stu) + (x||tch) + (x|s)" },
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void SparseObjectiveMatchesDense(string data, string formula)
    {
        var design = MixedModelDesign.Build(Data(data), FormulaParser.Parse(formula));
        var dense = new PlsFactor(new Crossproducts(design, RestFactorization.Dense));
        var sparse = new PlsFactor(new Crossproducts(design, RestFactorization.Sparse));
        Assert.NotNull(sparse.Crossproducts.Schur);
        Assert.Null(dense.Crossproducts.Schur);
        var lower = LinearMixedModel.ThetaLowerBounds(dense.Crossproducts);
        var rng = new Random(5);
        for (int trial = 0; trial < 4; trial++)
        {
            var theta = lower.Select(l => l == 0 ? 0.1 + 2 * rng.NextDouble() : rng.NextDouble() - 0.5).ToArray();
            if (trial == 3) theta = lower.Select((l, k) => l == 0 && k == 0 ? 0.0 : l == 0 ? 1.0 : 0.0).ToArray(); // a zero block
            foreach (bool reml in new[] { true, false })
            {
                double d = dense.Objective(theta, reml), s = sparse.Objective(theta, reml);
                Assert.True(Math.Abs(d - s) <= 1e-10 * Math.Abs(d), $"{formula} θ=[{string.Join(", ", theta)}] reml={reml}: dense {d}, sparse {s}");
            }
            var (bd, u1d, u2d) = dense.Solve();
            var (bs, u1s, u2s) = sparse.Solve();
            AssertClose(bd, bs, 1e-9, "β");
            AssertClose(u1d, u1s, 1e-9, "u1");
            AssertClose(u2d, u2s, 1e-9, "u rest");
            var cd = dense.SphericalConditionalCovariances();
            var cs = sparse.SphericalConditionalCovariances();
            for (int b = 0; b < cd.Length; b++)
                for (int l = 0; l < cd[b].Length; l++) AssertClose(cd[b][l], cs[b][l], 1e-9, $"condVar block {b} level {l}");
            var blocks = dense.Crossproducts.Blocks;
            for (int b = 0; b < blocks.Count; b++)
            {
                var coef = Enumerable.Repeat(1.0, blocks[b].Size).ToArray();
                var fixedCoef = Enumerable.Repeat(1.0, dense.Crossproducts.P).ToArray();
                var pd = PredictionErrors.Covariance(dense, b, coef, fixedCoef, true);
                var ps = PredictionErrors.Covariance(sparse, b, coef, fixedCoef, true);
                AssertClose(pd.Cast<double>().ToArray(), ps.Cast<double>().ToArray(), 1e-9, $"prediction errors block {b}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void SparseFitMatchesDense(string data, string formula)
    {
        var design = MixedModelDesign.Build(Data(data), FormulaParser.Parse(formula));
        var dense = LinearMixedModel.Fit(new Crossproducts(design, RestFactorization.Dense), FitOptions.Default, Stopwatch.StartNew());
        var sparse = LinearMixedModel.Fit(new Crossproducts(design, RestFactorization.Sparse), FitOptions.Default, Stopwatch.StartNew());
        Assert.True(Math.Abs(dense.Objective - sparse.Objective) <= 1e-10 * Math.Abs(dense.Objective),
            $"{formula}: dense {dense.Objective}, sparse {sparse.Objective}");
        AssertClose(dense.Theta.ToArray(), sparse.Theta.ToArray(), 1e-5, "θ");
        AssertClose(dense.FixedEffects.Select(f => f.Estimate).ToArray(), sparse.FixedEffects.Select(f => f.Estimate).ToArray(), 1e-6, "β");
    }

    [Fact]
    public void AutomaticChoiceIsDenseForSmallAndSparseForLargeRestBlocks()
    {
        var small = MixedModelDesign.Build(Data("crossed"), FormulaParser.Parse("y ~ x + (1|a) + (1|b)"));
        Assert.False(new Crossproducts(small).SparseRest);
        var large = MixedModelDesign.Build(Data("partly"), FormulaParser.Parse("y ~ x + (1|stu) + (1|tch) + (1|s)"));
        Assert.True(new Crossproducts(large).SparseRest);
    }

    [Fact]
    public void RefusesAFactorLargerThanTheMemoryLimitBeforeAnyNumericWork()
    {
        var design = MixedModelDesign.Build(Data("partly"), FormulaParser.Parse("y ~ x + (1|stu) + (1|tch) + (1|s)"));
        var cp = new Crossproducts(design, RestFactorization.Sparse);
        Assert.True(cp.Schur!.EstimatedBytes > 0);
        var e = Assert.Throws<ModelException>(() => RestSchur.Build(cp, memoryLimit: 1000));
        Assert.Contains("would need about", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.NotNull(RestSchur.Build(cp, long.MaxValue));
    }

    private static void AssertClose(double[] a, double[] b, double tol, string what)
    {
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= tol * Math.Max(1, Math.Abs(a[i])), $"{what}[{i}]: dense {a[i]}, sparse {b[i]}");
    }

    /// <summary>
    /// crossed: 60 a × 40 b (and 7 c) levels, each row a random cell; nested: classes k (labels repeat) in 25 schools s;
    /// partly: 150 students stu each taught by 1–4 of 110 teachers tch, teachers in 12 schools s (a student may change
    /// school). Responses with effects of every factor and of x.
    /// </summary>
    internal static DataTable Data(string kind)
    {
        var rng = new Random(kind.Length * 31 + 7);
        var cols = new Dictionary<string, List<string?>>();
        var y = new List<double>();
        var x = new List<double>();
        double N() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var effects = new Dictionary<string, double>();
        double E(string key, double sd) => effects.TryGetValue(key, out var v) ? v : effects[key] = sd * N();
        void Row(double xi, double extra, params (string Name, string Level)[] factors)
        {
            foreach (var (name, level) in factors)
            {
                if (!cols.TryGetValue(name, out var list)) cols[name] = list = [];
                list.Add(level);
            }
            x.Add(xi);
            y.Add(1 + 0.5 * xi + extra + factors.Sum(f => E(f.Name + f.Level, 1) + xi * E("x" + f.Name + f.Level, 0.4)) + N());
        }
        switch (kind)
        {
            case "crossed":
                for (int i = 0; i < 700; i++)
                    Row(N(), 0, ("a", $"a{rng.Next(60)}"), ("b", $"b{rng.Next(40)}"), ("c", $"c{rng.Next(7)}"));
                break;
            case "nested":
                for (int s = 0; s < 25; s++)
                    for (int k = 0, nk = 2 + rng.Next(4); k < nk; k++)
                        for (int i = 0, ni = 2 + rng.Next(6); i < ni; i++)
                            Row(N(), E($"sk{s}:{k}", 1), ("s", $"s{s}"), ("k", $"k{k}"));
                break;
            default:
                var school = Enumerable.Range(0, 110).Select(_ => rng.Next(12)).ToArray();
                for (int st = 0; st < 150; st++)
                    for (int g = 0, ng = 1 + rng.Next(4); g < ng; g++)
                    {
                        int t = rng.Next(110);
                        for (int i = 0, ni = 1 + rng.Next(3); i < ni; i++)
                            Row(N(), 0, ("stu", $"u{st}"), ("tch", $"t{t}"), ("s", $"s{school[t]}"));
                    }
                break;
        }
        var columns = new List<DataColumn> { DataColumn.FromNumbers("y", y.ToArray()), DataColumn.FromNumbers("x", x.ToArray()) };
        columns.AddRange(cols.Select(c => DataColumn.FromTexts(c.Key, c.Value.ToArray())));
        return new DataTable(columns);
    }
}
