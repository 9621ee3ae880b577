using Resampling.Engine;
using Resampling.Tests.Support;

namespace Resampling.Tests.Ranking;

/// <summary>The walkthrough's HSB fits, fitted once per test run.</summary>
internal static class RankingModels
{
    public const string Mod1 = "MATHACH ~ (1|SCHOOL)";
    public const string Mod4 = "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1 + cses|SCHOOL)";
    public const string Mod5 = "MATHACH ~ cses + MEANSES + SECTOR + cses*MEANSES + cses*SECTOR + (1|SCHOOL)";

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
