using Resampling.Engine;
using Resampling.Model;
using Resampling.Tests.Support;

namespace Resampling.Tests.Ranking;

/// <summary>The walkthrough's HSB fits the ranking tests use (fitted once, in <see cref="FittedModels"/>).</summary>
internal static class RankingModels
{
    public const string Mod1 = HsbModels.Mod1;
    public const string Mod4 = HsbModels.Mod4;
    public const string Mod5 = HsbModels.Mod5;

    public static LinearMixedModel Fit(string formula) => FittedModels.Hsb(formula);
}
