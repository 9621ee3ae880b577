using MathNet.Numerics.Distributions;
using Resampling.Engine;
using Resampling.Numerics;

namespace Resampling.Prediction;

/// <summary>Which interval <c>predict</c> reports around each fit: none, for the mean (confidence) or for a new observation (prediction).</summary>
public enum IntervalKind { None, Confidence, Prediction }

/// <summary>Lower and upper limits around each prediction, with the standard deviation they were built from.</summary>
public sealed record PredictionBounds(IntervalKind Kind, double Level, ReadOnlyVector StdDev, ReadOnlyVector Lower, ReadOnlyVector Upper);

/// <summary>
/// Normal-theory intervals around predictions (docs/inference.md §7). For row i with fixed-effects row x and, per term t,
/// random-effects row z_t, the variance is x'V_β x (V_β the fixed effects' covariance) plus, per term:
/// population level or a level the model never saw, z_t' Σ_t z_t (Σ_t the term's VarCorr); conditional on a known level,
/// z_t' C_tl z_t with C_tl the level's conditional covariance of b (lme4's condVar, its whole p × p block, so that a
/// random slope's covariance with its intercept counts).
/// A prediction interval adds σ² (a new row has unit prior weight). Limits are fit ± z_{(1+level)/2}·sd, as merTools'
/// predictInterval and common practice use normal quantiles.
/// </summary>
public static class PredictionIntervals
{
    public static PredictionBounds Compute(LinearMixedModel model, NewDataDesign design, PredictionLevel level, ReadOnlyVector fit, IntervalKind kind, double confidence)
    {
        if (kind == IntervalKind.None) throw new ArgumentException("No interval asked for.", nameof(kind));
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentException($"The level must lie strictly between 0 and 1 (got {confidence}).", nameof(confidence));
        var variance = Variance(model, design, level, kind);
        double q = Normal.InvCDF(0, 1, (1 + confidence) / 2);
        int n = design.RowCount;
        var sd = new double[n];
        var lower = new double[n];
        var upper = new double[n];
        for (int i = 0; i < n; i++)
        {
            sd[i] = Math.Sqrt(variance[i]);
            lower[i] = fit[i] - q * sd[i];
            upper[i] = fit[i] + q * sd[i];
        }
        return new PredictionBounds(kind, confidence, ReadOnlyVector.Wrap(sd), ReadOnlyVector.Wrap(lower), ReadOnlyVector.Wrap(upper));
    }

    /// <summary>The variance of each row's interval (see the type's summary); the design must carry Z (built with random terms).</summary>
    public static double[] Variance(LinearMixedModel model, NewDataDesign design, PredictionLevel level, IntervalKind kind)
    {
        int n = design.RowCount, p = model.FixedEffects.Count;
        var v = model.FixedCovariance;
        var result = new double[n];
        var x = new double[p];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < p; k++) x[k] = design.X[k][i];
            result[i] = QuadraticForm(v, x);
        }
        if (kind == IntervalKind.Prediction)
        {
            double s2 = model.Sigma * model.Sigma;
            for (int i = 0; i < n; i++) result[i] += s2;
        }
        if (level == PredictionLevel.Population && kind == IntervalKind.Confidence) return result; // se.fit²
        for (int t = 0; t < model.Covariances.Count; t++)
        {
            var z = design.Z[t];
            if (z.Length == 0) throw new InvalidOperationException("The new-data design was built without the random-effects columns.");
            var sigma = model.Covariances[t].Covariance;
            var condCov = model.RandomEffects[t].CondCovariance;
            var condSd = model.RandomEffects[t].CondSd;
            var levels = design.Levels[t];
            var zi = new double[z.Length];
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < z.Length; c++) zi[c] = z[c][i];
                int l = level == PredictionLevel.Conditional ? levels[i] : -1;
                if (l >= 0)
                {
                    // Known level: the uncertainty left in its predicted random effects.
                    if (condCov.Count > 0) result[i] += QuadraticForm(condCov[l], zi);
                    else for (int c = 0; c < z.Length; c++) result[i] += zi[c] * zi[c] * condSd[l, c] * condSd[l, c];
                }
                else if (kind == IntervalKind.Prediction)
                {
                    // Unknown level: a new group's effects are a fresh draw from N(0, Σ_t). A confidence interval targets
                    // the population mean there, which has no random-effects part.
                    result[i] += QuadraticForm(sigma, zi);
                }
            }
        }
        return result;
    }

    private static double QuadraticForm(ReadOnlyMatrix m, double[] x)
    {
        double s = 0;
        for (int a = 0; a < x.Length; a++)
        {
            double t = 0;
            for (int b = 0; b < x.Length; b++) t += m[a, b] * x[b];
            s += x[a] * t;
        }
        return s;
    }
}
