using Resampling.Inference.Decomposition;

namespace Resampling.Bootstrap;

/// <summary>
/// The decomposition of the fit, its bootstrap draws and one summary per ratio (in <see cref="DecompositionBootstrap.Names"/>
/// order), whose <see cref="BootstrapParameterSummary.Percentile"/> is the interval reported.
/// </summary>
public sealed record DecompositionBootstrapResult(VarianceDecomposition Estimate, BootstrapResult Bootstrap,
    IReadOnlyList<BootstrapParameterSummary> Summaries, double Level)
{
    public BootstrapParameterSummary IccAdjusted => Summaries[0];
    public BootstrapParameterSummary IccConditional => Summaries[1];
    public BootstrapParameterSummary R2Marginal => Summaries[2];
    public BootstrapParameterSummary R2Conditional => Summaries[3];
}
