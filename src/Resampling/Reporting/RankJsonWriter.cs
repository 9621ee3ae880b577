using System.Text;
using System.Text.Json;
using Resampling.Ranking;

namespace Resampling.Reporting;

/// <summary>
/// The report for machines: <c>groups</c> (one object per group, keys as in <see cref="RankColumns"/> plus level and
/// flag), <c>method</c>, <c>direction</c>, <c>draws</c> (of the primary source; 0 without draws) and the details.
/// </summary>
public static class RankJsonWriter
{
    public static string Write(RankReport report)
    {
        var cols = RankColumns.For(report);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOutput.Options))
        {
            var t = report.Target;
            w.WriteStartObject();
            w.WriteString("method", report.Method);
            w.WriteString("direction", RankReport.Direction);
            w.WriteNumber("draws", report.Primary?.DrawCount ?? 0);
            w.WriteString("rankSource", report.Primary?.Source ?? "none");
            w.WriteString("formula", t.Formula.Text);
            w.WriteString("group", t.Group);
            w.WriteString("quantity", t.Description);
            w.WriteNumber("top", report.TopFraction);
            w.WriteNumber("topCount", report.TopCount);
            w.WriteNumber("level", report.Level);
            w.WriteNumber("seed", report.Seed);
            w.WriteString("covariance", report.CovarianceDescription);
            w.WriteStartArray("sources");
            foreach (var s in report.Sources)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Source);
                w.WriteNumber("draws", s.DrawCount);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (report.Sets is { } sets)
            {
                w.WriteStartObject("confidenceSets");
                w.WriteNumber("coverage", sets.Coverage);
                w.WriteNumber("draws", sets.Draws);
                w.WriteBoolean("stepdown", sets.Stepdown);
                w.WriteEndObject();
            }
            w.WriteStartArray("notes");
            foreach (var n in report.Notes) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteStartArray("groups");
            foreach (var r in report.Rows)
            {
                w.WriteStartObject();
                w.WriteString("level", r.Level);
                foreach (var c in cols)
                {
                    if (c.Value(r) is not { } v) w.WriteNull(c.Name);
                    else if (c.Integer) w.WriteNumber(c.Name, (int)v);
                    else if (double.IsFinite(v)) w.WriteNumber(c.Name, v);
                    else w.WriteNull(c.Name);
                }
                // The documented keys exist even without draws (null), so consumers need not test for them.
                foreach (var key in new[] { "meanRank", "medianRank", "rankLower", "rankUpper", "pTop", "pBottom" })
                    if (report.Sources.Count == 0) w.WriteNull(key);
                foreach (var key in new[] { "setLower", "setUpper", "simultaneousLower", "simultaneousUpper" })
                    if (report.Sets is null) w.WriteNull(key);
                w.WriteString("flag", r.Flag);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
