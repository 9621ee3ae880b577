using Resampling.Data;
using Resampling.Engine;
using Resampling.Numerics;

namespace Resampling.Prediction;

/// <summary>Which random effects enter a prediction: none (lme4's re.form = NA) or all (re.form = NULL).</summary>
public enum PredictionLevel { Population, Conditional }

/// <summary>
/// Predictions for new rows. <see cref="StdError"/> is the standard error of the population-level prediction,
/// sqrt(x' V x) with V the fixed effects' covariance (null for conditional predictions, where lme4 gives none either).
/// <see cref="NewLevelRows"/> counts rows whose group the model never saw, predicted at population level for that term.
/// </summary>
public sealed record PredictionResult(PredictionLevel Level, ReadOnlyVector Fit, ReadOnlyVector? StdError, int NewLevelRows)
{
    /// <summary>Confidence or prediction limits when asked for (<see cref="PredictionIntervals"/>), else null.</summary>
    public PredictionBounds? Bounds { get; init; }
}

/// <summary>lme4's predict(model, newdata, re.form = NA or NULL, allow.new.levels = TRUE).</summary>
public static class Predictions
{
    /// <summary>Predictions for the rows of <paramref name="newData"/>, coded as the table the model was fitted to.</summary>
    public static PredictionResult Compute(LinearMixedModel model, DataTable newData, PredictionLevel level)
    {
        var design = NewDataDesign.Build(model.Design, newData, level == PredictionLevel.Conditional);
        return Compute(model, design, level);
    }

    /// <summary>Predictions with confidence or prediction limits at <paramref name="confidence"/> (docs/inference.md §7).</summary>
    public static PredictionResult Compute(LinearMixedModel model, DataTable newData, PredictionLevel level, IntervalKind interval, double confidence = 0.95)
    {
        bool needZ = level == PredictionLevel.Conditional || interval == IntervalKind.Prediction;
        var design = NewDataDesign.Build(model.Design, newData, needZ, groupsOptional: level == PredictionLevel.Population);
        var result = Compute(model, design, level);
        if (interval == IntervalKind.None) return result;
        return result with { Bounds = PredictionIntervals.Compute(model, design, level, result.Fit, interval, confidence) };
    }

    public static PredictionResult Compute(LinearMixedModel model, NewDataDesign design, PredictionLevel level)
    {
        int n = design.RowCount, p = model.FixedEffects.Count;
        var beta = model.Beta;
        var fit = new double[n];
        for (int k = 0; k < p; k++)
        {
            var col = design.X[k];
            for (int i = 0; i < n; i++) fit[i] += beta[k] * col[i];
        }
        if (design.Offset is { } offset)
            for (int i = 0; i < n; i++) fit[i] += offset[i];
        double[]? se = null;
        int newLevels = 0;
        if (level == PredictionLevel.Population)
        {
            se = new double[n];
            var v = model.FixedCovariance;
            var x = new double[p];
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < p; k++) x[k] = design.X[k][i];
                double s = 0;
                for (int a = 0; a < p; a++)
                {
                    double t = 0;
                    for (int b = 0; b < p; b++) t += v[a, b] * x[b];
                    s += x[a] * t;
                }
                se[i] = Math.Sqrt(s);
            }
        }
        else
        {
            var isNew = new bool[n];
            for (int t = 0; t < model.RandomEffects.Count; t++)
            {
                var values = model.RandomEffects[t].Values;
                var z = design.Z[t];
                var levels = design.Levels[t];
                for (int i = 0; i < n; i++)
                {
                    int l = levels[i];
                    if (l < 0) { isNew[i] = true; continue; }
                    for (int c = 0; c < z.Length; c++) fit[i] += z[c][i] * values[l, c];
                }
            }
            newLevels = isNew.Count(b => b);
        }
        return new PredictionResult(level, ReadOnlyVector.Wrap(fit), se is null ? null : ReadOnlyVector.Wrap(se), newLevels);
    }
}
