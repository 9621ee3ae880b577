using System.Text.Json;
using Resampling.Ranking;
using Resampling.Tests.Support;

namespace Resampling.Tests.Ranking;

/// <summary>
/// Rank confidence sets against an independent R implementation of the Mogstad–Romano–Shaikh–Wilhelm procedure
/// (Fixtures/ranking/generate.R) run on the same estimates, covariance and simulated errors.
/// </summary>
public class ConfidenceSetTests
{
    public static TheoryData<int, bool> Cases() => new() { { 0, true }, { 0, false }, { 1, true }, { 1, false } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SetsAreTheReferenceImplementations(int caseIndex, bool stepdown)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("ranking", "confidence_sets.json")));
        var c = doc.RootElement[caseIndex];
        var x = c.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var sigma = Matrix(c.GetProperty("Sigma"));
        var z = Matrix(c.GetProperty("Z"));
        var r = RankConfidenceSets.Compute(x, sigma, z, 0.95, stepdown);
        var expected = c.GetProperty(stepdown ? "stepdown" : "singlestep");
        Assert.Equal(Ints(expected.GetProperty("simLower")), r.SimultaneousLower);
        Assert.Equal(Ints(expected.GetProperty("simUpper")), r.SimultaneousUpper);
        Assert.Equal(Ints(expected.GetProperty("margLower")), r.MarginalLower);
        Assert.Equal(Ints(expected.GetProperty("margUpper")), r.MarginalUpper);
        for (int j = 0; j < x.Length; j++)
        {
            Assert.True(r.SimultaneousLower[j] <= r.MarginalLower[j] && r.MarginalUpper[j] <= r.SimultaneousUpper[j], "marginal ⊂ simultaneous");
            int rank = 1 + x.Count(v => v > x[j]);
            Assert.InRange(rank, r.MarginalLower[j], r.MarginalUpper[j]);
        }
    }

    [Fact]
    public void SeededSetsAreReproducibleAndShrinkWithPrecision()
    {
        double[] x = [3, 2, 1, 0, -1];
        double[,] wide = new double[5, 5], narrow = new double[5, 5];
        for (int j = 0; j < 5; j++) { wide[j, j] = 1; narrow[j, j] = 0.01; }
        var a = RankConfidenceSets.Compute(x, wide, seed: 5, draws: 2000);
        var b = RankConfidenceSets.Compute(x, wide, seed: 5, draws: 2000);
        Assert.Equal(a.SimultaneousUpper, b.SimultaneousUpper);
        var n = RankConfidenceSets.Compute(x, narrow, seed: 5, draws: 2000);
        Assert.Equal([1, 2, 3, 4, 5], n.SimultaneousLower);
        Assert.Equal([1, 2, 3, 4, 5], n.SimultaneousUpper);
        Assert.True(a.SimultaneousUpper[0] > 1);
    }

    private static double[,] Matrix(JsonElement e)
    {
        var rows = e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var m = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++) for (int j = 0; j < rows[0].Length; j++) m[i, j] = rows[i][j];
        return m;
    }

    private static int[] Ints(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();
}
