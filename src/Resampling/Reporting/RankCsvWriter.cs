using System.Text;
using Resampling.Ranking;

namespace Resampling.Reporting;

/// <summary>
/// One row per group, the JSON keys as column names, the header on the first line (a leading comment line would be
/// taken as the header by Excel, R's read.csv and pandas); rank 1 = highest effect, as ranks.json and the report say.
/// </summary>
public static class RankCsvWriter
{
    public static string Write(RankReport report)
    {
        var cols = RankColumns.For(report);
        var sb = new StringBuilder();
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
