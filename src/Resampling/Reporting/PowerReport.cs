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
        string sizeHeader = r.Within is not null ? $"n per {r.Within}" : r.Along ?? "groups";
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
            if (r.FirstSimulation != 1) w.WriteNumber("firstSimulation", r.FirstSimulation);
            if (r.Along is not null) w.WriteString("along", r.Along);
            if (r.Within is not null) w.WriteString("within", r.Within);
            WritePoints(w, "points", r.Points);
            if (r.SmallestSize is { } s) w.WriteNumber("smallestSize", s); else w.WriteNull("smallestSize");
            if (r.Target is { } t) w.WriteNumber("target", t);
            if (r.NullRejection is { } nulls) WritePoints(w, "nullRejection", nulls);
            w.WriteNumber("elapsedSeconds", Math.Round(r.Elapsed.TotalSeconds, 3));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>
    /// Reads what <see cref="Json"/> wrote (a shard's output, for <see cref="PowerResult.Merge"/>); anything else is a
    /// <see cref="Data.DataException"/> naming the file.
    /// </summary>
    public static PowerResult ReadJson(string text, string file)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var e = doc.RootElement;
            static IReadOnlyList<PowerPoint> Points(JsonElement a) => a.EnumerateArray().Select(p =>
            {
                int rejected = p.GetProperty("rejected").GetInt32(), used = p.GetProperty("used").GetInt32();
                var (lower, upper) = ClopperPearson.Interval(rejected, used);
                return new PowerPoint(p.GetProperty("size").GetInt32(), rejected, used, p.GetProperty("failed").GetInt32(), lower, upper);
            }).ToList();
            return new PowerResult(PowerTest.Parse(e.GetProperty("test").GetString()!), PowerTest.ParseMethod(e.GetProperty("method").GetString()!),
                e.GetProperty("alpha").GetDouble(), e.GetProperty("nsim").GetInt32(), e.GetProperty("seed").GetUInt64(),
                e.TryGetProperty("along", out var along) ? along.GetString() : null, Points(e.GetProperty("points")),
                e.TryGetProperty("nullRejection", out var nulls) ? Points(nulls) : null,
                e.TryGetProperty("target", out var target) ? target.GetDouble() : null,
                TimeSpan.FromSeconds(e.TryGetProperty("elapsedSeconds", out var s) ? s.GetDouble() : 0))
            {
                FirstSimulation = e.TryGetProperty("firstSimulation", out var first) ? first.GetInt64() : 1,
                Within = e.TryGetProperty("within", out var within) ? within.GetString() : null,
            };
        }
        catch (Exception x) when (x is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or Model.ModelException)
        {
            throw new Data.DataException($"'{file}' is not the JSON output of resampling power: {x.Message}");
        }
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
            w.WriteNumber("rejected", p.Rejections);
            w.WriteNumber("used", p.Used);
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
