using System.Globalization;
using System.Text;
using System.Text.Json;
using Resampling.Bootstrap;
using Resampling.Reporting;

namespace Resampling.Reporting;

/// <summary>Text table and JSON for a bootstrap run, and pbkrtest's PBmodcomp table.</summary>
public static class BootstrapReport
{
    public static string Text(BootstrapResult r, double level)
    {
        var sb = new StringBuilder();
        string type = char.ToUpperInvariant(r.Type[0]) + r.Type[1..];
        sb.AppendLine(CultureInfo.InvariantCulture, $"{type} bootstrap: {r.Replicates} replicates (seed {r.Seed}), {r.FailedCount} failed refits, singular fits {RFormat.Fixed(100 * r.SingularFraction, 1)}%");
        string pct = RFormat.Significant(100 * level, 3) + "%";
        sb.AppendLine(CultureInfo.InvariantCulture, $"Intervals at {pct}: percentile, basic, normal and shortest.");
        sb.AppendLine();
        var s = r.Summarize(level);
        var header = new[] { "Estimate", "Bias", "Std.Error", "Perc.lower", "Perc.upper", "Basic.lower", "Basic.upper", "Normal.lower", "Normal.upper", "Short.lower", "Short.upper" };
        var rows = s.Select(p => new[]
        {
            Num(p.Estimate), Num(p.Bias), Num(p.StdError), Num(p.Percentile.Lower), Num(p.Percentile.Upper), Num(p.Basic.Lower), Num(p.Basic.Upper),
            Num(p.Normal.Lower), Num(p.Normal.Upper), Num(p.Shortest.Lower), Num(p.Shortest.Upper),
        }).ToList();
        SummaryWriter.AppendTable(sb, header, rows, s.Select(p => p.Name).ToArray());
        foreach (var (rep, err) in r.Failures.Take(10)) sb.AppendLine(CultureInfo.InvariantCulture, $"replicate {rep} failed: {err}");
        if (r.FailedCount > 10) sb.AppendLine(CultureInfo.InvariantCulture, $"... and {r.FailedCount - 10} more failed refits");
        return sb.ToString();
    }

    public static string Json(BootstrapResult r, double level, double elapsedSeconds)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteNumber("replicates", r.Replicates);
            w.WriteNumber("seed", r.Seed);
            w.WriteString("type", r.Type);
            w.WriteNumber("level", level);
            w.WriteStartArray("parameters");
            foreach (var p in r.Summarize(level))
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                JsonNumbers.Write(w, "estimate", p.Estimate);
                JsonNumbers.Write(w, "bias", p.Bias);
                JsonNumbers.Write(w, "se", p.StdError);
                w.WriteNumber("count", p.Count);
                w.WriteStartObject("intervals");
                Interval(w, "percentile", p.Percentile);
                Interval(w, "basic", p.Basic);
                Interval(w, "normal", p.Normal);
                Interval(w, "shortest", p.Shortest);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            JsonNumbers.Write(w, "singularFraction", r.SingularFraction);
            w.WriteNumber("failedRefits", r.FailedCount);
            w.WriteNumber("elapsedSeconds", Math.Round(elapsedSeconds, 3));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>pbkrtest's summary(PBmodcomp) table: rows LRT, PBtest, Gamma, Bartlett with stat, df and p.value.</summary>
    public static string PbModcompText(PbModcompResult r, string largeFormula, string smallFormula)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Bootstrap test; time: {r.Elapsed.TotalSeconds:F2} sec; samples: {r.Replicates}; extremes: {r.ExtremeCount};");
        if (r.Replicates - r.PositiveCount > 0)
            sb.AppendLine(CultureInfo.InvariantCulture, $"Requested samples: {r.Replicates} Used samples: {r.PositiveCount} Extremes: {r.ExtremeCount}");
        if (r.FailedCount > 0) sb.AppendLine(CultureInfo.InvariantCulture, $"Failed refits: {r.FailedCount}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"large : {largeFormula}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"small : {smallFormula}");
        var rows = r.Table;
        var stats = RFormat.Column(rows.Select(x => x.Statistic).ToArray(), 5);
        var table = rows.Select((x, i) => new[] { stats[i], double.IsNaN(x.Df) ? "" : x.Df.ToString(CultureInfo.InvariantCulture), RFormat.Significant(x.PValue, 4) }).ToList();
        SummaryWriter.AppendTable(sb, ["stat", "df", "p.value"], table, rows.Select(x => x.Name).ToArray());
        return sb.ToString();
    }

    public static string PbModcompJson(PbModcompResult r)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteNumber("replicates", r.Replicates);
            w.WriteNumber("used", r.PositiveCount);
            w.WriteNumber("extremes", r.ExtremeCount);
            w.WriteNumber("failedRefits", r.FailedCount);
            w.WriteStartArray("test");
            foreach (var row in r.Table)
            {
                w.WriteStartObject();
                w.WriteString("name", row.Name);
                JsonNumbers.Write(w, "stat", row.Statistic);
                JsonNumbers.Write(w, "df", row.Df);
                JsonNumbers.Write(w, "p.value", row.PValue);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("elapsedSeconds", Math.Round(r.Elapsed.TotalSeconds, 3));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string Num(double v) => double.IsFinite(v) ? RFormat.Significant(v, 5) : "NA";

    private static void Interval(Utf8JsonWriter w, string name, BootstrapInterval i)
    {
        w.WriteStartArray(name);
        if (double.IsFinite(i.Lower)) w.WriteNumberValue(i.Lower); else w.WriteNullValue();
        if (double.IsFinite(i.Upper)) w.WriteNumberValue(i.Upper); else w.WriteNullValue();
        w.WriteEndArray();
    }
}
