using MathNet.Numerics.Distributions;
using Resampling.Engine;

namespace Resampling.Intervals;

/// <summary>
/// lme4's confint(method = "Wald"): β̂ ± qnorm · SE for the fixed effects; the variance parameters get no Wald interval
/// (lme4 prints NA), so their rows carry NaN bounds.
/// </summary>
public static class WaldIntervals
{
    public static IReadOnlyList<ConfidenceInterval> Compute(LinearMixedModel model, double level = 0.95)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), "The level must lie strictly between 0 and 1.");
        double z = Normal.InvCDF(0, 1, (1 + level) / 2);
        var parameters = new VarianceParameters(model.Design, model.Covariances.Select(c => c.Group).ToList());
        var result = new List<ConfidenceInterval>();
        for (int i = 0; i < parameters.Count; i++)
            result.Add(new ConfidenceInterval(parameters.Names[i], parameters.Labels[i], double.NaN, double.NaN, "wald"));
        foreach (var fe in model.FixedEffects)
            result.Add(new ConfidenceInterval(fe.Name, fe.Name, fe.Estimate - z * fe.StdError, fe.Estimate + z * fe.StdError, "wald"));
        return result;
    }
}
