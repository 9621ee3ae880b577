using Resampling.Engine;

namespace Resampling.Inference.Checks;

/// <summary>The scaled residuals of one group of the first grouping factor, with their median (the figure's order).</summary>
public sealed record GroupResiduals(string Level, IReadOnlyList<double> Residuals, double Median);

/// <summary>A normal QQ plot of one random-effect column's conditional modes (one panel per term column).</summary>
public sealed record RandomEffectQuantiles(string Factor, string Column, NormalQuantiles Points);

/// <summary>
/// What a model-check report draws: scaled (Pearson) residuals against fitted values and their normal QQ points,
/// the QQ points of each random-effect column's conditional modes, the residuals by group of the first grouping
/// factor (ordered by median), and each group's influence on the fixed effects (Cook's distance by deletion).
/// Pearson residuals are on the working scale, √w·e/σ̂ (lme4's residuals(type = "pearson")/sigma), which is e/σ̂
/// without weights; fitted values are on the data scale.
/// </summary>
public sealed record ModelCheck(
    LinearMixedModel Model,
    IReadOnlyList<double> Fitted,
    IReadOnlyList<double> ScaledResiduals,
    NormalQuantiles ResidualQuantiles,
    IReadOnlyList<RandomEffectQuantiles> RandomEffects,
    string GroupFactor,
    IReadOnlyList<GroupResiduals> ByGroup,
    GroupInfluence? Influence)
{
    /// <param name="model">The fitted model (it needs at least one random-effects term).</param>
    /// <param name="influence">Whether to compute Cook's distances (one refit per group).</param>
    public static ModelCheck Compute(LinearMixedModel model, bool influence = true)
    {
        var design = model.Design;
        if (design.Terms.Count == 0) throw new ArgumentException("A model check needs a random-effects term.");
        var scaled = model.WorkingResiduals.Select(e => e / model.Sigma).ToArray();
        var re = new List<RandomEffectQuantiles>();
        foreach (var t in model.RandomEffects)
            for (int j = 0; j < t.Names.Count; j++)
            {
                var column = new double[t.Values.Rows];
                for (int i = 0; i < column.Length; i++) column[i] = t.Values[i, j];
                re.Add(new RandomEffectQuantiles(t.Factor, t.Names[j], NormalQuantiles.Of(column)));
            }

        var first = design.Terms[0];
        var lists = Enumerable.Range(0, first.LevelCount).Select(_ => new List<double>()).ToArray();
        for (int i = 0; i < scaled.Length; i++) lists[first.GroupIndex[i]].Add(scaled[i]);
        var byGroup = lists.Select((l, g) => new GroupResiduals(first.Levels[g], l,
                l.Count == 0 ? double.NaN : Numerics.RStats.Quantiles(l, [0.5])[0]))
            .OrderBy(g => g.Median).ToList();
        return new ModelCheck(model, model.Fitted.ToArray(), scaled, NormalQuantiles.Of(scaled), re, first.GroupName, byGroup,
            influence ? GroupInfluence.Compute(model) : null);
    }
}
