using System.Text.Json;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Prediction;
using Resampling.Tests.Support;

namespace Resampling.Tests.Engine;

/// <summary>
/// Prior weights (lme4's weights=) and offset() terms against lme4 (Fixtures/weights/generate.R): objective, logLik and
/// AIC to 2e-7 relative, β to 1e-3 of its SE, SEs, θ and σ to 1e-3 relative, fitted values and residuals on the data's
/// scale, the summary's Pearson residual quantiles, and predictions on new data with the offset evaluated there.
/// </summary>
public class WeightsOffsetParityTests
{
    public static TheoryData<string> Fixtures() => Lme4Reference.FileTheory("weights");

    private static (JsonElement R, LinearMixedModel M) Fit(string file)
    {
        var r = JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("weights", file))).RootElement;
        string csv = file.StartsWith("hsb", StringComparison.Ordinal) ? "hsb_weights.csv"
            : file.StartsWith("sleep", StringComparison.Ordinal) ? "sleep_weights.csv" : "penicillin_weights.csv";
        var table = CsvTableReader.Read(Lme4Reference.FixturePath("weights", csv));
        if (csv.StartsWith("hsb", StringComparison.Ordinal)) table = HsbModels.WithCses(table);
        string? weights = r.GetProperty("weights").ValueKind == JsonValueKind.String ? r.GetProperty("weights").GetString() : null;
        var design = MixedModelDesign.Build(table, FormulaParser.Parse(r.GetProperty("formula").GetString()!), weights);
        return (r, LinearMixedModel.Fit(design, new FitOptions { Reml = r.GetProperty("REML").GetBoolean() }));
    }

    private static void Relative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: {actual:R} vs lme4 {expected:R}");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FitMatchesLme4(string file)
    {
        var (r, m) = Fit(file);
        Assert.Equal(r.GetProperty("nobs").GetInt32(), m.ObservationCount);
        Relative(r.GetProperty("objective").GetDouble(), m.Objective, 2e-7, $"{file} objective");
        Relative(r.GetProperty("logLik").GetDouble(), m.LogLikelihood, 2e-7, $"{file} logLik");
        Relative(r.GetProperty("AIC").GetDouble(), m.Aic, 2e-7, $"{file} AIC");
        Relative(r.GetProperty("sigma").GetDouble(), m.Sigma, 1e-3, $"{file} sigma");
        var theta = Lme4Reference.Numbers(r.GetProperty("theta"));
        for (int i = 0; i < theta.Length; i++)
            Assert.True(Math.Abs(m.Theta[i] - theta[i]) <= 1e-3 * Math.Max(Math.Abs(theta[i]), 0.05), $"{file} theta[{i}] {m.Theta[i]:R} vs {theta[i]:R}");
        var beta = r.GetProperty("beta");
        var se = r.GetProperty("se");
        Assert.Equal(beta.EnumerateObject().Select(p => p.Name), m.FixedEffects.Select(f => f.Name));
        foreach (var fe in m.FixedEffects)
        {
            double s = se.GetProperty(fe.Name).GetDouble();
            Assert.True(Math.Abs(fe.Estimate - beta.GetProperty(fe.Name).GetDouble()) <= 1e-3 * s, $"{file} β {fe.Name}");
            Relative(s, fe.StdError, 1e-3, $"{file} SE {fe.Name}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FittedValuesAndResidualsAreOnTheDataScale(string file)
    {
        var (r, m) = Fit(file);
        var fitted = Lme4Reference.Numbers(r.GetProperty("fitted_head"));
        var resid = Lme4Reference.Numbers(r.GetProperty("resid_head"));
        double sd = m.Sigma;
        for (int i = 0; i < fitted.Length; i++)
        {
            Assert.True(Math.Abs(m.Fitted[i] - fitted[i]) <= 1e-3 * sd, $"{file} fitted[{i}] {m.Fitted[i]:R} vs {fitted[i]:R}");
            Assert.True(Math.Abs(m.Residuals[i] - resid[i]) <= 1e-3 * sd, $"{file} resid[{i}] {m.Residuals[i]:R} vs {resid[i]:R}");
            Assert.Equal(m.Design.ResponseAt(i), m.Fitted[i] + m.Residuals[i], 1e-9 * Math.Abs(m.Design.ResponseAt(i)));
        }
        // summary()'s "Scaled residuals": Pearson residuals √w (y − ŷ) / σ.
        var q = Lme4Reference.Numbers(r.GetProperty("scaled_resid_quantiles"));
        string summary = Resampling.Reporting.SummaryWriter.Write(m, m.FixedEffects, null, "data.csv");
        string line = summary.Split('\n').SkipWhile(l => !l.StartsWith("Scaled residuals", StringComparison.Ordinal)).Skip(2).First();
        var printed = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (int i = 0; i < q.Length; i++) Assert.True(Math.Abs(printed[i] - q[i]) <= 1e-3 * Math.Max(1, Math.Abs(q[i])), $"{file} scaled residual quantile {i}: {printed[i]} vs {q[i]}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void PredictionsOnNewDataAddTheOffset(string file)
    {
        var (r, m) = Fit(file);
        if (!r.TryGetProperty("newdata", out var nd)) return;
        var table = CsvTableReader.Read(Lme4Reference.FixturePath("weights", nd.GetString()!));
        foreach (var (level, key) in new[] { (PredictionLevel.Conditional, "predict_conditional"), (PredictionLevel.Population, "predict_population") })
        {
            var expected = Lme4Reference.Numbers(r.GetProperty(key));
            var p = Predictions.Compute(m, table, level);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(p.Fit[i] - expected[i]) <= 1e-3 * m.Sigma, $"{file} {key}[{i}] {p.Fit[i]:R} vs {expected[i]:R}");
        }
    }
}

/// <summary>The parametric bootstrap of a weighted model with an offset simulates σ²/wᵢ noise around o + Xβ̂ (seeded, Monte Carlo tolerances).</summary>
public class WeightedBootstrapTests
{
    [Fact]
    public void BootstrapRecoversTheWeightedModel()
    {
        var table = CsvTableReader.Read(Lme4Reference.FixturePath("weights", "sleep_weights.csv"));
        var design = MixedModelDesign.Build(table, FormulaParser.Parse("Reaction ~ Days + offset(log(exposure)) + (Days|Subject)"), "w");
        var m = LinearMixedModel.Fit(design);
        var boot = Resampling.Bootstrap.ParametricBootstrap.Run(m, new Resampling.Bootstrap.BootstrapOptions { Replicates = 400, Seed = 17 });
        var sigma = boot.Values("sigma");
        var days = boot.Values("Days");
        // σ̂* averages σ̂ up to the REML estimator's small bias (Monte Carlo error about 0.3%).
        Assert.InRange(sigma.Average() / m.Sigma, 0.97, 1.03);
        // β̂* is centred on β̂ (MC error SE/20) and spreads as the model's SE says (MC error about 3.5%).
        double se = m.FixedEffects[1].StdError;
        Assert.InRange(days.Average(), m.Beta[1] - 4 * se / 20, m.Beta[1] + 4 * se / 20);
        double sd = Math.Sqrt(days.Select(d => (d - days.Average()) * (d - days.Average())).Sum() / (days.Length - 1));
        Assert.InRange(sd / se, 0.85, 1.15);
    }
}
