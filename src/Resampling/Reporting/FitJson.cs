using System.Text;
using System.Text.Json;
using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Inference.Decomposition;
using Resampling.Numerics;

namespace Resampling.Reporting;

/// <summary>The fitted model as one JSON document, with the keys the CLI documents (lme4's names for everything).</summary>
public static class FitJson
{
    public static string Write(LinearMixedModel m, bool includeRanef) => Write(m, includeRanef, m.FixedEffects);

    /// <summary>
    /// The document with a given fixed-effects table (lmerTest's, with <c>df</c> and <c>p</c> filled), and the ICC and
    /// R² intervals of a decomposition bootstrap when one was run.
    /// </summary>
    public static string Write(LinearMixedModel m, bool includeRanef, IReadOnlyList<FixedEffect> fixedEffects,
        DecompositionBootstrapResult? decompositionBootstrap = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteString("formula", m.Formula.Text);
            w.WriteBoolean("reml", m.Reml);
            w.WriteNumber("nobs", m.ObservationCount);
            w.WriteStartObject("groups");
            foreach (var (g, n) in m.GroupCounts) w.WriteNumber(g, n);
            w.WriteEndObject();
            JsonNumbers.Write(w, "objective", m.Objective);
            JsonNumbers.Write(w, "logLik", m.LogLikelihood);
            JsonNumbers.Write(w, "aic", m.Aic);
            JsonNumbers.Write(w, "bic", m.Bic);
            JsonNumbers.Write(w, "sigma", m.Sigma);
            w.WriteStartArray("theta");
            foreach (var t in m.Theta) w.WriteNumberValue(t);
            w.WriteEndArray();

            w.WriteStartArray("fixed");
            foreach (var f in fixedEffects)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                JsonNumbers.Write(w, "estimate", f.Estimate);
                JsonNumbers.Write(w, "se", f.StdError);
                JsonNumbers.Write(w, "t", f.TValue);
                JsonNumbers.Write(w, "df", f.Df);
                JsonNumbers.Write(w, "p", f.P);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("random");
            VarianceComponentsJson.WriteVariances(w, m.Covariances);
            w.WriteStartObject();
            w.WriteString("group", "Residual");
            w.WriteNull("name");
            JsonNumbers.Write(w, "variance", m.Sigma * m.Sigma);
            JsonNumbers.Write(w, "sd", m.Sigma);
            w.WriteEndObject();
            w.WriteEndArray();

            VarianceComponentsJson.WriteCorrelations(w, m.Covariances);
            DecompositionWriter.WriteJson(w, VarianceDecomposition.Of(m), decompositionBootstrap);

            VarianceComponentsJson.WriteChecks(w, m.Singular, m.Converged, m.Warnings, m.Design);
            w.WriteStartObject("timing");
            JsonNumbers.Write(w, "fitMilliseconds", m.FitMilliseconds);
            w.WriteNumber("evaluations", m.Evaluations);
            w.WriteEndObject();

            if (includeRanef) WriteRanef(w, m);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Conditional modes by grouping factor, as lme4's ranef() groups them (terms of one factor side by side).</summary>
    private static void WriteRanef(Utf8JsonWriter w, LinearMixedModel m)
    {
        w.WriteStartObject("ranef");
        foreach (var factor in m.RandomEffects.GroupBy(r => r.Factor))
        {
            var terms = factor.ToList();
            var levels = terms[0].Levels;
            w.WriteStartObject(factor.Key);
            w.WriteStartArray("levels");
            foreach (var l in levels) w.WriteStringValue(l);
            w.WriteEndArray();
            w.WriteStartArray("terms");
            foreach (var t in terms) foreach (var n in t.Names) w.WriteStringValue(n);
            w.WriteEndArray();
            foreach (var (key, pick) in new (string, Func<TermRandomEffects, ReadOnlyMatrix>)[] { ("values", t => t.Values), ("condSd", t => t.CondSd) })
            {
                w.WriteStartArray(key);
                for (int l = 0; l < levels.Count; l++)
                {
                    w.WriteStartArray();
                    foreach (var t in terms)
                    {
                        var a = pick(t);
                        for (int c = 0; c < t.Names.Count; c++) w.WriteNumberValue(a[l, c]);
                    }
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    // JSON has no NaN or infinity: write null rather than produce an unreadable document.
}
