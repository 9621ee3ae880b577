using System.Globalization;

namespace Resampling.Ranking;

/// <summary>
/// The per-group columns shared by the table, CSV and JSON writers, in one place so the three agree. Names are the
/// JSON keys; a secondary source's columns carry its name as prefix (bootstrapMeanRank).
/// </summary>
internal static class RankColumns
{
    public sealed record Column(string Name, Func<GroupRankRow, double?> Value, bool Integer);

    public static IReadOnlyList<Column> For(RankReport report)
    {
        var cols = new List<Column>
        {
            new("estimate", r => r.Estimate, false),
            new("sd", r => r.Sd, false),
            new("lower", r => r.Lower, false),
            new("upper", r => r.Upper, false),
            new("condSd", r => r.ConditionalSd, false),
            new("rank", r => r.Rank, true),
            new("expectedRank", r => r.ExpectedRank, false),
        };
        for (int s = 0; s < report.Sources.Count; s++)
        {
            int si = s;
            string prefix = s == 0 ? "" : report.Sources[s].Source;
            string N(string name) => prefix.Length == 0 ? name : prefix + char.ToUpperInvariant(name[0]) + name[1..];
            cols.Add(new(N("meanRank"), r => r.Draws[si].MeanRank, false));
            cols.Add(new(N("medianRank"), r => r.Draws[si].MedianRank, true));
            cols.Add(new(N("rankLower"), r => r.Draws[si].RankLower, true));
            cols.Add(new(N("rankUpper"), r => r.Draws[si].RankUpper, true));
            cols.Add(new(N("pTop"), r => r.Draws[si].PTop, false));
            cols.Add(new(N("pBottom"), r => r.Draws[si].PBottom, false));
            cols.Add(new(N("drawSd"), r => r.Draws[si].Sd, false));
        }
        if (report.Sets is not null)
        {
            cols.Add(new("setLower", r => r.SetLower, true));
            cols.Add(new("setUpper", r => r.SetUpper, true));
            cols.Add(new("simultaneousLower", r => r.SimultaneousLower, true));
            cols.Add(new("simultaneousUpper", r => r.SimultaneousUpper, true));
        }
        return cols;
    }

    public static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
