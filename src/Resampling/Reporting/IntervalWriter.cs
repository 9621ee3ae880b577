using System.Globalization;
using System.Text;
using System.Text.Json;
using Resampling.Intervals;
using Resampling.Reporting;

namespace Resampling.Reporting;

/// <summary>Confidence intervals as lme4's confint prints them (rows named .sig01 ... , columns "2.5 %", "97.5 %"), or JSON.</summary>
public static class IntervalWriter
{
    public static string Text(IReadOnlyList<ConfidenceInterval> intervals, double level)
    {
        var (lowName, highName) = ColumnNames(level);
        var lower = RFormat.Column(intervals.Select(i => i.Lower).ToList(), 7);
        var upper = RFormat.Column(intervals.Select(i => i.Upper).ToList(), 7);
        int nameWidth = intervals.Max(i => i.Name.Length);
        int lw = Math.Max(lowName.Length, lower.Max(s => s.Length)), uw = Math.Max(highName.Length, upper.Max(s => s.Length));
        var sb = new StringBuilder();
        sb.Append(new string(' ', nameWidth)).Append(' ').Append(lowName.PadLeft(lw)).Append(' ').Append(highName.PadLeft(uw)).Append('\n');
        for (int k = 0; k < intervals.Count; k++)
            sb.Append(intervals[k].Name.PadRight(nameWidth)).Append(' ').Append(lower[k].PadLeft(lw)).Append(' ').Append(upper[k].PadLeft(uw)).Append('\n');
        var named = intervals.Where(i => i.Name != i.Label).ToList();
        if (named.Count > 0)
        {
            sb.Append('\n');
            foreach (var i in named) sb.Append(i.Name.PadRight(nameWidth)).Append(" = ").Append(i.Label).Append('\n');
        }
        var notes = intervals.Where(i => i.Note is not null).ToList();
        if (notes.Count > 0)
        {
            sb.Append('\n');
            foreach (var i in notes) sb.Append("Note (").Append(i.Label).Append("): ").Append(i.Note).Append('\n');
        }
        return sb.ToString();
    }

    public static string Json(IReadOnlyList<ConfidenceInterval> intervals, double level, string method, string formula, bool refittedMl)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteString("formula", formula);
            w.WriteString("method", method);
            w.WriteNumber("level", level);
            if (method == "profile") w.WriteBoolean("profiledMl", refittedMl);
            w.WriteStartArray("intervals");
            foreach (var i in intervals)
            {
                w.WriteStartObject();
                w.WriteString("name", i.Name);
                w.WriteString("label", i.Label);
                JsonNumbers.Write(w, "lower", i.Lower);
                JsonNumbers.Write(w, "upper", i.Upper);
                w.WriteString("method", i.Method);
                if (i.Note is null) w.WriteNull("note"); else w.WriteString("note", i.Note);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>R's format.perc: "2.5 %", "97.5 %".</summary>
    public static (string, string) ColumnNames(double level)
    {
        double a = (1 - level) / 2;
        return (Perc(a), Perc(1 - a));
    }

    private static string Perc(double p) => (100 * p).ToString("G3", CultureInfo.InvariantCulture) + " %";
}
