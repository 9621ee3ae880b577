using Resampling.Numerics;

namespace Resampling.Engine;

/// <summary>Per-group coefficients (lme4's coef) and scaled residuals.</summary>
public sealed partial class LinearMixedModel
{
    /// <summary>Residuals divided by σ̂ (lme4's residuals(scaled = TRUE)), computed on each call.</summary>
    public ReadOnlyVector ScaledResiduals => ReadOnlyVector.Wrap(Residuals.Select(e => e / Sigma).ToArray());

    /// <summary>
    /// lme4's coef(model): for each grouping factor, every fixed-effect column with that level's random effect added
    /// where a random-effect column has the same name; Values is level × (fixed effects, then random-only columns).
    /// </summary>
    public IReadOnlyList<GroupCoefficients> Coefficients()
    {
        var result = new List<GroupCoefficients>();
        foreach (var factor in RandomEffects.GroupBy(r => r.Factor))
        {
            var terms = factor.ToList();
            var names = FixedEffects.Select(f => f.Name).ToList();
            foreach (var t in terms)
                foreach (var n in t.Names)
                    if (!names.Contains(n)) names.Add(n);
            var levels = terms[0].Levels;
            var values = new double[levels.Count, names.Count];
            for (int l = 0; l < levels.Count; l++)
            {
                for (int k = 0; k < FixedEffects.Count; k++) values[l, k] = FixedEffects[k].Estimate;
                foreach (var t in terms)
                    for (int c = 0; c < t.Names.Count; c++) values[l, names.IndexOf(t.Names[c])] += t.Values[l, c];
            }
            result.Add(new GroupCoefficients(factor.Key, levels, names, ReadOnlyMatrix.Wrap(values)));
        }
        return result;
    }
}

/// <summary>Coefficients per level of one grouping factor (lme4's coef(model)$factor).</summary>
public sealed record GroupCoefficients(string Factor, IReadOnlyList<string> Levels, IReadOnlyList<string> Names, ReadOnlyMatrix Values);
