using Resampling.Engine;
using Resampling.Inference.Decomposition;

namespace Resampling.Bootstrap;

/// <summary>
/// Percentile intervals for the ICC and R² (<see cref="VarianceDecomposition"/>) from the parametric bootstrap: each
/// replicate simulates y* from the fitted model, refits it (<see cref="ParametricBootstrap"/>'s statistic run, so the
/// one replicate runner, its streams and its thread-count independence) and recomputes the four ratios.
/// Maths: docs/analysis.md §1.
/// </summary>
public static class DecompositionBootstrap
{
    /// <summary>The bootstrapped statistics, in this order.</summary>
    public static readonly IReadOnlyList<string> Names = ["icc_adjusted", "icc_conditional", "r2_marginal", "r2_conditional"];

    public static DecompositionBootstrapResult Run(LinearMixedModel model, BootstrapOptions options, double level = 0.95)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), "The level must be between 0 and 1.");
        var boot = ParametricBootstrap.Run(model, Ratios, Names, options);
        return new DecompositionBootstrapResult(VarianceDecomposition.Of(model), boot, boot.Summarize(level), level);
    }

    private static double[] Ratios(LinearMixedModel m)
    {
        var d = VarianceDecomposition.Of(m);
        return [d.IccAdjusted, d.IccConditional, d.R2Marginal, d.R2Conditional];
    }
}
