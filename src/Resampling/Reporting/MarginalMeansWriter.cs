using System.Globalization;
using System.Text;
using System.Text.Json;
using Resampling.Inference;
using Resampling.Prediction.Marginal;

namespace Resampling.Reporting;

/// <summary>emmeans' tables (means, then contrasts) as text with its notes, or JSON <c>emmeans</c> and <c>contrasts</c>.</summary>
public static class MarginalMeansWriter
{
    public static string Text(MarginalMeansResult r)
    {
        var sb = new StringBuilder();
        var vars = r.Means[0].Levels.Select(l => l.Variable).ToList();
        string cl = RFormat.Percent(r.Level);
        var rows = r.Means.Select(m => m.Levels.Select(l => l.Level)
            .Concat([RFormat.Significant(m.Estimate, 5), RFormat.Significant(m.StdError, 4), RFormat.Significant(m.Df, 4),
                RFormat.Significant(m.Lower, 5), RFormat.Significant(m.Upper, 5)]).ToArray()).ToList();
        SummaryWriter.AppendTable(sb, [.. vars, "emmean", "SE", "df", "lower.CL", "upper.CL"], rows, null, null);
        sb.AppendLine();
        if (r.AveragedOver.Count > 0) sb.Append("Results are averaged over the levels of: ").AppendLine(string.Join(", ", r.AveragedOver));
        if (r.Covariates.Count > 0)
            sb.Append("Covariates at: ").AppendLine(string.Join(", ", r.Covariates.Select(c => $"{c.Variable} = {RFormat.Significant(c.Value, 6)}")));
        sb.Append("Degrees-of-freedom method: ").AppendLine(r.Method == DdfMethod.KenwardRoger ? "kenward-roger" : "satterthwaite");
        sb.Append("Confidence level used: ").AppendLine(cl);
        if (r.Contrasts.Count == 0) return sb.ToString();

        sb.AppendLine();
        bool hasBy = r.Contrasts[0].By.Count > 0;
        var byNames = hasBy ? r.Contrasts[0].By.Select(b => b.Variable).ToList() : [];
        var crow = r.Contrasts.Select(c => c.By.Select(b => b.Level).Prepend(c.Name)
            .Concat([RFormat.Significant(c.Estimate, 5), RFormat.Significant(c.StdError, 4), RFormat.Significant(c.Df, 4),
                RFormat.Significant(c.T, 4), FormatP(c.P), RFormat.Significant(c.Lower, 5), RFormat.Significant(c.Upper, 5)]).ToArray()).ToList();
        SummaryWriter.AppendTable(sb, ["contrast", .. byNames, "estimate", "SE", "df", "t.ratio", "p.value", "lower.CL", "upper.CL"], crow, null, null);
        sb.AppendLine();
        sb.Append("P value and confidence-limit adjustment: ").AppendLine(r.Adjust switch
        {
            PAdjust.Tukey => "tukey method for comparing a family of " + FamilySize(r).ToString(CultureInfo.InvariantCulture) + " estimates",
            PAdjust.Holm => "holm (limits: bonferroni)",
            PAdjust.Bonferroni => "bonferroni",
            _ => "none",
        });
        return sb.ToString();
    }

    private static int FamilySize(MarginalMeansResult r) => r.Contrasts.Count == 0 ? 1 : r.Means.Count / Math.Max(1, r.Contrasts.Select(c => string.Join("\u0001", c.By.Select(b => b.Level))).Distinct().Count());

    private static string FormatP(double p) => p < 1e-4 ? "<.0001" : p.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Json(MarginalMeansResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteString("method", r.Method == DdfMethod.KenwardRoger ? "kenward-roger" : "satterthwaite");
            JsonNumbers.Write(w, "level", r.Level);
            w.WriteString("adjust", r.Adjust.ToString().ToLowerInvariant());
            w.WriteStartObject("covariates");
            foreach (var (v, x) in r.Covariates) JsonNumbers.Write(w, v, x);
            w.WriteEndObject();
            w.WriteStartArray("emmeans");
            foreach (var m in r.Means)
            {
                w.WriteStartObject();
                w.WriteStartObject("levels");
                foreach (var (v, l) in m.Levels) w.WriteString(v, l);
                w.WriteEndObject();
                JsonNumbers.Write(w, "emmean", m.Estimate);
                JsonNumbers.Write(w, "se", m.StdError);
                JsonNumbers.Write(w, "df", m.Df);
                JsonNumbers.Write(w, "lower", m.Lower);
                JsonNumbers.Write(w, "upper", m.Upper);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (r.Contrasts.Count > 0)
            {
                w.WriteStartArray("contrasts");
                foreach (var c in r.Contrasts)
                {
                    w.WriteStartObject();
                    w.WriteString("contrast", c.Name);
                    if (c.By.Count > 0)
                    {
                        w.WriteStartObject("by");
                        foreach (var (v, l) in c.By) w.WriteString(v, l);
                        w.WriteEndObject();
                    }
                    JsonNumbers.Write(w, "estimate", c.Estimate);
                    JsonNumbers.Write(w, "se", c.StdError);
                    JsonNumbers.Write(w, "df", c.Df);
                    JsonNumbers.Write(w, "t", c.T);
                    JsonNumbers.Write(w, "p", c.P);
                    JsonNumbers.Write(w, "lower", c.Lower);
                    JsonNumbers.Write(w, "upper", c.Upper);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
