using System.Text.Json;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Model;
using Resampling.Tests.Support;

namespace Resampling.Tests.Analysis;

/// <summary>
/// The analyst fixtures (Fixtures/analyst, made by the R scripts beside them): each case names a CSV of the lme4extra
/// folder, a formula and REML or ML. HSB gets the walkthrough's cses as the scripts add it.
/// </summary>
internal static class AnalystFixtures
{
    public static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("analyst", file))).RootElement;

    public static DataTable Data(string csv) => csv == "hsb12.csv"
        ? TestData.WithCompute(TestData.FixtureCsv("lme4extra", csv), HsbModels.CsesCompute)
        : TestData.FixtureCsv("lme4extra", csv);

    public static LinearMixedModel Fit(JsonElement c) =>
        FittedModels.Fit("analyst-" + c.GetProperty("data").GetString(), () => Data(c.GetProperty("data").GetString()!),
            c.GetProperty("formula").GetString()!, c.GetProperty("reml").GetBoolean());

    public static TheoryData<string> Names(string file)
    {
        var data = new TheoryData<string>();
        foreach (var c in Load(file).EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    public static JsonElement Case(string file, string name) =>
        Load(file).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}
