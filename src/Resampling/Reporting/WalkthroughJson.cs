using System.Text;
using System.Text.Json;
using Resampling.Engine;
using Resampling.Inference;

namespace Resampling.Reporting;

/// <summary>
/// The walkthrough's output for programs: each model's fit document (<see cref="FitJson"/>, with lmerTest's df and p
/// and every group's conditional modes) under its name, then the likelihood-ratio test (<see cref="AnovaWriter.Json(LikelihoodRatioTable)"/>).
/// The parts are the documents <c>fit</c> and <c>anova</c> print, so a program reads them alike.
/// </summary>
public static class WalkthroughJson
{
    /// <summary>One document: <c>data</c>, <c>models</c> (name, then the fit's keys) and <c>lrt</c>.</summary>
    public static string Write(string dataName, IReadOnlyList<(string Name, LinearMixedModel Model, IReadOnlyList<FixedEffect> FixedEffects)> models,
        LikelihoodRatioTable lrt)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteString("data", dataName);
            w.WriteStartArray("models");
            foreach (var (name, model, fixedEffects) in models)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                // The fit's own document, its keys copied after the name (re-parsed so that the indentation nests).
                using var fit = JsonDocument.Parse(FitJson.Write(model, includeRanef: true, fixedEffects));
                foreach (var property in fit.RootElement.EnumerateObject()) property.WriteTo(w);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WritePropertyName("lrt");
            using (var test = JsonDocument.Parse(AnovaWriter.Json(lrt))) test.RootElement.WriteTo(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
