using Resampling.Figures;
using Resampling.Mcmc;

namespace Resampling.Examples.McmcMod4;

/// <summary>
/// McmcPlots' trace and density plots, with each density's x axis kept inside the parameter's support: the kernel
/// density spills a few bandwidths past a bound (a correlation beyond ±1, an sd below 0), which readers take for draws there.
/// </summary>
public static class ParameterPlots
{
    public const int Width = 800, Height = 400;

    public static void Write(McmcResult result, string directory, IEnumerable<string> parameters)
    {
        foreach (var name in parameters)
        {
            string file = McmcMod4Runner.PlotName(name);
            McmcPlots.Trace(result.Draws(name), result.Chains, result.Warmup, result.Thin, name)
                .SavePng(Path.Combine(directory, $"trace_{file}.png"), Width, Height);
            var density = McmcPlots.Density(result.Draws(name), result.Chains, name);
            var (lower, upper) = Support(name);
            density.Axes.AutoScale();
            var limits = density.Axes.GetLimits();
            density.Axes.SetLimitsX(Math.Max(limits.Left, lower), Math.Min(limits.Right, upper));
            density.SavePng(Path.Combine(directory, $"density_{file}.png"), Width, Height);
        }
    }

    /// <summary>Where a parameter can lie, from its name: sds, variances and σ are positive, correlations in [−1, 1].</summary>
    public static (double Lower, double Upper) Support(string name) =>
        name.StartsWith("cor_", StringComparison.Ordinal) ? (-1, 1)
        : name.StartsWith("sd_", StringComparison.Ordinal) || name.StartsWith("var_", StringComparison.Ordinal) || name == "sigma"
            ? (0, double.PositiveInfinity)
            : (double.NegativeInfinity, double.PositiveInfinity);
}
