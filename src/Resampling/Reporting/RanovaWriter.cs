using System.Text;
using Resampling.Inference.Deletion;

namespace Resampling.Reporting;

/// <summary>lmerTest's ranova table as text (R's layout and digits) or JSON (<c>rows</c>, the first the full model).</summary>
public static class RanovaWriter
{
    public static string Text(RandomTermDeletionTable table)
    {
        var sb = new StringBuilder();
        sb.AppendLine("ANOVA-like table for random-effects: Single term deletions");
        sb.AppendLine();
        sb.AppendLine("Model:");
        sb.AppendLine(table.Formula);
        var r = table.Rows;
        // print.anova: npar, logLik, AIC and LRT are zapped (zapsmall to 5 digits), Df is not; the full model's NAs print blank.
        var zap = CoefficientMatrix.Kind.Zap;
        var cells = CoefficientMatrix.Format(
            [r.Select(x => (double)x.Npar).ToList(), r.Select(x => x.LogLik).ToList(), r.Select(x => x.Aic).ToList(),
             r.Select(x => x.Lrt ?? double.NaN).ToList(), r.Select(x => x.Df is { } d ? (double)d : double.NaN).ToList(),
             r.Select(x => x.P ?? double.NaN).ToList()],
            [zap, zap, zap, zap, CoefficientMatrix.Kind.Plain], 5, pValues: true);
        AnovaWriter.AppendRows(sb, ["npar", "logLik", "AIC", "LRT", "Df", "Pr(>Chisq)"], cells, r.Select(x => x.Term).ToList(),
            r.Select(x => x.P ?? double.NaN).ToList());
        return sb.ToString();
    }

    public static string Json(RandomTermDeletionTable table)
    {
        using var stream = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(stream, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteString("formula", table.Formula);
            w.WriteBoolean("reml", table.Reml);
            w.WriteStartArray("rows");
            foreach (var x in table.Rows)
            {
                w.WriteStartObject();
                w.WriteString("term", x.Term);
                w.WriteString("formula", x.Formula);
                w.WriteNumber("npar", x.Npar);
                JsonNumbers.Write(w, "logLik", x.LogLik);
                JsonNumbers.Write(w, "aic", x.Aic);
                JsonNumbers.Write(w, "lrt", x.Lrt);
                if (x.Df is { } df) w.WriteNumber("df", df); else w.WriteNull("df");
                JsonNumbers.Write(w, "p", x.P);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
