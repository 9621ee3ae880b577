using System.Globalization;
using System.Text;
using System.Text.Json;
using Resampling.Power;

namespace Resampling.Reporting;

/// <summary>The outputs of <c>resampling power</c>: a table for people, JSON and CSV for scripts.</summary>
public static class PowerReport
{
    public static string Text(PowerResult r)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Power by simulation: {r.Test}, {MethodText(r.Method)}, alpha = {F(r.Alpha)}, {r.Simulations} simulations, seed {r.Seed}");
        sb.AppendLine();
        string sizeHeader = r.Along is null ? "groups" : r.Along;
        int w = Math.Max(6, sizeHeader.Length);
        sb.AppendLine($"{sizeHeader.PadLeft(w)}  {"power",7}  {"95% interval (Clopper-Pearson)",31}  {"failed",6}" + (r.NullRejection is null ? "" : $"  {"type I error",12}  {"95% interval",17}"));
        for (int k = 0; k < r.Points.Count; k++)
        {
            var p = r.Points[k];
            sb.Append($"{p.Size.ToString(CultureInfo.InvariantCulture).PadLeft(w)}  {Pct(p.Power),7}  {$"{Pct(p.Lower)} to {Pct(p.Upper)}",31}  {p.Failed,6}");
            if (r.NullRejection is { } nulls)
            {
                var q = nulls[k];
                sb.Append($"  {Pct(q.Power),12}  {$"{Pct(q.Lower)} to {Pct(q.Upper)}",17}");
            }
            sb.AppendLine();
        }
        if (r.Target is { } t)
        {
            sb.AppendLine();
            var (from, to) = r.SmallestSizeRange;
            sb.AppendLine(r.SmallestSize is { } s
                ? $"Smallest size with estimated power >= {Pct(t)}: {s} (Monte Carlo range: {from?.ToString(CultureInfo.InvariantCulture) ?? "?"} to {to?.ToString(CultureInfo.InvariantCulture) ?? "beyond the sizes run"})."
                : $"No size run reaches power {Pct(t)}.");
        }
        if (r.Points.Any(p => p.Failed > 0))
            sb.AppendLine("Failed simulations (no fit or no p-value) are left out of the proportions.");
        return sb.ToString();
    }

    public static string Json(PowerResult r)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteString("test", r.Test.ToString());
            w.WriteString("method", r.Method.Name());
            w.WriteNumber("alpha", r.Alpha);
            w.WriteNumber("nsim", r.Simulations);
            w.WriteNumber("seed", r.Seed);
            if (r.Along is not null) w.WriteString("along", r.Along);
            WritePoints(w, "points", r.Points);
            if (r.SmallestSize is { } s) w.WriteNumber("smallestSize", s); else w.WriteNull("smallestSize");
            if (r.Target is { } t) w.WriteNumber("target", t);
            if (r.NullRejection is { } nulls) WritePoints(w, "nullRejection", nulls);
            w.WriteNumber("elapsedSeconds", Math.Round(r.Elapsed.TotalSeconds, 3));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>One row per size (and per null rate with <c>--null</c>): kind,size,power,lower,upper,rejected,used,failed.</summary>
    public static string Csv(PowerResult r)
    {
        var sb = new StringBuilder("kind,size,power,lower,upper,rejected,used,failed\n");
        void Rows(string kind, IEnumerable<PowerPoint> points)
        {
            foreach (var p in points)
                sb.Append(CultureInfo.InvariantCulture, $"{kind},{p.Size},{R(p.Power)},{R(p.Lower)},{R(p.Upper)},{p.Rejections},{p.Used},{p.Failed}\n");
        }
        Rows("power", r.Points);
        if (r.NullRejection is { } nulls) Rows("null", nulls);
        return sb.ToString();
    }

    private static void WritePoints(Utf8JsonWriter w, string name, IReadOnlyList<PowerPoint> points)
    {
        w.WriteStartArray(name);
        foreach (var p in points)
        {
            w.WriteStartObject();
            w.WriteNumber("size", p.Size);
            JsonNumbers.Write(w, "power", p.Power);
            JsonNumbers.Write(w, "lower", p.Lower);
            JsonNumbers.Write(w, "upper", p.Upper);
            w.WriteNumber("failed", p.Failed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static string MethodText(PowerMethod m) => m switch
    {
        PowerMethod.Satterthwaite => "t/F test with Satterthwaite's df",
        PowerMethod.KenwardRoger => "t/F test with Kenward-Roger's df",
        PowerMethod.LikelihoodRatio => "likelihood-ratio test",
        _ => "parametric-bootstrap likelihood-ratio test",
    };

    private static string Pct(double v) => double.IsFinite(v) ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "NA";
    private static string F(double v) => v.ToString("G", CultureInfo.InvariantCulture);
    private static string R(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NA";
}
