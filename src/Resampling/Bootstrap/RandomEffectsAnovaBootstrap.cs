using Resampling.Engine;
using Resampling.Inference.Deletion;

namespace Resampling.Bootstrap;

/// <summary>
/// ranova's parametric-bootstrap p per row: each reduced model against the full one by pbkrtest's PBmodcomp
/// (<see cref="ParametricBootstrapLrt"/>: both refitted by ML, responses simulated from the reduced model, PBtest's
/// (1 + #{T* &gt; T}) / (1 + #{T* &gt; 0})), every row with the same options and seed, so a row's result is the one
/// <c>pbmodcomp</c> gives for that pair. A row that leaves no random term is the model against its linear model
/// (<see cref="ParametricBootstrapLrt.RunAgainstFixedPart"/>: simulated from the lm, the lm refitted in closed form).
/// Maths: docs/analysis.md §2.
/// </summary>
public static class RandomEffectsAnovaBootstrap
{
    /// <summary>One result per row of <paramref name="table"/> (null for the full model's row).</summary>
    public static RandomEffectsAnovaBootstrapResult Run(LinearMixedModel model, RandomTermDeletionTable table, BootstrapOptions options)
    {
        var results = new PbModcompResult?[table.Rows.Count];
        for (int i = 1; i < table.Rows.Count; i++)
            results[i] = table.Rows[i].Reduced is { } reduced
                ? ParametricBootstrapLrt.Run(RandomEffectsAnova.FitReduced(model, reduced), model, options)
                : ParametricBootstrapLrt.RunAgainstFixedPart(model, options);
        return new RandomEffectsAnovaBootstrapResult(results, options.Replicates, options.Seed);
    }
}
