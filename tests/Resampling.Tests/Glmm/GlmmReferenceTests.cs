using System.Text.Json;
using Resampling.Glmm;
using Resampling.Tests.Support;
using Xunit;

namespace Resampling.Tests.Glmm;

/// <summary>
/// Parity with lme4's glmer on the references of Fixtures/glmm (generate.R beside them): the deviance to 1e-6 relative
/// and never worse, β to 1e-3 of its standard error, standard errors and variance components to 1e-3 relative, the
/// conditional modes and variances, and glmer's deviance function itself at two points (apart from any optimiser).
/// </summary>
public class GlmmReferenceTests
{
    private static readonly Dictionary<string, (string Csv, GlmmFamily Family)> Models = new()
    {
        ["cbpp_laplace"] = ("cbpp.csv", GlmmFamily.Canonical(GlmmDistribution.Binomial)),
        ["cbpp_agq25"] = ("cbpp.csv", GlmmFamily.Canonical(GlmmDistribution.Binomial)),
        ["cbpp_probit"] = ("cbpp.csv", new GlmmFamily(GlmmDistribution.Binomial, GlmmLink.Probit)),
        ["grouseticks"] = ("grouseticks.csv", GlmmFamily.Canonical(GlmmDistribution.Poisson)),
        ["bernoulli_slope"] = ("bernoulli_slope.csv", GlmmFamily.Canonical(GlmmDistribution.Binomial)),
        ["bernoulli_cloglog"] = ("bernoulli_slope.csv", new GlmmFamily(GlmmDistribution.Binomial, GlmmLink.Cloglog)),
        ["poisson_offset"] = ("poisson_offset.csv", GlmmFamily.Canonical(GlmmDistribution.Poisson)),
        ["poisson_offset_agq9"] = ("poisson_offset.csv", GlmmFamily.Canonical(GlmmDistribution.Poisson)),
    };

    private static readonly Dictionary<string, GeneralizedLinearMixedModel> Fits = new();

