using Resampling.Data;
using Resampling.Formulas;

namespace Resampling.Model;

/// <summary>A design rebuilt from cross-products summed over shards of the data (resampling crossproducts).</summary>
public sealed partial class MixedModelDesign
{
    /// <summary>
    /// The design whose rows are pseudo-rows: a few rows per cell (one combination of grouping levels) whose cross-products
    /// [Z X y]'[Z X y] equal the data's in that cell, so every quantity the engine computes from cross-products is the
    /// data's. The fixed-effects columns <paramref name="fullX"/> are all of them: aliased ones are dropped here, on the
    /// union of the shards (Gram-Schmidt needs only inner products, which the pseudo-rows keep), and the level checks
    /// are made against <paramref name="observations"/>, the data's number of rows. With prior weights the cross-products
    /// are of the weighted rows, and <paramref name="logWeightSum"/> (Σ log w, summed over the shards) enters the objective.
    /// Maths: docs/cluster.md.
    /// </summary>
    internal static MixedModelDesign FromPseudoRows(Formula formula, double[] y, ModelMatrix fullX,
        IReadOnlyList<RandomEffectsTerm> terms, int droppedRows, int observations, double logWeightSum = 0)
    {
        var (x, aliased) = DropAliased(fullX);
        foreach (var term in terms) CheckLevels(term, observations);
        var ordered = terms.OrderByDescending(t => t.LevelCount).ToList();
        var rows = Enumerable.Range(0, y.Length).ToArray();
        return new MixedModelDesign(formula, y, x, aliased, ordered, droppedRows, rows, new DataTable([]))
        {
            ObservationCount = observations,
            FromCrossproducts = true,
            LogWeightSum = logWeightSum,
        };
    }
}
