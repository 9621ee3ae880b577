using System.Globalization;
using System.Text;
using Resampling.Bootstrap;
using Resampling.Inference.Deletion;

namespace Resampling.Reporting;

/// <summary>lmerTest's ranova table as text (R's layout and digits) or JSON (<c>rows</c>, the first the full model).</summary>
public static class RanovaWriter
{
    /// <summary>The table as lmerTest prints it; with a bootstrap, each row's PBmodcomp after it.</summary>
    public static string Text(RandomTermDeletionTable table, RandomEffectsAnovaBootstrapResult? bootstrap = null)
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
        if (bootstrap is not null) AppendBootstrap(sb, table, bootstrap);
        return sb.ToString();
    }

    /// <summary>pbkrtest's PBmodcomp per row: the ML likelihood-ratio statistic it refers, and its PBtest p.</summary>
    private static void AppendBootstrap(StringBuilder sb, RandomTermDeletionTable table, RandomEffectsAnovaBootstrapResult b)
    {
        sb.AppendLine();
        sb.Append("Parametric bootstrap (pbkrtest's PBmodcomp, both models refitted by ML): ")
          .Append(b.Replicates.ToString(CultureInfo.InvariantCulture)).Append(" replicates, seed ")
          .AppendLine(b.Seed.ToString(CultureInfo.InvariantCulture));
        var names = new List<string>();
        var cells = new List<string[]>();
        for (int i = 1; i < table.Rows.Count; i++)
        {
            names.Add(table.Rows[i].Term);
            cells.Add(b.Rows[i] is { } pb
                ? [RFormat.Significant(pb.Statistic, 5), pb.Df.ToString(CultureInfo.InvariantCulture),
                   pb.PositiveCount.ToString(CultureInfo.InvariantCulture), pb.FailedCount.ToString(CultureInfo.InvariantCulture),
                   RFormat.Significant(pb.PValueBootstrap, 4)]
                : ["", "", "", "", "NA"]);
        }
        SummaryWriter.AppendTable(sb, ["LRT (ML)", "Df", "used", "failed", "Pr(PB)"], cells, names.ToArray());
    }

    /// <summary>
    /// <c>formula</c>, <c>reml</c>, <c>rows</c>; with a bootstrap, each row has <c>pb</c> ({<c>lrt</c> (ML), <c>df</c>,
    /// <c>used</c>, <c>failed</c>, <c>p</c>}, null where there is none) and <c>bootstrap</c> gives <c>replicates</c> and <c>seed</c>.
    /// </summary>
    public static string Json(RandomTermDeletionTable table, RandomEffectsAnovaBootstrapResult? bootstrap = null)
    {
        using var stream = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(stream, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteString("formula", table.Formula);
            w.WriteBoolean("reml", table.Reml);
            w.WriteStartArray("rows");
            int row = 0;
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
                if (bootstrap is not null) WritePb(w, bootstrap.Rows[row]);
                row++;
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (bootstrap is not null)
            {
                w.WriteStartObject("bootstrap");
                w.WriteNumber("replicates", bootstrap.Replicates);
                w.WriteNumber("seed", bootstrap.Seed);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WritePb(System.Text.Json.Utf8JsonWriter w, PbModcompResult? pb)
    {
        if (pb is null)
        {
            w.WriteNull("pb");
            return;
        }
        w.WriteStartObject("pb");
        JsonNumbers.Write(w, "lrt", pb.Statistic);
        w.WriteNumber("df", pb.Df);
        w.WriteNumber("used", pb.PositiveCount);
        w.WriteNumber("failed", pb.FailedCount);
        JsonNumbers.Write(w, "p", pb.PValueBootstrap);
        w.WriteEndObject();
    }
}
