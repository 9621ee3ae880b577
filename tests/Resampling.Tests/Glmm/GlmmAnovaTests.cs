using System.Text.Json;
using Resampling.Bootstrap;
using Resampling.Glmm;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Tests.Support;
using Xunit;

namespace Resampling.Tests.Glmm;

/// <summary>
/// glmer's anova of nested GLMMs (Fixtures/glmm/anova.json, inference.R): npar, AIC, BIC, logLik and deviance to 1e-6
/// relative (the fits' deviance tolerance), χ² to 1e-3 absolute plus 1e-5 relative, df exactly, p to 1e-3 relative;
/// and pbkrtest's PBmodcomp for glmer fits (pbmodcomp_cbpp.json): the same LRT and, from an independent run, the
/// bootstrap reference distribution's mean within Monte Carlo error.
/// </summary>
public class GlmmAnovaTests
{
    private static readonly Dictionary<string, (string Csv, GlmmFamily Family)> Data = new()
    {
        ["cbpp"] = ("cbpp.csv", GlmmFamily.Canonical(GlmmDistribution.Binomial)),
        ["bernoulli"] = ("bernoulli_slope.csv", GlmmFamily.Canonical(GlmmDistribution.Binomial)),
        ["poisson"] = ("poisson_offset.csv", GlmmFamily.Canonical(GlmmDistribution.Poisson)),
    };

    private static JsonElement Reference(string file) =>
        JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("glmm", file))).RootElement.Clone();

    private static GeneralizedLinearMixedModel Fit(string name, string formula) =>
        GeneralizedLinearMixedModel.Fit(TestData.FixtureCsv("glmm", Data[name].Csv), formula, Data[name].Family);

    public static TheoryData<string> Names() => new(Data.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void TableMatchesGlmersAnova(string name)
    {
        var r = Reference("anova.json").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var formulas = r.GetProperty("formulas").EnumerateArray().Select(f => f.GetString()!).ToArray();
        // Given larger first: the table is ordered by npar, as R's.
        var models = formulas.Reverse().Select(f => Fit(name, f)).ToList();
        var table = GlmmLikelihoodRatioTest.Compare(models, formulas.Reverse().ToList()).Table;
        Assert.Equal(formulas, table.Rows.Select(x => x.Formula));
        var npar = r.GetProperty("npar").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        for (int k = 0; k < 2; k++)
        {
            var row = table.Rows[k];
            Assert.Equal(npar[k], row.Npar);
            foreach (var (key, ours) in new[] { ("AIC", row.Aic), ("BIC", row.Bic), ("logLik", row.LogLik), ("deviance", row.Deviance) })
            {
                double expected = r.GetProperty(key)[k].GetDouble();
                Assert.True(Math.Abs(ours - expected) <= 1e-6 * Math.Abs(expected), $"{name} {key}[{k}]: {ours:R} vs {expected:R}");
            }
        }
        Assert.Null(table.Rows[0].Chisq);
        double chisq = r.GetProperty("Chisq")[1].GetDouble();
        Assert.True(Math.Abs(table.Rows[1].Chisq!.Value - chisq) <= 1e-3 + 1e-5 * chisq, $"Chisq {table.Rows[1].Chisq} vs {chisq}");
        Assert.Equal(r.GetProperty("Df")[1].GetInt32(), table.Rows[1].Df);
        double p = r.GetProperty("p")[1].GetDouble();
        Assert.True(Math.Abs(table.Rows[1].P!.Value - p) <= 1e-3 * p + 1e-3 * Math.Abs(table.Rows[1].Chisq!.Value - chisq) * p, $"p {table.Rows[1].P} vs {p}");
    }

    [Fact]
    public void NonNestedOrMismatchedModelsAreRefused()
    {
        var a = Fit("bernoulli", "y ~ x + (1 | g)");
        var b = Fit("bernoulli", "y ~ tr + (1 + x | g)");
        var e = Assert.Throws<ModelException>(() => GlmmLikelihoodRatioTest.Compare([a, b], ["a", "b"]));
        Assert.Contains("not nested", e.Message);
        var probit = GeneralizedLinearMixedModel.Fit(TestData.FixtureCsv("glmm", "bernoulli_slope.csv"), "y ~ x + tr + (1 | g)",
            new GlmmFamily(GlmmDistribution.Binomial, GlmmLink.Probit));
        e = Assert.Throws<ModelException>(() => GlmmLikelihoodRatioTest.Compare([probit, Fit("bernoulli", "y ~ x + tr + (1 + x | g)")], ["a", "b"]));
        Assert.Contains("different families", e.Message);
    }

    [Fact]
    public void PbModcompHasGlmersLrtAndPbkrtestsReferenceDistribution()
    {
        var r = Reference("pbmodcomp_cbpp.json");
        var small = Fit("cbpp", r.GetProperty("small").GetString()!);
        var large = Fit("cbpp", r.GetProperty("large").GetString()!);
        var pb = GlmmParametricBootstrapLrt.Run(small, large, new BootstrapOptions { Replicates = 300, Seed = 4 });
        double lrt = r.GetProperty("LRT").GetDouble();
        Assert.True(Math.Abs(pb.Statistic - lrt) <= 1e-3 + 1e-5 * lrt, $"LRT {pb.Statistic} vs {lrt}");
        Assert.Equal(r.GetProperty("df").GetInt32(), pb.Df);
        Assert.Equal(r.GetProperty("p_LRT").GetDouble(), pb.PValueChiSquare, 1e-3 * r.GetProperty("p_LRT").GetDouble() + 1e-7);
        Assert.Equal(0, pb.FailedCount);
        // T* under the null: the mean of pbkrtest's 1,000 against ours; SE from the variance of both.
        double mean = r.GetProperty("ref_mean").GetDouble(), variance = r.GetProperty("ref_var").GetDouble();
        int used = r.GetProperty("ref_used").GetInt32();
        double se = Math.Sqrt(variance / used + pb.ReferenceVariance / pb.PositiveCount);
        Assert.True(Math.Abs(pb.ReferenceMean - mean) <= 4 * se, $"mean T* {pb.ReferenceMean} vs pbkrtest's {mean} (SE {se})");
        // No simulated T* reaches the observed 25.6 in either run (p about 1e-5): PBtest is 1/(1 + npos).
        Assert.Equal(1.0 / (1 + pb.PositiveCount), pb.PValueBootstrap);
        Assert.Equal(1.0 / (1 + used), r.GetProperty("p_PB").GetDouble(), 1e-12);
    }
}