    private static (JsonElement Ref, GeneralizedLinearMixedModel Fit) Load(string name)
    {
        var json = JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("glmm", name + ".json"))).RootElement.Clone();
        lock (Fits)
        {
            if (!Fits.TryGetValue(name, out var fit))
            {
                var (csv, family) = Models[name];
                fit = GeneralizedLinearMixedModel.Fit(TestData.FixtureCsv("glmm", csv), json.GetProperty("formula").GetString()!, family,
                    options: new GlmmFitOptions { Nagq = json.GetProperty("nAGQ").GetInt32() });
                Fits[name] = fit;
            }
            return (json, fit);
        }
    }

    public static TheoryData<string> Names() => new(Models.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void DevianceMatchesGlmerAndIsNeverWorse(string name)
    {
        var (r, fit) = Load(name);
        double reference = r.GetProperty("deviance").GetDouble();
        Assert.True(fit.Converged, string.Join("; ", fit.Warnings));
        Assert.True(Math.Abs(fit.Deviance - reference) <= 1e-6 * Math.Abs(reference), $"deviance {fit.Deviance:R} vs glmer {reference:R}");
        Assert.True(fit.Deviance <= reference + 1e-6 * Math.Abs(reference));
        Assert.Equal(r.GetProperty("AIC").GetDouble(), fit.Aic, 1e-6 * Math.Abs(reference));
        Assert.Equal(r.GetProperty("BIC").GetDouble(), fit.Bic, 1e-6 * Math.Abs(reference));
        Assert.Equal(r.GetProperty("df_resid").GetInt32(), fit.ResidualDf);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FixedEffectsAndStandardErrorsMatchGlmer(string name)
    {
        var (r, fit) = Load(name);
        var beta = r.GetProperty("beta");
        var se = r.GetProperty("se");
        foreach (var fe in fit.FixedEffects)
        {
            double s = se.GetProperty(fe.Name).GetDouble();
            Assert.True(Math.Abs(fe.Estimate - beta.GetProperty(fe.Name).GetDouble()) <= 1e-3 * s, $"{fe.Name}: {fe.Estimate:R} vs {beta.GetProperty(fe.Name).GetDouble():R}");
            Assert.True(Math.Abs(fe.StdError - s) <= 1e-3 * s, $"{fe.Name} SE: {fe.StdError:R} vs {s:R}");
        }
        Assert.Equal(beta.EnumerateObject().Count(), fit.FixedEffects.Count);
        var z = Lme4Reference.Numbers(r.GetProperty("z"));
        for (int j = 0; j < z.Length; j++) Assert.True(Math.Abs(fit.FixedEffects[j].ZValue - z[j]) <= 2e-3 * Math.Abs(z[j]) + 1e-3);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void VarianceComponentsMatchGlmer(string name)
    {
        var (r, fit) = Load(name);
        foreach (var vc in r.GetProperty("varcomp").EnumerateArray())
        {
            string grp = vc.GetProperty("grp").GetString()!;
            var cov = fit.Covariances.Single(c => c.Group == grp);
            string v1 = vc.GetProperty("var1").GetString()!;
            int i = cov.Names.ToList().IndexOf(v1);
            double expected = vc.GetProperty("vcov").GetDouble();
            if (vc.GetProperty("var2").ValueKind == JsonValueKind.String)
            {
                int j = cov.Names.ToList().IndexOf(vc.GetProperty("var2").GetString()!);
                Assert.True(Math.Abs(cov.Covariance[i, j] - expected) <= 1e-3 * Math.Sqrt(cov.Variance(i) * cov.Variance(j)), $"{grp} cov");
            }
            else
            {
                Assert.True(Math.Abs(cov.Variance(i) - expected) <= 1e-3 * expected, $"{grp} {v1}: {cov.Variance(i):R} vs {expected:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ConditionalModesAndVariancesMatchGlmer(string name)
    {
        var (r, fit) = Load(name);
        foreach (var term in r.GetProperty("ranef").EnumerateArray())
        {
            var ours = fit.RandomEffects.Single(t => t.Group == term.GetProperty("grp").GetString());
            var levels = term.GetProperty("levels").EnumerateArray().Select(l => l.GetString()!).ToList();
            var modes = term.GetProperty("modes").EnumerateArray().ToList();
            var condvar = term.GetProperty("condvar").EnumerateArray().ToList();
            double scale = Math.Sqrt(fit.Covariances.Single(c => c.Group == ours.Group).Variance(0));
            for (int g = 0; g < levels.Count; g++)
            {
                int at = ours.Levels.ToList().IndexOf(levels[g]);
                var m = Flat(modes[g]);
                var v = Flat(condvar[g]);
                for (int c = 0; c < m.Length; c++)
                {
                    Assert.True(Math.Abs(ours.Values[at, c] - m[c]) <= 2e-3 * scale, $"{levels[g]}[{c}]: {ours.Values[at, c]:R} vs {m[c]:R}");
                    double vc = v[c * m.Length + c];
                    Assert.True(Math.Abs(ours.CondSd[at, c] * ours.CondSd[at, c] - vc) <= 5e-3 * vc, $"{levels[g]} condvar");
                }
            }
        }
    }

    private static double[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array
        ? e.EnumerateArray().SelectMany(Flat).ToArray()
        : [e.GetDouble()];

    [Theory]
    [MemberData(nameof(Names))]
    public void DevianceFunctionMatchesGlmerAtGivenParameters(string name)
    {
        var (r, fit) = Load(name);
        foreach (var at in r.GetProperty("devfun_at").EnumerateArray())
        {
            var par = Lme4Reference.Numbers(at.GetProperty("par"));
            double expected = at.GetProperty("value").GetDouble();
            double ours = GlmmDevianceFunction.Evaluate(fit.Problem, par, fit.Nagq);
            Assert.True(Math.Abs(ours - expected) <= 1e-7 * Math.Abs(expected), $"{ours:R} vs {expected:R}");
        }
    }
}
