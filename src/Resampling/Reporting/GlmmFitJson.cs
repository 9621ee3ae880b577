using System.Text;
using System.Text.Json;
using Resampling.Glmm;

namespace Resampling.Reporting;

/// <summary>
/// A glmer fit as JSON with the linear fit's keys (<c>sigma</c> null, <c>fixed</c> giving <c>z</c> and <c>p</c>), plus
/// <c>family</c>, <c>link</c>, <c>nagq</c> and <c>deviance</c>; <c>objective</c> is −2 log-likelihood as glmer reports it.
/// </summary>
public static class GlmmFitJson
{
    public static string Write(GeneralizedLinearMixedModel m, bool includeRanef)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOutput.Options))
        {
            var design = m.Problem.Design;
            w.WriteStartObject();
            w.WriteString("formula", design.Formula.Text);
            w.WriteString("family", m.Family.FamilyName);
            w.WriteString("link", m.Family.LinkName);
            w.WriteNumber("nagq", m.Nagq);
            w.WriteBoolean("reml", false);
            w.WriteNumber("nobs", m.ObservationCount);
            w.WriteStartObject("groups");
            foreach (var g in design.Terms.GroupBy(t => t.GroupName)) w.WriteNumber(g.Key, g.First().LevelCount);
            w.WriteEndObject();
            JsonNumbers.Write(w, "objective", m.Deviance);
            JsonNumbers.Write(w, "deviance", m.Deviance);
            JsonNumbers.Write(w, "logLik", m.LogLikelihood);
            JsonNumbers.Write(w, "aic", m.Aic);
            JsonNumbers.Write(w, "bic", m.Bic);
            w.WriteNumber("dfResid", m.ResidualDf);
            w.WriteNull("sigma");
            w.WriteStartArray("theta");
            foreach (var t in m.Theta) w.WriteNumberValue(t);
            w.WriteEndArray();
            w.WriteStartArray("fixed");
            foreach (var f in m.FixedEffects)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                JsonNumbers.Write(w, "estimate", f.Estimate);
                JsonNumbers.Write(w, "se", f.StdError);
                JsonNumbers.Write(w, "z", f.ZValue);
                JsonNumbers.Write(w, "p", f.P);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("random");
            VarianceComponentsJson.WriteVariances(w, m.Covariances);
            w.WriteEndArray();
            VarianceComponentsJson.WriteCorrelations(w, m.Covariances);
            VarianceComponentsJson.WriteChecks(w, m.Singular, m.Converged, m.Warnings, design);
            w.WriteStartObject("timing");
            JsonNumbers.Write(w, "fitMilliseconds", m.FitMilliseconds);
            w.WriteEndObject();
            if (includeRanef)
            {
                // Conditional modes (on the link scale) with their conditional sds, term by term (lme4's ranef with condVar).
                w.WriteStartObject("ranef");
                foreach (var t in m.RandomEffects)
                {
                    w.WriteStartObject(t.Group);
                    w.WriteStartArray("levels");
                    foreach (var l in t.Levels) w.WriteStringValue(l);
                    w.WriteEndArray();
                    w.WriteStartArray("terms");
                    foreach (var n in t.Names) w.WriteStringValue(n);
                    w.WriteEndArray();
                    foreach (var (key, a) in new[] { ("values", t.Values), ("condSd", t.CondSd) })
                    {
                        w.WriteStartArray(key);
                        for (int l = 0; l < t.Levels.Count; l++)
                        {
                            w.WriteStartArray();
                            for (int c = 0; c < t.Names.Count; c++) w.WriteNumberValue(a[l, c]);
                            w.WriteEndArray();
                        }
                        w.WriteEndArray();
                    }
                    // Each level's conditional covariance of its effects (lme4's condVar attribute "postVar", p × p).
                    w.WriteStartArray("condVar");
                    foreach (var v in t.CondCovariance)
                    {
                        w.WriteStartArray();
                        for (int a = 0; a < v.Rows; a++)
                        {
                            w.WriteStartArray();
                            for (int b = 0; b < v.Columns; b++) w.WriteNumberValue(v[a, b]);
                            w.WriteEndArray();
                        }
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
