using Resampling.Engine;
using Resampling.Inference;
using Resampling.Tests.Engine;
using Resampling.Tests.Support;

namespace Resampling.Tests.Inference;

/// <summary>
/// The analytic derivatives of Satterthwaite's method (gradient differences plus closed forms, docs/inference.md §1.1)
/// against numDeriv's Richardson scheme over full deviance evaluations, which lmerTest uses: on every fixture with
/// lmerTest df (one factor with and without slopes, crossed, nested, three crossed, slopes on the first of two factors,
/// singular fits) and on models with slopes on a second factor: every df to 1e-6 relative, the Jacobians of vcov(β̂) to
/// 1e-6 relative to their largest entry, the Hessian in (θ, σ) to 1e-4 relative to its largest entry. The last is the
/// Richardson scheme's own accuracy where a θ̂ is near 0 (its smallest step, 1.25e-5, meets the deviance's rounding), so
/// the analytic Hessian is also checked against itself at a 100× larger step refined once: 1e-7 relative.
/// </summary>
public class SatterthwaiteDerivativeTests
{
    public static TheoryData<string, string> WithDf() => SatterthwaiteTests.WithDf();

    [Theory]
    [MemberData(nameof(WithDf))]
    public void AnalyticAgreesWithRichardsonOnReferenceFits(string folder, string file)
    {
        if (folder == "scale") return; // InstEval: the slow suite checks it against lmerTest.
        var (_, m) = Lme4ReferenceTests.FitReference(folder, file);
        AssertAgreement(m, file);
    }

    [Theory]
    [InlineData("MATHACH ~ cses + (1|SCHOOL) + (1 + cses|MINORITY:FEMALE)", true)]
    [InlineData("MATHACH ~ cses + (1|SCHOOL) + (1 + cses|MINORITY:FEMALE)", false)]
    [InlineData("MATHACH ~ cses + MEANSES + (1 + cses|SCHOOL) + (1 + cses|MINORITY) + (1|FEMALE)", true)]
    [InlineData("MATHACH ~ cses + SECTOR + (1|SCHOOL) + (1|SCHOOL:MINORITY)", true)]
    public void AnalyticAgreesWithRichardsonOnSlopesOfSeveralFactors(string formula, bool reml)
    {
        var m = FittedModels.Hsb(formula, reml);
        Assert.True(m.Crossproducts.QRest > 0, "the model has grouping factors after the first");
        AssertAgreement(m, formula);
    }

    [Fact]
    public void ParallelGradientsGiveTheSameBits()
    {
        var (_, m) = Lme4ReferenceTests.FitReference("lme4stress", "penicillin_three_crossed_reml.json");
        var serial = VarianceParameterDerivatives.Analytic(m, parallelFrom: int.MaxValue);
        var parallel = VarianceParameterDerivatives.Analytic(m, parallelFrom: 0);
        Assert.Equal(serial.Hessian.Cast<double>(), parallel.Hessian.Cast<double>());
        Assert.Equal(serial.Jacobians.SelectMany(j => j), parallel.Jacobians.SelectMany(j => j));
    }

    private static void AssertAgreement(LinearMixedModel m, string label)
    {
        var analytic = VarianceParameterDerivatives.Analytic(m);
        var numeric = VarianceParameterDerivatives.Numerical(m);
        var refined = VarianceParameterDerivatives.Analytic(m, levels: 2, relativeStep: 100 * VarianceParameterDerivatives.RelativeStep);
        int k = m.Theta.Count + 1;
        double scale = 0;
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) scale = Math.Max(scale, Math.Abs(numeric.Hessian[i, j]));
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                Assert.True(Math.Abs(analytic.Hessian[i, j] - numeric.Hessian[i, j]) <= 1e-4 * scale,
                    $"{label} H[{i},{j}]: {analytic.Hessian[i, j]:R} vs Richardson {numeric.Hessian[i, j]:R}");
                Assert.True(Math.Abs(analytic.Hessian[i, j] - refined.Hessian[i, j]) <= 1e-7 * scale,
                    $"{label} H[{i},{j}]: {analytic.Hessian[i, j]:R} vs larger step refined {refined.Hessian[i, j]:R}");
            }
        for (int i = 0; i < k; i++)
        {
            double js = numeric.Jacobians[i].Max(Math.Abs);
            for (int e = 0; e < numeric.Jacobians[i].Length; e++)
                Assert.True(Math.Abs(analytic.Jacobians[i][e] - numeric.Jacobians[i][e]) <= 1e-6 * js,
                    $"{label} J{i}[{e}]: {analytic.Jacobians[i][e]:R} vs Richardson {numeric.Jacobians[i][e]:R}");
        }
        var a = new SatterthwaiteApproximation(m, analytic);
        var n = new SatterthwaiteApproximation(m, numeric);
        int p = m.FixedEffects.Count;
        for (int c = 0; c < p; c++)
        {
            var l = new double[p];
            l[c] = 1;
            double da = a.Contrast(l).Df, dn = n.Contrast(l).Df;
            Assert.True(Math.Abs(da / dn - 1) <= 1e-6, $"{label} df {m.FixedEffects[c].Name}: {da:R} vs Richardson {dn:R}");
        }
    }
}
