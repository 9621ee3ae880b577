using System.Text.Json;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Prediction;
using Resampling.Tests.Support;

namespace Resampling.Tests.Engine;

/// <summary>
/// <c>scale()</c> and <c>poly()</c> against lme4 (Fixtures/bases/generate.R): the constants come from every row where
/// the variable is present (R evaluates them before na.omit; the HSB file has missing responses), coefficient names
/// are R's, and predictions on new data reuse the fitted data's centring and polynomial basis.
/// </summary>
public class ColumnBasisParityTests
{
    public static TheoryData<string> Fixtures() => Lme4Reference.FileTheory("bases");

    private static (JsonElement R, LinearMixedModel M) Fit(string file)
    {
        var r = JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("bases", file))).RootElement;
        string csv = r.GetProperty("data").GetString() == "hsb" ? "hsb_na.csv" : "sleepstudy.csv";
        var table = CsvTableReader.Read(Lme4Reference.FixturePath("bases", csv));
        var design = MixedModelDesign.Build(table, FormulaParser.Parse(r.GetProperty("formula").GetString()!));
        return (r, LinearMixedModel.Fit(design, new FitOptions { Reml = r.GetProperty("REML").GetBoolean() }));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FitMatchesLme4(string file)
    {
        var (r, m) = Fit(file);
        Assert.Equal(r.GetProperty("nobs").GetInt32(), m.ObservationCount);
        double objective = r.GetProperty("objective").GetDouble();
        Assert.True(Math.Abs(m.Objective - objective) <= 2e-7 * Math.Abs(objective), $"{file} objective {m.Objective:R} vs {objective:R}");
        var beta = r.GetProperty("beta");
        var se = r.GetProperty("se");
        Assert.Equal(beta.EnumerateObject().Select(p => p.Name), m.FixedEffects.Select(f => f.Name));
        foreach (var fe in m.FixedEffects)
        {
            double s = se.GetProperty(fe.Name).GetDouble();
            Assert.True(Math.Abs(fe.Estimate - beta.GetProperty(fe.Name).GetDouble()) <= 1e-3 * s, $"{file} β {fe.Name} {fe.Estimate:R}");
            Assert.True(Math.Abs(fe.StdError - s) <= 1e-3 * s, $"{file} SE {fe.Name} {fe.StdError:R} vs {s:R}");
        }
        var fitted = Lme4Reference.Numbers(r.GetProperty("fitted_head"));
        for (int i = 0; i < fitted.Length; i++)
            Assert.True(Math.Abs(m.Fitted[i] - fitted[i]) <= 1e-3 * m.Sigma, $"{file} fitted[{i}]");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void PredictionsReuseTheFittedBasis(string file)
    {
        var (r, m) = Fit(file);
        var table = CsvTableReader.Read(Lme4Reference.FixturePath("bases", r.GetProperty("newdata").GetString()!));
        if (table.Contains("SCHOOL")) table = table.WithTextColumn("SCHOOL");
        foreach (var (level, key) in new[] { (PredictionLevel.Conditional, "predict_conditional"), (PredictionLevel.Population, "predict_population") })
        {
            var expected = Lme4Reference.Numbers(r.GetProperty(key));
            var p = Predictions.Compute(m, table, level);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(p.Fit[i] - expected[i]) <= 1e-3 * m.Sigma, $"{file} {key}[{i}] {p.Fit[i]:R} vs {expected[i]:R}");
        }
    }

    [Theory]
    [InlineData("y ~ poly(x, 3) + (1|g)", "the degree must be less than the number of distinct values (3)")]
    [InlineData("y ~ scale(c) + (1|g)", "constant, so it cannot be scaled")]
    public void DegenerateBasesAreRefused(string formula, string fragment)
    {
        var table = CsvTableReader.Read(new StringReader("y,x,c,g\n1,0,5,a\n2,1,5,a\n3,2,5,b\n5,0,5,b\n4,1,5,c\n6,2,5,c\n"), "d.csv");
        var e = Assert.Throws<ModelException>(() => MixedModelDesign.Build(table, FormulaParser.Parse(formula)));
        Assert.Contains(fragment, e.Message);
    }

    [Theory]
    [InlineData("y ~ poly(x) + (1|g)", "poly() needs a degree")]
    [InlineData("y ~ poly(x, 0) + (1|g)", "whole number from 1 to 20")]
    [InlineData("y ~ poly(x, 2, raw = TRUE) + (1|g)", "raw = TRUE is not supported")]
    public void MalformedPolyIsAFormulaError(string formula, string fragment) =>
        Assert.Contains(fragment, Assert.Throws<FormulaException>(() => FormulaParser.Parse(formula)).Message);
}
