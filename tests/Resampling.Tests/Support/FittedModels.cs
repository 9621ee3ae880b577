using System.Collections.Concurrent;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Model;

namespace Resampling.Tests.Support;

/// <summary>
/// The one cache of fitted models the tests share: each (data set, formula, REML or ML) is fitted once per test run,
/// whichever test asks first, so the HSB and sleepstudy fits are not repeated by every test class that needs them.
/// A fitted model is read-only to its users, so sharing one instance across parallel test classes is safe.
/// </summary>
public static class FittedModels
{
    public const string Mod1 = HsbModels.Mod1;
    public const string Mod4 = HsbModels.Mod4;
    public const string Mod5 = HsbModels.Mod5;
    public const string Sleep = "Reaction ~ Days + (Days|Subject)";

    private static readonly ConcurrentDictionary<string, Lazy<LinearMixedModel>> Fits = new();

    /// <summary>A fit to HSB with the walkthrough's cses (<see cref="TestData.Hsb"/>).</summary>
    public static LinearMixedModel Hsb(string formula, bool reml = true) => Fit("hsb", () => TestData.Hsb, formula, reml);

    /// <summary>A fit to lme4's sleepstudy.</summary>
    public static LinearMixedModel Sleepstudy(string formula = Sleep, bool reml = true) =>
        Fit("sleepstudy", () => TestData.Sleepstudy, formula, reml);

    /// <summary>A fit to a fixture CSV (<see cref="TestData.FixtureCsv"/>).</summary>
    public static LinearMixedModel Fixture(string folder, string file, string formula, bool reml = true) =>
        Fit($"{folder}/{file}", () => TestData.FixtureCsv(folder, file), formula, reml);

    /// <summary>
    /// A fit to any table, cached under <paramref name="dataKey"/>, which must name the table's content (two different
    /// tables under one key would share a fit).
    /// </summary>
    public static LinearMixedModel Fit(string dataKey, Func<DataTable> data, string formula, bool reml = true) =>
        Fits.GetOrAdd($"{dataKey}|{formula}|{(reml ? "REML" : "ML")}",
            _ => new Lazy<LinearMixedModel>(() => LinearMixedModel.Fit(data(), formula, new FitOptions { Reml = reml }))).Value;

    public static LinearMixedModel Mod4Fit => Hsb(Mod4);
    public static LinearMixedModel Mod5Fit => Hsb(Mod5);
    public static LinearMixedModel SleepFit => Sleepstudy();
}
