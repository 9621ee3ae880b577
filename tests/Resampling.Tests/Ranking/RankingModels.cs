using Resampling.Engine;
using Resampling.Tests.Support;
using Resampling.Model;

namespace Resampling.Tests.Ranking;

/// <summary>The walkthrough's HSB fits, fitted once per test run.</summary>
internal static class RankingModels
{
    public const string Mod1 = HsbModels.Mod1;
    public const string Mod4 = HsbModels.Mod4;
    public const string Mod5 = HsbModels.Mod5;

    private static readonly Dictionary<string, LinearMixedModel> Fits = new();

    public static LinearMixedModel Fit(string formula)
    {
        lock (Fits)
        {
            if (!Fits.TryGetValue(formula, out var m)) Fits[formula] = m = LinearMixedModel.Fit(TestData.Hsb, formula);
            return m;
        }
    }
}
