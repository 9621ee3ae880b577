using System.Text.Json;
using Resampling.Glmm;
using Resampling.Prediction;
using Resampling.Tests.Support;
using Xunit;

namespace Resampling.Tests.Glmm;

/// <summary>
/// predict.merMod for glmer fits on new rows (Fixtures/glmm/predict.json, inference.R): link and response scales, with
/// (re.form = NULL, allow.new.levels = TRUE) and without (re.form = NA) the random effects; a random slope, an offset,
/// and a level the model never saw. To 2e-4 absolute on the link scale and 5e-5 on the response scale (β and the
/// conditional modes agree with glmer's to 1e-3 of their SEs, GlmmReferenceTests).
/// </summary>
public class GlmmPredictionTests
{
    private static readonly Dictionary<string, (string Csv, string NewData, GlmmFamily Family)> Cases = new()
    {
        ["cbpp"] = ("cbpp.csv", "newdata_cbpp.csv", GlmmFamily.Canonical(GlmmDistribution.Binomial)),
        ["bernoulli"] = ("bernoulli_slope.csv", "newdata_bernoulli.csv", GlmmFamily.Canonical(GlmmDistribution.Binomial)),
        ["poisson"] = ("poisson_offset.csv", "newdata_poisson.csv", GlmmFamily.Canonical(GlmmDistribution.Poisson)),
    };

    public static TheoryData<string> Names() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void PredictionsMatchPredictMerMod(string name)
    {
        var r = JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("glmm", "predict.json"))).RootElement
            .EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var (csv, newData, family) = Cases[name];
        var model = GeneralizedLinearMixedModel.Fit(TestData.FixtureCsv("glmm", csv), r.GetProperty("formula").GetString()!, family,
            options: new GlmmFitOptions { Hessian = false });
        var grid = Resampling.Data.CsvTableReader.Read(Lme4Reference.FixturePath("glmm", newData));
        foreach (var c in new[] { "herd", "period", "g", "tr", "clinic" })
            if (grid.Contains(c)) grid = grid.WithTextColumn(c);
        foreach (var (scale, key, tol) in new[] { (GlmmPredictionScale.Link, "link", 2e-4), (GlmmPredictionScale.Response, "response", 5e-5 * (name == "poisson" ? 20 : 1)) })
            foreach (var (level, re) in new[] { (PredictionLevel.Conditional, "full"), (PredictionLevel.Population, "NA") })
            {
                var expected = Lme4Reference.Numbers(r.GetProperty($"{key}_{re}"));
                var ours = GlmmPredictions.Compute(model, grid, level, scale);
                Assert.Equal(expected.Length, ours.Fit.Count);
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(ours.Fit[i] - expected[i]) <= tol, $"{name} {key} {re} row {i}: {ours.Fit[i]:R} vs {expected[i]:R}");
                Assert.Equal(level == PredictionLevel.Conditional ? 1 : 0, ours.NewLevelRows);
            }
    }
}
