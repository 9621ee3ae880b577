using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Tests.Engine;

/// <summary>
/// <see cref="PlsFactor.ResponseColumn"/>: a factor made on one response gives another response's column of the factor,
/// and so the effects given that response, as a factorisation on that response's cross-products would (the type III
/// bootstrap draws given the original y with the refit's factor on y*). Every layout the factor has: one block (scalar,
/// pairs), a scalar first block with scalar rest blocks (sparse and dense), vector blocks, nested.
/// </summary>
public class PlsFactorResponseColumnTests
{
    public static TheoryData<string, string, bool> Layouts() => new()
    {
        { "crossed", "y ~ x + (1|a)", false },
        { "crossed", "y ~ x + (x|a)", false },
        { "crossed", "y ~ x + (1|a) + (1|b) + (1|c)", true },
        { "crossed", "y ~ x + (1|a) + (1|b) + (1|c)", false },
        { "crossed", "y ~ x + (x|a) + (x|b) + (1|c)", true },
        { "nested", "y ~ x + (x|s/k)", true },
        { "nested", "y ~ x + (1|s/k)", false },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void AnotherResponsesEffectsEqualItsOwnFactors(string data, string formula, bool sparse)
    {
        AnotherResponsesEffectsEqualItsOwnFactorsAt(data, formula, sparse, singular: false);
        // A singular refit (a variance at zero, as bootstrap refits often are).
        AnotherResponsesEffectsEqualItsOwnFactorsAt(data, formula, sparse, singular: true);
    }

    private static void AnotherResponsesEffectsEqualItsOwnFactorsAt(string data, string formula, bool sparse, bool singular)
    {
        var design = MixedModelDesign.Build(SparseRestTests.Data(data), FormulaParser.Parse(formula));
        var original = new Crossproducts(design, sparse ? RestFactorization.Sparse : RestFactorization.Dense);
        var rng = new Random(5);
        var other = original.WithResponse(design.Y.Select(v => 2 * v + 3 * rng.NextDouble() - 1).ToArray());
        var theta = LinearMixedModel.ThetaLowerBounds(original).Select(l => l == 0 ? 0.3 + rng.NextDouble() : 0.2 * rng.NextDouble() - 0.1).ToArray();
        if (singular) theta[^1] = 0; // the last entry is a diagonal one (lower bound 0)
        var onOther = new PlsFactor(other);
        onOther.Factor(theta);
        var onOriginal = new PlsFactor(original);
        onOriginal.Factor(theta);
        Assert.True(onOther.Ok && onOriginal.Ok);

        int q1 = original.Q1, qr = original.QRest;
        var (ly1, ly2) = (new double[q1], new double[qr]);
        onOther.ResponseColumn(original, ly1, ly2);
        var beta = Enumerable.Range(0, original.P).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var z1 = Enumerable.Range(0, q1).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var z2 = Enumerable.Range(0, qr).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var (a1, a2) = (new double[q1], new double[qr]);
        var (b1, b2) = (new double[q1], new double[qr]);
        onOriginal.BackSubstituteEffects(beta, 0.7, z1, z2, a1, a2);
        onOther.BackSubstituteEffects(beta, 0.7, z1, z2, b1, b2, ly1, ly2);
        double scale = a1.Concat(a2).Max(Math.Abs);
        Assert.True(scale > 0);
        for (int i = 0; i < q1; i++) Assert.True(Math.Abs(a1[i] - b1[i]) <= 1e-12 * scale, $"u1[{i}]: {a1[i]:R} against {b1[i]:R}");
        for (int i = 0; i < qr; i++) Assert.True(Math.Abs(a2[i] - b2[i]) <= 1e-12 * scale, $"u2[{i}]: {a2[i]:R} against {b2[i]:R}");

        // The factor's own column is untouched: without the given column it still solves for its own response.
        var (c1, c2) = (new double[q1], new double[qr]);
        var (d1, d2) = (new double[q1], new double[qr]);
        onOther.BackSubstituteEffects(beta, 0, [], [], c1, c2);
        var reference = new PlsFactor(other);
        reference.Factor(theta);
        reference.BackSubstituteEffects(beta, 0, [], [], d1, d2);
        Assert.Equal(d1, c1);
        Assert.Equal(d2, c2);
    }

    [Fact]
    public void CrossproductsOfAnotherDesignAreRefused()
    {
        var table = SparseRestTests.Data("crossed");
        var cp = new Crossproducts(MixedModelDesign.Build(table, FormulaParser.Parse("y ~ x + (1|a) + (1|b)")));
        var otherDesign = new Crossproducts(MixedModelDesign.Build(table, FormulaParser.Parse("y ~ x + (1|a) + (1|b)")));
        var pls = new PlsFactor(cp);
        pls.Factor([0.5, 0.5]);
        Assert.Throws<ArgumentException>(() => pls.ResponseColumn(otherDesign, new double[cp.Q1], new double[cp.QRest]));
    }
}
