using Resampling.Engine;
using Resampling.Model;
using Resampling.Tests.Support;

namespace Resampling.Tests.Bootstrap;

/// <summary>The fitted models the bootstrap tests use, by their short names (fitted once, in <see cref="FittedModels"/>).</summary>
internal static class Models
{
    public const string Mod4Formula = HsbModels.Mod4;
    public const string Mod5Formula = HsbModels.Mod5;
    public const string SleepFormula = FittedModels.Sleep;

    public static LinearMixedModel Mod4 => FittedModels.Mod4Fit;
    public static LinearMixedModel Mod5 => FittedModels.Mod5Fit;
    public static LinearMixedModel Sleep => FittedModels.SleepFit;
}
