using Resampling.Data;
using Resampling.Engine;
using Resampling.Tests.Support;

namespace Resampling.Tests.Engine;

/// <summary>
/// The large crossed and nested reference fits of Fixtures/scale (issue 11), fitted through the sparse factorisation
/// of the rest blocks: objective to 2e-7 relative and never worse than lme4's by more, θ, σ and β (to 1e-3 of its SE).
/// Shared by the fast suite (HSB) and the slow one (InstEval).
/// </summary>
internal static class ScaleReference
{
    // insteval.csv's categorical columns look numeric: read them as factors, as the CLI's --factor does.
    private static readonly string[] InstEvalFactors = ["s", "d", "studage", "lectage", "service", "dept"];

    /// <param name="file">The fixture.</param>
    /// <param name="thetaTolerance">Absolute (relative above 1) tolerance on θ.</param>
    /// <param name="sameGrouping">
    /// θ offsets of two (intercept, slope) terms whose factors split the rows identically (HSB's SECTOR is constant
    /// within SCHOOL, so SECTOR:SCHOOL and SCHOOL are the same partition): only the sum of their relative covariances
    /// T T' is identified, and that sum is compared instead of their θ.
    /// </param>
    public static LinearMixedModel FitAndCheck(string file, double thetaTolerance, (int A, int B)? sameGrouping = null)
    {
        var r = Lme4Reference.Load("scale", file);
        var data = file.StartsWith("insteval", StringComparison.Ordinal)
            ? InstEvalFactors.Aggregate(TestData.FixtureCsv("scale", "insteval.csv"), (t, c) => t.WithTextColumn(c))
            : CsvTableReader.Read(Lme4Reference.FixturePath("lme4extra", "hsb12.csv"));
        var m = LinearMixedModel.Fit(data, r.Formula, new FitOptions { Reml = r.Reml });
        Assert.True(m.Crossproducts.SparseRest, $"{file}: expected the sparse path");
        double rel = (m.Objective - r.Objective) / Math.Abs(r.Objective);
        Assert.True(Math.Abs(rel) <= 2e-7 || rel < 0, $"{file}: objective {m.Objective}, lme4 {r.Objective} (relative {rel:E2})");
        var theta = m.Theta.ToArray();
        Assert.Equal(r.Theta.Length, theta.Length);
        for (int k = 0; k < theta.Length; k++)
            if (sameGrouping is not { } g || (k - g.A is < 0 or > 2 && k - g.B is < 0 or > 2))
                Assert.True(Math.Abs(theta[k] - r.Theta[k]) <= thetaTolerance * Math.Max(1, Math.Abs(r.Theta[k])),
                    $"{file}: θ[{k}] {theta[k]}, lme4 {r.Theta[k]}");
        if (sameGrouping is { } same)
        {
            var mine = PairCovariance(theta, same.A).Zip(PairCovariance(theta, same.B), (x, y) => x + y).ToArray();
            var theirs = PairCovariance(r.Theta, same.A).Zip(PairCovariance(r.Theta, same.B), (x, y) => x + y).ToArray();
            for (int k = 0; k < 3; k++)
                Assert.True(Math.Abs(mine[k] - theirs[k]) <= thetaTolerance * Math.Max(1, Math.Abs(theirs[k])),
                    $"{file}: summed covariance [{k}] {mine[k]}, lme4 {theirs[k]}");
        }
        Assert.True(Math.Abs(m.Sigma - r.Sigma) <= 1e-4 * r.Sigma, $"{file}: σ {m.Sigma}, lme4 {r.Sigma}");
        foreach (var (name, b) in r.Beta)
        {
            var mine = m.FixedEffects.Single(f => f.Name == name);
            Assert.True(Math.Abs(mine.Estimate - b) <= 1e-3 * r.Se[name], $"{file}: β {name} {mine.Estimate}, lme4 {b}");
        }
        return m;
    }

    /// <summary>T T' (entries 00, 10, 11) of a 2-column term whose θ starts at <paramref name="o"/>.</summary>
    private static double[] PairCovariance(double[] theta, int o) =>
        [theta[o] * theta[o], theta[o] * theta[o + 1], theta[o + 1] * theta[o + 1] + theta[o + 2] * theta[o + 2]];
}
