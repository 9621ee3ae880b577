using System.Text;
using Resampling.Ranking;

namespace Resampling.Reporting;

/// <summary>One row per group, the JSON keys as column names; rank 1 = highest effect (said in a leading comment line).</summary>
public static class RankCsvWriter
{
    public static string Write(RankReport report)
    {
        var cols = RankColumns.For(report);
        var sb = new StringBuilder();
        sb.AppendLine($"# {report.Target.Group} ranked by the {report.Target.Description}; {RankReport.Direction}");
        sb.Append("level,").Append(string.Join(",", cols.Select(c => c.Name))).AppendLine(",flag");
        foreach (var r in report.Rows)
        {
            sb.Append(Quote(r.Level));
            foreach (var c in cols)
            {
                sb.Append(',');
                if (c.Value(r) is { } v) sb.Append(RankColumns.Invariant(v));
                else sb.Append("NA");
            }
            sb.Append(',').AppendLine(r.Flag);
        }
        return sb.ToString();
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
