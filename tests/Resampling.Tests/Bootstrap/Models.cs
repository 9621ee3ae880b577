using Resampling.Engine;
using Resampling.Tests.Support;
using Resampling.Model;

namespace Resampling.Tests.Bootstrap;

/// <summary>Fitted models the bootstrap tests share, fitted once per test run.</summary>
internal static class Models
{
    public const string Mod4Formula = HsbModels.Mod4;
    public const string Mod5Formula = HsbModels.Mod5;
    public const string SleepFormula = "Reaction ~ Days + (Days|Subject)";

    private static readonly Lazy<LinearMixedModel> Mod4Lazy = new(() => LinearMixedModel.Fit(TestData.Hsb, Mod4Formula));
    private static readonly Lazy<LinearMixedModel> Mod5Lazy = new(() => LinearMixedModel.Fit(TestData.Hsb, Mod5Formula));
    private static readonly Lazy<LinearMixedModel> SleepLazy = new(() => LinearMixedModel.Fit(TestData.Sleepstudy, SleepFormula));

    public static LinearMixedModel Mod4 => Mod4Lazy.Value;
    public static LinearMixedModel Mod5 => Mod5Lazy.Value;
    public static LinearMixedModel Sleep => SleepLazy.Value;
}
