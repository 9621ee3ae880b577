using Resampling.Data;
using Resampling.Glmm;
using Resampling.Numerics;

namespace Resampling.Prediction;

/// <summary>The scale of a GLMM prediction: the linear predictor η, or the mean μ = g⁻¹(η) (predict.merMod's type).</summary>
public enum GlmmPredictionScale { Link, Response }

/// <summary>
/// lme4's predict for a GLMM on new rows: η = offset + Xβ̂ (re.form = NA), plus Σ Z b̃ over the terms conditional on
/// the groups (re.form = NULL), where a level the model was not fitted with contributes 0 (allow.new.levels = TRUE); on
/// the link scale η, on the response scale μ = g⁻¹(η) (a probability, or a rate times the exposure in the offset).
/// No standard errors (predict.merMod has none either). docs/glmm.md §10.
/// </summary>
public static class GlmmPredictions
{
    public static PredictionResult Compute(GeneralizedLinearMixedModel model, DataTable newData, PredictionLevel level, GlmmPredictionScale scale)
    {
        var design = NewDataDesign.Build(model.Problem.Design, newData, includeRandom: level == PredictionLevel.Conditional);
        int n = design.RowCount;
        var fit = new double[n];
        var beta = model.Beta;
        var newRows = new bool[n];
        for (int i = 0; i < n; i++)
        {
            double eta = design.Offset?[i] ?? 0;
            for (int j = 0; j < beta.Count; j++) eta += design.X[j][i] * beta[j];
            fit[i] = eta;
        }
        if (level == PredictionLevel.Conditional)
        {
            for (int k = 0; k < model.RandomEffects.Count; k++)
            {
                var values = model.RandomEffects[k].Values;
                var z = design.Z[k];
                var levels = design.Levels[k];
                for (int i = 0; i < n; i++)
                {
                    int g = levels[i];
                    if (g < 0)
                    {
                        newRows[i] = true;
                        continue;
                    }
                    for (int c = 0; c < z.Length; c++) fit[i] += z[c][i] * values[g, c];
                }
            }
        }
        if (scale == GlmmPredictionScale.Response)
            for (int i = 0; i < n; i++) fit[i] = model.Family.Mean(fit[i]);
        return new PredictionResult(level, ReadOnlyVector.CopyOf(fit), null, newRows.Count(b => b));
    }
}
