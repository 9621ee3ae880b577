using Resampling.Engine;

namespace Resampling.Bootstrap;

/// <summary>The resampling schemes the toolkit offers, all giving the same outputs.</summary>
public enum BootstrapType { Parametric, Case, Residual }

/// <summary>Runs the chosen scheme.</summary>
public static class BootstrapRun
{
    public static BootstrapResult Run(LinearMixedModel model, BootstrapType type, BootstrapOptions options) => type switch
    {
        BootstrapType.Parametric => ParametricBootstrap.Run(model, options),
        BootstrapType.Case => CaseBootstrap.Run(model, options),
        BootstrapType.Residual => ResidualBootstrap.Run(model, options),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
