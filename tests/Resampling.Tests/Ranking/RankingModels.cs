using Resampling.Engine;
using Resampling.Tests.Support;

namespace Resampling.Tests.Ranking;

/// <summary>The walkthrough's HSB fits the ranking tests use (fitted once, in <see cref="FittedModels"/>).</summary>
internal static class RankingModels
{
    public const string Mod1 = FittedModels.Mod1;
    public const string Mod4 = FittedModels.Mod4;
    public const string Mod5 = FittedModels.Mod5;

    public static LinearMixedModel Fit(string formula) => FittedModels.Hsb(formula);
}
