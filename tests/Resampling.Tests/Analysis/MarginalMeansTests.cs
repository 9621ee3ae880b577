using System.Text.Json;
using Resampling.Engine;
using Resampling.Inference;
using Resampling.Prediction.Marginal;
using Resampling.Tests.Support;

namespace Resampling.Tests.Analysis;

/// <summary>
/// emmeans' estimated marginal means and pairwise contrasts (Fixtures/analyst/emmeans.R) with lmer.df = "satterthwaite"
/// and "kenward-roger": every number within 1e-4 relative (p-values below 1e-9 within 1e-12 absolute, where R's own
/// ptukey is no more accurate), for the walkthrough's Mod4 (SECTOR, also at MEANSES = 0.5), cake's temperature means
/// by recipe (Tukey over six means) and over recipes (Holm), and cake's additive model (Bonferroni).
/// </summary>
public class MarginalMeansTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in AnalystFixtures.Load("emmeans.json").EnumerateArray())
            foreach (var ddf in new[] { "satterthwaite", "kenward_roger" })
                if (c.TryGetProperty(ddf, out _)) data.Add(c.GetProperty("name").GetString()!, ddf);
        return data;
    }

    internal static LinearMixedModel Fit(JsonElement c)
    {
        string csv = c.GetProperty("data").GetString()!, factor = c.GetProperty("factor").GetString()!;
        return FittedModels.Fit($"analyst-{csv}-factor-{factor}", () =>
        {
            var t = AnalystFixtures.Data(csv);
            return factor.Length > 0 && t[factor].Kind == Resampling.Data.ColumnKind.Numeric ? t.WithTextColumn(factor) : t;
        }, c.GetProperty("formula").GetString()!);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MeansAndContrastsMatchEmmeans(string name, string ddf)
    {
        var c = AnalystFixtures.Case("emmeans.json", name);
        var at = c.GetProperty("at").ValueKind == JsonValueKind.Object
            ? c.GetProperty("at").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
            : new Dictionary<string, string>();
        var options = new MarginalMeansOptions
        {
            Specs = [c.GetProperty("specs").GetString()!],
            By = c.GetProperty("by").ValueKind == JsonValueKind.String ? [c.GetProperty("by").GetString()!] : [],
            At = at,
            Method = ddf == "satterthwaite" ? DdfMethod.Satterthwaite : DdfMethod.KenwardRoger,
            Pairwise = true,
            Adjust = Enum.Parse<PAdjust>(c.GetProperty("adjust").GetString()!, ignoreCase: true),
        };
        var result = MarginalMeans.Compute(Fit(c), options);
        var reference = c.GetProperty(ddf);

        var means = reference.GetProperty("emmeans").EnumerateArray().ToList();
        Assert.Equal(means.Count, result.Means.Count);
        for (int i = 0; i < means.Count; i++)
        {
            var e = means[i];
            var ours = result.Means[i];
            Assert.Equal(e.GetProperty("levels").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).OrderBy(x => x.Name),
                ours.Levels.OrderBy(x => x.Variable));
            foreach (var (key, value) in new[] { ("emmean", ours.Estimate), ("se", ours.StdError), ("df", ours.Df), ("lower", ours.Lower), ("upper", ours.Upper) })
                Rel(e.GetProperty(key).GetDouble(), value, $"{name} {ddf} mean {i} {key}");
        }

        var contrasts = reference.GetProperty("contrasts").EnumerateArray().ToList();
        Assert.Equal(contrasts.Count, result.Contrasts.Count);
        for (int i = 0; i < contrasts.Count; i++)
        {
            var e = contrasts[i];
            var ours = result.Contrasts[i];
            Assert.Equal(e.GetProperty("contrast").GetString(), ours.Name);
            if (e.TryGetProperty("by", out var by)) Assert.Equal(by.GetString(), ours.By.Single().Level);
            foreach (var (key, value) in new[] { ("estimate", ours.Estimate), ("se", ours.StdError), ("df", ours.Df), ("t", ours.T), ("lower", ours.Lower), ("upper", ours.Upper) })
                Rel(e.GetProperty(key).GetDouble(), value, $"{name} {ddf} {ours.Name} {key}");
            double p = e.GetProperty("p").GetDouble();
            Assert.True(Math.Abs(ours.P - p) <= Math.Max(1e-4 * p, 1e-12), $"{name} {ddf} {ours.Name} p: {ours.P:R} vs emmeans {p:R}");
        }
    }

    private static void Rel(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Max(Math.Abs(expected), 1e-8), $"{what}: {actual:R} vs emmeans {expected:R}");
}
