using System.Globalization;
using System.Text;
using Resampling.Ranking;

namespace Resampling.Reporting;

/// <summary>
/// The console table, groups in rank order (rank 1, the highest estimate, first; ties in level order), every column
/// labelled, the group column named after the factor. It shows what a reader scans for (estimate, rank intervals,
/// P(top/bottom), confidence sets, flag) and stays near 100 characters; the CSV and JSON hold every column.
/// Preceded by what was ranked, how, and the direction.
/// </summary>
public static class RankTableWriter
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Write(RankReport report, int? maxRows = null)
    {
        var sb = new StringBuilder();
        foreach (var line in HeaderLines(report).SelectMany(l => Wrap(l, 110))) sb.AppendLine(line);
        sb.AppendLine();
        var t = report.Target;
        var rows = RankOrder(report).Take(maxRows ?? report.Rows.Count).Select(i => report.Rows[i]).ToList();
        var columns = new List<(string Header, Func<GroupRankRow, string> Cell)>
        {
            ("rank", r => r.Rank.ToString(C)),
            (t.Group, r => r.Level),
            (t.HasProfile ? "predicted" : "estimate", r => RFormat.Fixed(r.Estimate, 3)),
            ("sd", r => RFormat.Fixed(r.Sd, 3)),
        };
        for (int s = 0; s < report.Sources.Count; s++)
        {
            int si = s;
            var source = report.Sources[s];
            string interval = RFormat.Percent(source.Level) + " ranks";
            if (s == 0)
            {
                columns.Add(("mean rank", r => RFormat.Fixed(r.Draws[si].MeanRank, 1)));
                columns.Add((interval, r => Range(r.Draws[si].RankLower, r.Draws[si].RankUpper)));
                columns.Add(("P(top)", r => RFormat.Fixed(r.Draws[si].PTop, 3)));
                columns.Add(("P(bottom)", r => RFormat.Fixed(r.Draws[si].PBottom, 3)));
            }
            else columns.Add((Short(source.Source) + " " + interval, r => Range(r.Draws[si].RankLower, r.Draws[si].RankUpper)));
        }
        if (report.Sets is not null)
        {
            columns.Add(("set", r => Range(r.SetLower, r.SetUpper)));
            columns.Add(("simult. set", r => Range(r.SimultaneousLower, r.SimultaneousUpper)));
        }
        columns.Add(("flag", r => r.Flag));

        var cells = rows.Select(r => columns.Select(c => c.Cell(r)).ToArray()).ToList();
        var widths = columns.Select((c, k) => cells.Select(row => row[k].Length).Prepend(c.Header.Length).Max()).ToArray();
        // Group ids and the flag read left to right; numbers line up on the right.
        bool Left(int k) => k == 1 || k == columns.Count - 1;
        string Line(IReadOnlyList<string> values) =>
            string.Join("  ", values.Select((v, k) => Left(k) ? v.PadRight(widths[k]) : v.PadLeft(widths[k]))).TrimEnd();
        sb.AppendLine(Line(columns.Select(c => c.Header).ToList()));
        foreach (var row in cells) sb.AppendLine(Line(row));
        if (maxRows is { } m && m < report.Rows.Count) sb.AppendLine($"... {report.Rows.Count - m} more groups (see the CSV or JSON)");
        return sb.ToString();
    }

    /// <summary>Row indices in rank order (rank 1 first), ties kept in level order.</summary>
    public static int[] RankOrder(RankReport report) =>
        report.Rows.Select((r, i) => (r.Rank, i)).OrderBy(x => x.Rank).ThenBy(x => x.i).Select(x => x.i).ToArray();

    /// <summary>A source's name in a column header: short, so the table stays narrow.</summary>
    private static string Short(string source) => source switch { "bootstrap" => "boot.", "mcmc" => "MCMC", _ => source };

    /// <summary>Breaks a line at spaces so it fits <paramref name="width"/> characters; continuation lines are indented.</summary>
    public static IEnumerable<string> Wrap(string line, int width)
    {
        string indent = "";
        while (line.Length > width)
        {
            int cut = line.LastIndexOf(' ', width);
            if (cut <= indent.Length) break;
            yield return line[..cut];
            indent = "    ";
            line = indent + line[(cut + 1)..];
        }
        yield return line;
    }

    private static string Range(int? lower, int? upper) => lower is { } l && upper is { } u ? $"{l}-{u}" : "NA";

    public static IEnumerable<string> HeaderLines(RankReport report)
    {
        var t = report.Target;
        yield return $"Ranking {t.Levels.Count} levels of {t.Group} by the {t.Description}; {RankReport.Direction}.";
        yield return $"Model: {t.Formula.Text} ({t.FitLabel} fit, {t.ObservationCount} observations).";
        yield return $"estimate: the group's {(t.HasProfile ? "predicted value (fixed part plus its conditional mode)" : "conditional mode (shrunken effect)")}; sd: " + (t.Generalized is null ? "its prediction-error sd, including the fixed effects' uncertainty." : "its conditional sd (fixed effects held at their estimates" + (t.HasProfile ? ", plus their variance at the profile)." : ")."));
        foreach (var s in report.Sources)
            yield return $"Rank columns{(s == report.Primary ? "" : $" ({Short(s.Source)} *)")}: {SourceText(s.Source)}, {s.DrawCount} draws; {RFormat.Percent(s.Level)} rank intervals; P(top)/P(bottom): share of draws in the top/bottom {report.TopCount} of {t.Levels.Count}.";
        if (report.Sets is { } sets)
            yield return $"Rank confidence sets ({RFormat.Percent(sets.Coverage)}; set: this group alone, simult. set: all groups at once): Mogstad et al. (2024), {(sets.Stepdown ? "stepdown" : "single step")}, {sets.Draws} draws, seed {report.Seed}.";
        yield return $"Flag: above/below = the {RFormat.Percent(report.Level)} interval of the group's deviation from an average group excludes 0.";
        foreach (var n in report.Notes) yield return "Note: " + n;
    }

    public static string SourceText(string source) => source switch
    {
        "bootstrap" => "type III parametric bootstrap (Laird & Louis 1987)",
        "mcmc" => "MCMC posterior",
        _ => source,
    };
}
