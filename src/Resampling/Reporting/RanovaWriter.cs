using System.Globalization;
using System.Text;
using Resampling.Inference.Deletion;

namespace Resampling.Reporting;

/// <summary>lmerTest's ranova table as text (R's layout and digits) or JSON (<c>rows</c>, the first the full model).</summary>
public static class RanovaWriter
{
    private const string Legend = "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1";

    public static string Text(RandomTermDeletionTable table)
    {
        var sb = new StringBuilder();
        sb.AppendLine("ANOVA-like table for random-effects: Single term deletions");
        sb.AppendLine();
        sb.AppendLine("Model:");
        sb.AppendLine(table.Formula);
        var r = table.Rows;
        var ll = RFormat.Column(ZapSmall(r.Select(x => x.LogLik).ToList(), 5), 5);
        var aic = RFormat.Column(ZapSmall(r.Select(x => x.Aic).ToList(), 5), 5);
        var tested = r.Where(x => x.Lrt is not null).Select(x => x.Lrt!.Value).ToList();
        var lrt = tested.Count > 0 ? RFormat.Column(ZapSmall(tested, 5), 5) : [];
        var rows = new List<string[]>();
        int k = 0;
        foreach (var x in r)
            rows.Add([x.Npar.ToString(CultureInfo.InvariantCulture), ll[rows.Count], aic[rows.Count],
                x.Lrt is not null ? lrt[k++] : "", x.Df?.ToString(CultureInfo.InvariantCulture) ?? "",
                x.P is { } p ? AnovaWriter.AnovaP(p) : ""]);
        SummaryWriter.AppendTable(sb, ["npar", "logLik", "AIC", "LRT", "Df", "Pr(>Chisq)"], rows,
            r.Select(x => x.Term).ToArray(), r.Select(x => x.P is { } p ? RFormat.Stars(p) : "").ToArray());
        if (r.Any(x => x.P < 0.1)) { sb.AppendLine("---"); sb.AppendLine(Legend); }
        return sb.ToString();
    }

    /// <summary>
    /// R's zapsmall(x, digits), which print.anova applies to these columns before formatting: round to
    /// digits − log10(max |x|) decimals (R's round takes the nearest whole number of decimals). It is why lmerTest prints
    /// 282.39 for 282.3954 beside 105.06: rounded to 3 decimals first, 282.395 then formats down.
    /// </summary>
    private static List<double> ZapSmall(IReadOnlyList<double> x, int digits)
    {
        double mx = x.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (mx == 0) return x.ToList();
        int decimals = (int)Math.Floor(Math.Max(0, digits - Math.Log10(mx)) + 0.5);
        return x.Select(v => double.IsFinite(v) ? Math.Round(v, Math.Min(decimals, 15)) : v).ToList();
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
