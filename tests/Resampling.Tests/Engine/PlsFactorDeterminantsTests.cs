using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Tests.Engine;

/// <summary>
/// <see cref="PlsFactor.FactorDeterminants"/> (docs/engine.md §8a): the criterion's pieces by the first block's levels
/// grouped by Z_j'Z_j, against the full factorisation on random crossed and partly nested random-intercept designs.
/// </summary>
public class PlsFactorDeterminantsTests
{
    public static TheoryData<int, string> Designs() => new()
    {
        { 1, "y ~ x + (1|stu) + (1|tch) + (1|s)" },
        { 2, "y ~ x + (1|stu) + (1|tch)" },
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void GroupedPiecesMatchTheFactor(int seed, string formula)
    {
        var design = MixedModelDesign.Build(Students(seed), FormulaParser.Parse(formula));
        var cp = new Crossproducts(design, RestFactorization.Sparse);
        var full = new PlsFactor(cp);
        var pieces = new PlsFactor(cp);
        Assert.True(pieces.GroupedDeterminants);
        var rng = new Random(11);
        for (int trial = 0; trial < 6; trial++)
        {
            var theta = Enumerable.Range(0, cp.ThetaCount).Select(_ => 0.05 + 3 * rng.NextDouble()).ToArray();
            if (trial == 4) theta[1] = 0; // a zero rest block
            if (trial == 5) theta[0] = 0; // a zero first block
            full.Factor(theta);
            pieces.FactorDeterminants(theta);
            Assert.True(full.Ok && pieces.Ok);
            AssertRelative(full.LogDetLZ, pieces.LogDetLZ, 1e-12, "log|L_Z|²");
            AssertRelative(full.LogDetRX, pieces.LogDetRX, 1e-10, "log|R_X|²");
            AssertRelative(full.Pwrss, pieces.Pwrss, 1e-10, "r²");
            // The blocks were not filled: nothing may take them for this θ's factor.
            Assert.False(pieces.FactoredAt(theta));
            Assert.Equal(full.Objective(theta, true), pieces.Objective(theta, true));
        }
    }

    [Fact]
    public void GroupedPiecesFollowANewResponse()
    {
        var design = MixedModelDesign.Build(Students(3), FormulaParser.Parse("y ~ x + (1|stu) + (1|tch) + (1|s)"));
        var cp = new Crossproducts(design, RestFactorization.Sparse);
        var pieces = new PlsFactor(cp);
        var theta = new[] { 0.7, 0.4, 0.9 };
        pieces.FactorDeterminants(theta);
        double before = pieces.Pwrss;
        var rng = new Random(3);
        cp.ReplaceResponse(design.Y.Select(v => v + rng.NextDouble()).ToArray());
        var full = new PlsFactor(cp);
        full.Factor(theta);
        pieces.FactorDeterminants(theta);
        Assert.NotEqual(before, pieces.Pwrss);
        AssertRelative(full.Pwrss, pieces.Pwrss, 1e-10, "r² after the response changed");
        AssertRelative(full.LogDetRX, pieces.LogDetRX, 1e-10, "log|R_X|² after the response changed");
    }

    [Theory]
    [InlineData("y ~ x + (1|a) + (1|b) + (1|c)", false)]
    [InlineData("y ~ x + (x|a) + (x|b) + (1|c)", true)]
    public void OtherLayoutsTakeTheFactor(string formula, bool sparse)
    {
        var design = MixedModelDesign.Build(SparseRestTests.Data("crossed"), FormulaParser.Parse(formula));
        var cp = new Crossproducts(design, sparse ? RestFactorization.Sparse : RestFactorization.Dense);
        var full = new PlsFactor(cp);
        var pieces = new PlsFactor(cp);
        Assert.False(pieces.GroupedDeterminants);
        var theta = LinearMixedModel.ThetaLowerBounds(cp).Select(l => l == 0 ? 0.8 : 0.1).ToArray();
        full.Factor(theta);
        pieces.FactorDeterminants(theta);
        Assert.True(pieces.FactoredAt(theta));
        Assert.Equal(full.LogDetLZ, pieces.LogDetLZ);
        Assert.Equal(full.LogDetRX, pieces.LogDetRX);
        Assert.Equal(full.Pwrss, pieces.Pwrss);
    }

    /// <summary>
    /// Many students (1–3 rows each, one per grade, each with a random teacher) over few teachers nested in schools: the
    /// shape where the groups are cheaper than the pass over the levels (students × teachers × schools).
    /// </summary>
    private static DataTable Students(int seed)
    {
        var rng = new Random(seed);
        double N() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var teacherEffect = Enumerable.Range(0, 100).Select(_ => 0.5 * N()).ToArray();
        var schoolOf = Enumerable.Range(0, 100).Select(_ => rng.Next(10)).ToArray();
        var y = new List<double>();
        var x = new List<double>();
        var stu = new List<string?>();
        var tch = new List<string?>();
        var sch = new List<string?>();
        for (int st = 0; st < 2500; st++)
        {
            double u = N();
            for (int g = 0, ng = 1 + rng.Next(3); g < ng; g++)
            {
                int t = rng.Next(100);
                double xi = N();
                x.Add(xi);
                y.Add(1 + 0.5 * xi + u + teacherEffect[t] + N());
                stu.Add($"u{st}");
                tch.Add($"t{t}");
                sch.Add($"s{schoolOf[t]}");
            }
        }
        return new DataTable([DataColumn.FromNumbers("y", [.. y]), DataColumn.FromNumbers("x", [.. x]),
            DataColumn.FromTexts("stu", [.. stu]), DataColumn.FromTexts("tch", [.. tch]), DataColumn.FromTexts("s", [.. sch])]);
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Abs(expected), $"{what}: factor {expected:R}, pieces {actual:R}");
}
