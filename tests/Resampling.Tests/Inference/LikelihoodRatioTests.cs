using System.Text.Json;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Tests.Support;

namespace Resampling.Tests.Inference;

/// <summary>
/// lme4's anova(m0, m1) against the anova_*.json fixtures. Those were made with lmer's default optimiser settings
/// (not the tight ones of the model fixtures), so AIC, BIC, logLik and deviance are compared to 1e-7 relative and
/// χ² to 1e-4 absolute; npar and Df exactly, p to 1e-3 relative.
/// </summary>
public class LikelihoodRatioTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "lme4", "anova_hsb_mod5_mod4.json" },
        { "lme4", "anova_sleep_int_corr.json" },
        { "lme4extra", "anova_penicillin_plate_crossed.json" },
        { "lme4extra", "anova_cake_additive_interaction.json" },
    };

    private static DataTable DataFor(string file) => file switch
    {
        "anova_hsb_mod5_mod4.json" => TestData.Hsb,
        "anova_sleep_int_corr.json" => TestData.Sleepstudy,
        "anova_penicillin_plate_crossed.json" => TestData.FixtureCsv("lme4extra", "penicillin.csv"),
        _ => TestData.FixtureCsv("lme4extra", "cake.csv"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLme4(string folder, string file)
    {
        var r = JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath(folder, file))).RootElement;
        var data = DataFor(file);
        // Given large first: the table must still come out ordered by npar.
        var large = LinearMixedModel.Fit(data, r.GetProperty("large").GetString()!);
        var small = LinearMixedModel.Fit(data, r.GetProperty("small").GetString()!);
        var table = LikelihoodRatioTest.Compare([large, small], ["m1", "m0"]);
        Assert.True(table.Refitted);
        Assert.All(table.Models, m => Assert.False(m.Reml));
        var expected = r.GetProperty("table").EnumerateArray().ToList();
        Assert.Equal(["m0", "m1"], table.Rows.Select(x => x.Name));
        for (int i = 0; i < 2; i++)
        {
            var e = expected[i];
            var row = table.Rows[i];
            Assert.Equal(e.GetProperty("npar").GetInt32(), row.Npar);
            foreach (var (key, value) in new[] { ("AIC", row.Aic), ("BIC", row.Bic), ("logLik", row.LogLik), ("deviance", row.Deviance) })
                Assert.True(Math.Abs(value / e.GetProperty(key).GetDouble() - 1) <= 1e-7, $"{file} row {i} {key}: {value:R} vs {e.GetProperty(key).GetDouble():R}");
        }
        Assert.Null(table.Rows[0].Chisq);
        Assert.Null(table.Rows[0].Df);
        Assert.Null(table.Rows[0].P);
        var e1 = expected[1];
        Assert.Equal(e1.GetProperty("Df").GetInt32(), table.Rows[1].Df);
        Assert.Equal(e1.GetProperty("Chisq").GetDouble(), table.Rows[1].Chisq!.Value, 1e-4);
        Assert.True(Math.Abs(table.Rows[1].P!.Value / e1.GetProperty("Pr(>Chisq)").GetDouble() - 1) <= 1e-3, $"{file} p {table.Rows[1].P:R}");
    }

    [Fact]
    public void WalkthroughTableToPrintedDigits()
    {
        const string F5 = HsbModels.Mod5;
        const string F4 = HsbModels.Mod4;
        var t = LikelihoodRatioTest.Compare([LinearMixedModel.Fit(TestData.Hsb, F5), LinearMixedModel.Fit(TestData.Hsb, F4)]);
        var (a, b) = (t.Rows[0], t.Rows[1]);
        Assert.Equal((8, 10), (a.Npar, b.Npar));
        Assert.Equal((46513.44, 46516.43), (Math.Round(a.Aic, 2), Math.Round(b.Aic, 2)));
        Assert.Equal((46568.48, 46585.23), (Math.Round(a.Bic, 2), Math.Round(b.Bic, 2)));
        Assert.Equal((-23248.72, -23248.22), (Math.Round(a.LogLik, 2), Math.Round(b.LogLik, 2)));
        Assert.Equal((46497.44, 46496.43), (Math.Round(a.Deviance, 2), Math.Round(b.Deviance, 2)));
        Assert.Equal(1.003696, b.Chisq!.Value, 5e-6);
        Assert.Equal(2, b.Df);
        Assert.Equal(0.6054107, b.P!.Value, 5e-6);
    }

    [Fact]
    public void ExtraColumnsAreCarried()
    {
        var t = LikelihoodRatioTest.Compare([LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (1|Subject)"),
            LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (Days|Subject)")]);
        var t2 = t.WithColumn(new ExtraColumn("Pr(>PB)", "pPb", [null, 0.01]));
        Assert.Empty(t.ExtraColumns);
        Assert.Single(t2.ExtraColumns);
        Assert.Throws<ArgumentException>(() => t.WithColumn(new ExtraColumn("x", "x", [1.0])));
    }

    [Fact]
    public void NotNestedOrDifferentRowsAreRefused()
    {
        var sleep = TestData.Sleepstudy;
        var e = Assert.Throws<ModelException>(() => LikelihoodRatioTest.Compare([
            LinearMixedModel.Fit(sleep, "Reaction ~ Days + (1|Subject)"),
            LinearMixedModel.Fit(sleep, "Reaction ~ I(Days^2) + (Days|Subject)")]));
        Assert.Contains("not nested", e.Message);
        var missing = TestData.FixtureCsv("lme4extra", "sleepstudy_missing.csv");
        e = Assert.Throws<ModelException>(() => LikelihoodRatioTest.Compare([
            LinearMixedModel.Fit(sleep, "Reaction ~ Days + (1|Subject)"),
            LinearMixedModel.Fit(missing, "Reaction ~ Days + (Days|Subject)")]));
        Assert.Contains("same rows", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
