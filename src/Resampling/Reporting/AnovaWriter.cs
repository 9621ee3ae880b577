using System.Globalization;
using System.Text;
using System.Text.Json;
using Resampling.Inference;

namespace Resampling.Reporting;

/// <summary>lmerTest's single-model anova table and lme4's likelihood-ratio table, as text (R's layout) or JSON.</summary>
public static class AnovaWriter
{
    private const string Legend = "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1";

    /// <summary>
    /// lmerTest's table as print.anova prints it (printCoefmat with 5 digits: Sum Sq, Mean Sq and the df columns
    /// zapped, F rounded to 4 decimals, p by format.pval); with one-row contrasts, their estimates and t tests after it.
    /// </summary>
    public static string Text(AnovaTable table)
    {
        var sb = new StringBuilder();
        sb.AppendLine(table.Heading);
        var r = table.Rows;
        var zap = CoefficientMatrix.Kind.Zap;
        var cells = CoefficientMatrix.Format(
            [r.Select(x => x.SumSq).ToList(), r.Select(x => x.MeanSq).ToList(), r.Select(x => (double)x.NumDf).ToList(),
             r.Select(x => x.DenDf).ToList(), r.Select(x => x.F).ToList(), r.Select(x => x.P).ToList()],
            [zap, zap, zap, zap, CoefficientMatrix.Kind.Test], 5, pValues: true);
        AppendRows(sb, ["Sum Sq", "Mean Sq", "NumDF", "DenDF", "F value", "Pr(>F)"], cells, r.Select(x => x.Term).ToList(), r.Select(x => x.P).ToList());
        foreach (var w in table.Warnings) sb.AppendLine("Warning: " + w);
        var estimated = r.Where(x => x.Estimate is not null).ToList();
        if (estimated.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"Contrast estimates and t tests with {table.Method.Possessive()} method");
            var e = estimated.Select(x => x.Estimate!).ToList();
            var coef = CoefficientMatrix.Kind.Coefficient;
            var tcells = CoefficientMatrix.Format(
                [e.Select(x => x.Estimate).ToList(), e.Select(x => x.StdError).ToList(), e.Select(x => x.Df).ToList(),
                 e.Select(x => x.T).ToList(), e.Select(x => x.P).ToList()],
                [coef, coef, CoefficientMatrix.Kind.Plain, CoefficientMatrix.Kind.Test], 5, pValues: true);
            AppendRows(sb, ["Estimate", "Std. Error", "df", "t value", "Pr(>|t|)"], tcells, estimated.Select(x => x.Term).ToList(), e.Select(x => x.P).ToList());
        }
        return sb.ToString();
    }

    /// <summary>printCoefmat's layout: stars and their legend only when some p is below 0.1.</summary>
    internal static void AppendRows(StringBuilder sb, string[] header, string[][] columns, IReadOnlyList<string> names, IReadOnlyList<double> p)
    {
        var rows = names.Select((_, i) => columns.Select(c => c[i]).ToArray()).ToList();
        bool stars = p.Any(x => x < 0.1);
        SummaryWriter.AppendTable(sb, header, rows, names.ToArray(), stars ? p.Select(RFormat.Stars).ToArray() : null);
        if (stars) { sb.AppendLine("---"); sb.AppendLine(Legend); }
    }

    public static string Json(AnovaTable table) => Document(w =>
    {
        w.WriteString("heading", table.Heading);
        w.WriteString("method", table.Method == DdfMethod.KenwardRoger ? "kenward-roger" : "satterthwaite");
        w.WriteStartArray("terms");
        bool contrasts = table.Rows.Any(x => x.Estimate is not null);
        foreach (var x in table.Rows)
        {
            w.WriteStartObject();
            w.WriteString("term", x.Term);
            JsonNumbers.Write(w, "sumSq", x.SumSq);
            JsonNumbers.Write(w, "meanSq", x.MeanSq);
            w.WriteNumber("numDf", x.NumDf);
            JsonNumbers.Write(w, "denDf", x.DenDf);
            JsonNumbers.Write(w, "f", x.F);
            JsonNumbers.Write(w, "p", x.P);
            if (contrasts)
            {
                // A one-row contrast's estimate, SE and t (its df is denDf, its two-sided p is p); null for several rows.
                JsonNumbers.Write(w, "estimate", x.Estimate?.Estimate);
                JsonNumbers.Write(w, "se", x.Estimate?.StdError);
                JsonNumbers.Write(w, "t", x.Estimate?.T);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("warnings");
        foreach (var s in table.Warnings) w.WriteStringValue(s);
        w.WriteEndArray();
    });

    public static string Text(LikelihoodRatioTable table, string? dataName)
    {
        var sb = new StringBuilder();
        if (dataName is not null) sb.Append("Data: ").AppendLine(dataName);
        sb.AppendLine("Models:");
        foreach (var row in table.Rows) sb.Append(row.Name).Append(": ").AppendLine(row.Formula);
        var r = table.Rows;
        string[] Col(Func<LikelihoodRatioRow, double> pick) => RFormat.Column(r.Select(pick).ToList(), 5);
        var aic = Col(x => x.Aic);
        var bic = Col(x => x.Bic);
        var ll = Col(x => x.LogLik);
        var dev = Col(x => x.Deviance);
        var chi = RFormat.Column(r.Where(x => x.Chisq is not null).Select(x => x.Chisq!.Value).ToList(), 5);
        var header = new List<string> { "npar", "AIC", "BIC", "logLik", "deviance", "Chisq", "Df", "Pr(>Chisq)" };
        header.AddRange(table.ExtraColumns.Select(c => c.Header));
        var rows = new List<string[]>();
        int k = 0;
        for (int i = 0; i < r.Count; i++)
        {
            var x = r[i];
            var cells = new List<string> { x.Npar.ToString(CultureInfo.InvariantCulture), aic[i], bic[i], ll[i], dev[i] };
            cells.Add(x.Chisq is not null ? chi[k++] : "");
            cells.Add(x.Df?.ToString(CultureInfo.InvariantCulture) ?? "");
            cells.Add(x.P is { } p ? RFormat.Significant(p, 4) : "");
            foreach (var c in table.ExtraColumns) cells.Add(c.Values[i] is { } v ? RFormat.Significant(v, 4) : "");
            rows.Add(cells.ToArray());
        }
        SummaryWriter.AppendTable(sb, header.ToArray(), rows, r.Select(x => x.Name).ToArray(),
            r.Select(x => x.P is { } p ? RFormat.Stars(p) : "").ToArray());
        if (r.Any(x => x.P < 0.1)) { sb.AppendLine("---"); sb.AppendLine(Legend); }
        return sb.ToString();
    }

    public static string Json(LikelihoodRatioTable table) => Document(w =>
    {
        w.WriteBoolean("refitted", table.Refitted);
        w.WriteStartArray("models");
        for (int i = 0; i < table.Rows.Count; i++)
        {
            var x = table.Rows[i];
            w.WriteStartObject();
            w.WriteString("name", x.Name);
            w.WriteString("formula", x.Formula);
            w.WriteNumber("npar", x.Npar);
            JsonNumbers.Write(w, "aic", x.Aic);
            JsonNumbers.Write(w, "bic", x.Bic);
            JsonNumbers.Write(w, "logLik", x.LogLik);
            JsonNumbers.Write(w, "deviance", x.Deviance);
            JsonNumbers.Write(w, "chisq", x.Chisq);
            JsonNumbers.Write(w, "df", x.Df);
            JsonNumbers.Write(w, "p", x.P);
            foreach (var c in table.ExtraColumns) JsonNumbers.Write(w, c.JsonName, c.Values[i]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>R's format.pval in anova tables: below machine epsilon reads "&lt; 2.2e-16".</summary>
    internal static string AnovaP(double p) => double.IsNaN(p) ? "NA" : p < 2.220446049250313e-16 ? "< 2.2e-16" : RFormat.Significant(p, 4);

    private static string Document(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOutput.Options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
