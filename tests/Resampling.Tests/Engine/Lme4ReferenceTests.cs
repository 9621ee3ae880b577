using Resampling.Engine;
using Resampling.Tests.Support;

namespace Resampling.Tests.Engine;

/// <summary>
/// Fits every model in the lme4 reference fixtures and checks the tolerances: objective to 2e-7 relative
/// (and never worse than lme4's optimum by more than that), β to 1e-3 of its SE, SEs, σ and variance components
/// to 1e-3 relative, correlations to 1e-2, conditional modes and sds to 1e-3 relative.
/// </summary>
public class Lme4ReferenceTests
{
    public static TheoryData<string, string> Fixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in new[] { "lme4", "lme4extra", "lme4stress" })
        {
            if (!Directory.Exists(Lme4Reference.FixturePath(folder))) continue;
            foreach (var f in Lme4Reference.Files(folder)) data.Add(folder, f);
        }
        return data;
    }

    internal static (Lme4Reference, LinearMixedModel) FitReference(string folder, string file)
    {
        var r = Lme4Reference.Load(folder, file);
        string dataKey = r.DataFile is { } data ? $"{r.Folder}/{data}" : r.Dataset;
        return (r, FittedModels.Fit(dataKey, () => TestData.ForReference(r), r.Formula, r.Reml));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void ObjectiveIsAsGoodAsLme4s(string folder, string file)
    {
        var (r, m) = FitReference(folder, file);
        Assert.True(m.Objective <= r.Objective + 2e-7 * Math.Abs(r.Objective),
            $"{file}: objective {m.Objective:R} worse than lme4's {r.Objective:R}");
        Assert.True(Math.Abs(m.Objective - r.Objective) <= 2e-7 * Math.Abs(r.Objective),
            $"{file}: objective {m.Objective:R} vs lme4 {r.Objective:R}");
        Assert.Equal(r.Nobs, m.ObservationCount);
        Assert.Equal(r.Singular, m.Singular);
        Assert.Equal(r.LogLik, m.LogLikelihood, 2e-7 * Math.Abs(r.LogLik));
        Assert.Equal(r.Aic, m.Aic, 2e-7 * Math.Abs(r.Aic));
        Assert.Equal(r.Bic, m.Bic, 2e-7 * Math.Abs(r.Bic));
        foreach (var (g, count) in r.Groups) Assert.Equal(count, m.GroupCounts[g]);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FixedEffectsMatchLme4(string folder, string file)
    {
        var (r, m) = FitReference(folder, file);
        Assert.Equal(r.Beta.Keys, m.FixedEffects.Select(f => f.Name));
        foreach (var fe in m.FixedEffects)
        {
            double se = r.Se[fe.Name];
            Assert.True(Math.Abs(fe.Estimate - r.Beta[fe.Name]) <= 1e-3 * se, $"{file} β {fe.Name}: {fe.Estimate:R} vs {r.Beta[fe.Name]:R}");
            AssertRelative(se, fe.StdError, 1e-3, $"{file} SE {fe.Name}");
            AssertRelative(r.T[fe.Name], fe.TValue, 1e-3, $"{file} t {fe.Name}");
        }
        var corr = r.CorrFixed;
        var v = m.FixedCovariance;
        for (int a = 0; a < corr.Length; a++)
            for (int b = 0; b < corr.Length; b++)
                Assert.True(Math.Abs(corr[a][b] - v[a, b] / Math.Sqrt(v[a, a] * v[b, b])) <= 1e-2, $"{file} corr of fixed effects [{a},{b}]");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void VarianceComponentsMatchLme4(string folder, string file)
    {
        var (r, m) = FitReference(folder, file);
        AssertRelative(r.Sigma, m.Sigma, 1e-3, $"{file} sigma");
        foreach (var row in r.VarCorr)
        {
            if (row.Group == "Residual")
            {
                AssertRelative(row.Vcov, m.Sigma * m.Sigma, 1e-3, $"{file} residual variance");
                continue;
            }
            var term = m.Covariances.Single(c => c.Group == row.Group);
            int i = term.Names.ToList().IndexOf(row.Var1!);
            Assert.True(i >= 0, $"{file}: no column {row.Var1} in {row.Group}");
            if (row.Var2 is null)
            {
                // A variance that lme4 estimates as (near) zero is compared on the sd scale of the residual.
                double tol = Math.Max(1e-3 * row.Vcov, 1e-6 * r.Sigma * r.Sigma);
                Assert.True(Math.Abs(term.Variance(i) - row.Vcov) <= tol, $"{file} variance {row.Group} {row.Var1}: {term.Variance(i):R} vs {row.Vcov:R}");
            }
            else
            {
                int j = term.Names.ToList().IndexOf(row.Var2);
                Assert.True(Math.Abs(term.Correlation(i, j) - row.SdCor) <= 1e-2, $"{file} corr {row.Group}: {term.Correlation(i, j)} vs {row.SdCor}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void ConditionalModesAndSdsMatchLme4(string folder, string file)
    {
        var (r, m) = FitReference(folder, file);
        foreach (var (group, levels, terms, values, condSd) in r.Ranef)
        {
            var mine = m.RandomEffects.Where(t => t.Factor == group).ToList();
            Assert.NotEmpty(mine);
            Assert.Equal(levels, mine[0].Levels);
            for (int c = 0; c < terms.Length; c++)
            {
                var term = mine.Single(t => t.Names.Contains(terms[c]));
                int k = term.Names.ToList().IndexOf(terms[c]);
                for (int l = 0; l < levels.Length; l++)
                {
                    // Relative to the effect's own conditional sd where the mode is near zero.
                    double scale = Math.Max(Math.Abs(values[l, c]), condSd[l, c]);
                    Assert.True(Math.Abs(term.Values[l, k] - values[l, c]) <= 1e-3 * scale + 1e-12,
                        $"{file} ranef {group} {levels[l]} {terms[c]}: {term.Values[l, k]:R} vs {values[l, c]:R}");
                    AssertRelative(condSd[l, c], term.CondSd[l, k], 1e-3, $"{file} condsd {group} {levels[l]} {terms[c]}", 1e-9);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FittedValuesAndScaledResidualsMatchLme4(string folder, string file)
    {
        var (r, m) = FitReference(folder, file);
        var head = r.FittedHead;
        for (int i = 0; i < head.Length; i++) AssertRelative(head[i], m.Fitted[i], 1e-4, $"{file} fitted[{i}]");
        var q = Resampling.Numerics.RStats.Quantiles(m.Residuals.Select(e => e / m.Sigma).ToArray(), [0, 0.25, 0.5, 0.75, 1]);
        var rq = r.ScaledResidualQuantiles;
        for (int i = 0; i < 5; i++) Assert.True(Math.Abs(q[i] - rq[i]) <= 1e-3 * Math.Max(1, Math.Abs(rq[i])), $"{file} scaled residual quantile {i}: {q[i]} vs {rq[i]}");
    }

    internal static void AssertRelative(double expected, double actual, double rel, string what, double abs = 0)
    {
        Assert.True(Math.Abs(actual - expected) <= rel * Math.Abs(expected) + abs, $"{what}: {actual:R} vs {expected:R}");
    }
}
