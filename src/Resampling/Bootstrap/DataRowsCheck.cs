using Resampling.Engine;
using Resampling.Model;

namespace Resampling.Bootstrap;

/// <summary>
/// Refuses, in one line, a scheme that needs the data's rows on a model fitted from shards' cross-products, whose design
/// holds pseudo-rows (docs/cluster.md §5): resampling rows or residuals, refitting a whole model per replicate, or
/// simulating two models on the same rows.
/// </summary>
internal static class DataRowsCheck
{
    public static void Require(LinearMixedModel model, string what)
    {
        if (model.Design.FromCrossproducts)
            throw new ModelException($"{what} needs the data's rows, which cross-products do not keep: fit the model from the data (the parametric bootstrap runs from cross-products).");
    }
}
