using System.Text.Json;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Inference;
using Resampling.Tests.Support;

namespace Resampling.Tests.Inference;

/// <summary>
/// lmerTest's anova(model) (type III) against Fixtures/inference (made by its generate.R): F, NumDF, Sum Sq and
/// Mean Sq to 1e-3 relative, DenDF to 0.05%, p to 1e-3 relative; Satterthwaite and, for REML fits, Kenward–Roger.
/// </summary>
public class TypeThreeAnovaTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var f in Directory.GetFiles(Lme4Reference.FixturePath("inference"), "anova_type3_*.json").Select(Path.GetFileName).Order())
        {
            data.Add(f!, "satterthwaite");
            if (Load(f!).GetProperty("REML").GetBoolean()) data.Add(f!, "kr");
        }
        return data;
    }

    private static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("inference", file))).RootElement.Clone();

    private static (LinearMixedModel, DataTable) Fit(JsonElement r)
    {
        string file = r.GetProperty("data").GetString()!, formula = r.GetProperty("formula").GetString()!;
        bool reml = r.GetProperty("REML").GetBoolean();
        var data = TestData.FixtureCsv("lme4extra", file);
        if (file == "cake.csv") data = data.WithTextColumn("recipe");
        string dataKey = file == "cake.csv" ? "lme4extra/cake.csv with recipe as text" : $"lme4extra/{file}";
        return (FittedModels.Fit(dataKey, () => data, formula, reml), data);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLmerTest(string file, string method)
    {
        var r = Load(file);
        var (m, _) = Fit(r);
        var table = FixedEffectsAnova.TypeThree(m, method == "kr" ? DdfMethod.KenwardRoger : DdfMethod.Satterthwaite);
        var expected = r.GetProperty(method).EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => e.GetProperty("term").GetString()), table.Rows.Select(x => x.Term));
        foreach (var (e, row) in expected.Zip(table.Rows))
        {
            string at = $"{file} {method} {row.Term}";
            Assert.Equal(e.GetProperty("NumDF").GetInt32(), row.NumDf);
            Relative(e.GetProperty("DenDF").GetDouble(), row.DenDf, 5e-4, at + " DenDF");
            Relative(e.GetProperty("F").GetDouble(), row.F, 1e-3, at + " F");
            Relative(e.GetProperty("SumSq").GetDouble(), row.SumSq, 1e-3, at + " Sum Sq");
            Relative(e.GetProperty("MeanSq").GetDouble(), row.MeanSq, 1e-3, at + " Mean Sq");
            Relative(e.GetProperty("p").GetDouble(), row.P, 1e-3, at + " p");
        }
        Assert.StartsWith("Type III Analysis of Variance Table with", table.Heading);
    }

    [Fact]
    public void NumericTermsGiveTheSquaredT()
    {
        var (m, _) = Fit(Load("anova_type3_hsb_mod4.json"));
        var t = FixedEffectsInference.Satterthwaite(m);
        var table = FixedEffectsAnova.TypeThree(m);
        foreach (var row in table.Rows)
        {
            var fe = t.Single(f => f.Name == row.Term);
            Assert.Equal(fe.TValue * fe.TValue, row.F, 1e-9 * row.F);
            Assert.Equal(fe.Df!.Value, row.DenDf, 1e-9 * row.DenDf);
        }
    }

    [Fact]
    public void UserContrastOfOneCoefficientIsItsTTest()
    {
        var (m, _) = Fit(Load("anova_type3_hsb_mod4.json"));
        var t = FixedEffectsInference.Satterthwaite(m);
        int p = m.FixedEffects.Count, k = t.ToList().FindIndex(f => f.Name == "cses:MEANSES");
        var l = new double[p];
        l[k] = 2; // scaling a contrast changes neither F nor df
        var row = FixedEffectsAnova.Contrast(m, "2 cses:MEANSES", [l]);
        Assert.Equal(t[k].TValue * t[k].TValue, row.F, 1e-9 * row.F);
        Assert.Equal(t[k].Df!.Value, row.DenDf, 1e-9 * row.DenDf);
    }

    private static void Relative(double expected, double actual, double tol, string what) =>
        Assert.True(Math.Abs(actual / expected - 1) <= tol, $"{what}: {actual:R} vs lmerTest {expected:R}");
}
