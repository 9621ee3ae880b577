using System.Globalization;
using System.Text;
using Resampling.Ranking;
using Resampling.Reporting;

namespace Resampling.Reporting;

/// <summary>
/// The console table: the walkthrough's cbind(ranef(...)) table (level, conditional mode) with the rank columns added,
/// groups in level order, preceded by what was ranked, how, and the direction.
/// </summary>
public static class RankTableWriter
{
    public static string Write(RankReport report, int? maxRows = null)
    {
        var sb = new StringBuilder();
        foreach (var line in HeaderLines(report)) sb.AppendLine(line);
        sb.AppendLine();
        var t = report.Target;
        var rows = report.Rows.Take(maxRows ?? report.Rows.Count).ToList();
        var header = new List<string> { t.HasProfile ? "predicted" : t.Description.StartsWith("random intercept") ? "(Intercept)" : "effect", "sd", "rank" };
        var cols = new List<string[]>
        {
            rows.Select(r => RFormat.Fixed(r.Estimate, 7)).ToArray(),
            rows.Select(r => RFormat.Fixed(r.Sd, 4)).ToArray(),
            rows.Select(r => r.Rank.ToString(CultureInfo.InvariantCulture)).ToArray(),
        };
        for (int s = 0; s < report.Sources.Count; s++)
        {
            int si = s;
            string p = s == 0 ? "" : report.Sources[s].Source + ".";
            header.AddRange([p + "meanRank", p + "median", p + RFormat.Percent(report.Sources[s].Level) + " rank"]);
            cols.Add(rows.Select(r => RFormat.Fixed(r.Draws[si].MeanRank, 1)).ToArray());
            cols.Add(rows.Select(r => r.Draws[si].MedianRank.ToString(CultureInfo.InvariantCulture)).ToArray());
            cols.Add(rows.Select(r => $"{r.Draws[si].RankLower}-{r.Draws[si].RankUpper}").ToArray());
            if (s == 0)
            {
                header.AddRange(["pTop", "pBottom"]);
                cols.Add(rows.Select(r => RFormat.Fixed(r.Draws[si].PTop, 3)).ToArray());
                cols.Add(rows.Select(r => RFormat.Fixed(r.Draws[si].PBottom, 3)).ToArray());
            }
        }
        if (report.Sets is not null)
        {
            header.AddRange(["set", "simult."]);
            cols.Add(rows.Select(r => $"{r.SetLower}-{r.SetUpper}").ToArray());
            cols.Add(rows.Select(r => $"{r.SimultaneousLower}-{r.SimultaneousUpper}").ToArray());
        }
        header.Add("flag");
        cols.Add(rows.Select(r => r.Flag).ToArray());
        var table = rows.Select((_, i) => cols.Select(c => c[i]).ToArray()).ToList();
        SummaryWriter.AppendTable(sb, header.ToArray(), table, rows.Select(r => r.Level).ToArray());
        if (maxRows is { } m && m < report.Rows.Count) sb.AppendLine($"... {report.Rows.Count - m} more groups (see the CSV or JSON)");
        return sb.ToString();
    }

    public static IEnumerable<string> HeaderLines(RankReport report)
    {
        var t = report.Target;
        var inv = CultureInfo.InvariantCulture;
        yield return $"Ranking {t.Group} ({t.Levels.Count} groups) by the {t.Description}; {RankReport.Direction}.";
        yield return $"Model: {t.Model.Formula.Text} ({(t.Model.Reml ? "REML" : "ML")} fit, {t.Model.ObservationCount} observations)";
        yield return $"Estimate: conditional mode{(t.HasProfile ? " plus fixed part" : "")}; sd: prediction-error sd including the fixed effects' uncertainty.";
        foreach (var s in report.Sources)
            yield return $"Rank summaries{(s == report.Primary ? "" : $" ({s.Source}.*)")}: {SourceText(s.Source)}, {s.DrawCount} draws; {RFormat.Percent(report.Level)} rank intervals; pTop/pBottom: top/bottom {report.TopCount} of {t.Levels.Count} ({report.TopFraction.ToString(inv)}).";
        if (report.Sets is { } sets)
            yield return $"Rank confidence sets ({RFormat.Percent(sets.Coverage)}; set = marginal, simult. = all groups at once): Mogstad et al. (2024), {(sets.Stepdown ? "stepdown" : "single step")}, {sets.Draws} draws, seed {report.Seed}.";
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
