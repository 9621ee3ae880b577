using System.Text;
using Resampling.Engine;

namespace Resampling.Reporting;

/// <summary>Conditional modes as R prints ranef(model): one table per grouping factor, levels as row names.</summary>
public static class RanefWriter
{
    public static string Write(LinearMixedModel m, bool withCondSd = true) => Write(m.RandomEffects, withCondSd);

    /// <summary>Any model's conditional modes (a GLMM's are on the link scale), terms of one factor side by side.</summary>
    public static string Write(IReadOnlyList<TermRandomEffects> effects, bool withCondSd = true)
    {
        var sb = new StringBuilder();
        foreach (var factor in effects.GroupBy(r => r.Factor))
        {
            var terms = factor.ToList();
            var levels = terms[0].Levels;
            sb.Append('$').AppendLine(factor.Key);
            var header = new List<string>();
            var columns = new List<string[]>();
            foreach (var t in terms)
                for (int c = 0; c < t.Names.Count; c++)
                {
                    int cc = c;
                    header.Add(t.Names[c]);
                    columns.Add(RFormat.Column(Enumerable.Range(0, levels.Count).Select(l => t.Values[l, cc]).ToList(), 7));
                    if (!withCondSd) continue;
                    header.Add("condsd");
                    columns.Add(RFormat.Column(Enumerable.Range(0, levels.Count).Select(l => t.CondSd[l, cc]).ToList(), 7));
                }
            var rows = Enumerable.Range(0, levels.Count).Select(l => columns.Select(c => c[l]).ToArray()).ToList();
            SummaryWriter.AppendTable(sb, header.ToArray(), rows, levels.ToArray());
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
