// Batch example: rank-uncertainty reports for the walkthrough's unadjusted (Mod1) and adjusted (Mod5) school
// rankings, and how much the ranks move between them. Run from the repository root:
//   dotnet run --project examples/RankReport -c Release [-- out-folder [replicates]]
using System.Globalization;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Figures.Html;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Ranking;
using Resampling.Reporting;
using ScottPlot;

var inv = CultureInfo.InvariantCulture;
string outFolder = args.Length > 0 ? args[0] : Path.Combine("reports", "rank-models");
int replicates = args.Length > 1 ? int.Parse(args[1], inv) : 1000;
var data = HsbModels.WithCses(TableReader.Read(Path.Combine("data", "hsb12.csv")));
var models = new (string Name, string Label, string Formula)[]
{
    ("mod1", "Mod1 (unadjusted)", HsbModels.Mod1),
    ("mod5", "Mod5 (adjusted for SES, MEANSES, SECTOR)", HsbModels.Mod5),
};
var reports = new List<RankReport>();
foreach (var (name, label, formula) in models)
{
    var model = LinearMixedModel.Fit(data, formula);
    var report = RankAnalysis.Run(RankTarget.Resolve(model), new RankOptions { BootstrapReplicates = replicates, Seed = 1 }, "bootstrap+confidence-set");
    RankReportFolder.Write(Path.Combine(outFolder, name), report, SummaryWriter.Write(model, "hsb12.csv"));
    reports.Add(report);
    Console.WriteLine($"{label}: report in {Path.GetFullPath(Path.Combine(outFolder, name, RankReportFolder.HtmlFile))}");
}

// How far each school moves: rank of the estimate and bootstrap mean rank under both models (rank 1 = highest).
var (a, b) = (reports[0], reports[1]);
int groups = a.Rows.Count;
var moves = Enumerable.Range(0, groups).Select(j => b.Rows[j].Rank - a.Rows[j].Rank).ToArray();
double spearman = Correlation(a.Rows.Select(r => (double)r.Rank).ToArray(), b.Rows.Select(r => (double)r.Rank).ToArray());
Console.WriteLine($"Schools: {groups}. Rank correlation Mod1 vs Mod5 (Spearman): {spearman.ToString("F3", inv)}.");
Console.WriteLine($"Mean |rank change|: {moves.Average(Math.Abs).ToString("F1", inv)}; moved more than 20 places: {moves.Count(m => Math.Abs(m) > 20)}; more than 50: {moves.Count(m => Math.Abs(m) > 50)}.");
Console.WriteLine($"Flagged above average: Mod1 {a.Rows.Count(r => r.Flag == "above")}, Mod5 {b.Rows.Count(r => r.Flag == "above")}; below: Mod1 {a.Rows.Count(r => r.Flag == "below")}, Mod5 {b.Rows.Count(r => r.Flag == "below")}.");
Console.WriteLine("Largest moves (rank 1 = highest; 95% bootstrap rank intervals):");
foreach (var j in Enumerable.Range(0, groups).OrderByDescending(j => Math.Abs(moves[j])).Take(10))
{
    var (r1, r5) = (a.Rows[j], b.Rows[j]);
    Console.WriteLine($"  {r1.Level,-6} Mod1 rank {r1.Rank,3} [{r1.Draws[0].RankLower,3}, {r1.Draws[0].RankUpper,3}]  Mod5 rank {r5.Rank,3} [{r5.Draws[0].RankLower,3}, {r5.Draws[0].RankUpper,3}]  move {moves[j],4}");
}

var csv = new System.Text.StringBuilder("# rank 1 = highest effect\nlevel,mod1Estimate,mod1Rank,mod1RankLower,mod1RankUpper,mod5Estimate,mod5Rank,mod5RankLower,mod5RankUpper,move\n");
for (int j = 0; j < groups; j++)
{
    var (r1, r5) = (a.Rows[j], b.Rows[j]);
    csv.AppendLine(string.Join(",", r1.Level, r1.Estimate.ToString("R", inv), r1.Rank, r1.Draws[0].RankLower, r1.Draws[0].RankUpper,
        r5.Estimate.ToString("R", inv), r5.Rank, r5.Draws[0].RankLower, r5.Draws[0].RankUpper, moves[j]));
}
File.WriteAllText(Path.Combine(outFolder, "rank-moves.csv"), csv.ToString());

// Rank under Mod1 (x) against rank under Mod5 (y), each with its 95% bootstrap rank interval.
var plot = new Plot();
for (int j = 0; j < groups; j++)
{
    var (r1, r5) = (a.Rows[j], b.Rows[j]);
    var h = plot.Add.Line(r1.Draws[0].RankLower, r5.Rank, r1.Draws[0].RankUpper, r5.Rank);
    h.LineColor = Colors.SteelBlue.WithAlpha(0.25); h.MarkerSize = 0;
    var v = plot.Add.Line(r1.Rank, r5.Draws[0].RankLower, r1.Rank, r5.Draws[0].RankUpper);
    v.LineColor = Colors.Orange.WithAlpha(0.25); v.MarkerSize = 0;
    var m = plot.Add.Marker(r1.Rank, r5.Rank);
    m.Color = Colors.Navy; m.Size = 4;
}
var diag = plot.Add.Line(0, 0, groups + 1, groups + 1);
diag.LinePattern = LinePattern.Dashed; diag.LineColor = Colors.Black.WithAlpha(0.5); diag.MarkerSize = 0;
plot.Title("School ranks: unadjusted (Mod1) vs adjusted (Mod5); rank 1 = highest");
plot.XLabel("rank under Mod1 (blue: 95% bootstrap rank interval)");
plot.YLabel("rank under Mod5 (orange: 95% interval)");
plot.Axes.SetLimits(0, groups + 1, groups + 1, 0);
plot.SavePng(Path.Combine(outFolder, "rank-moves.png"), 800, 800);
plot.SaveSvg(Path.Combine(outFolder, "rank-moves.svg"), 800, 800);
Console.WriteLine($"Comparison: {Path.GetFullPath(Path.Combine(outFolder, "rank-moves.png"))} and rank-moves.csv");
return 0;

static double Correlation(double[] x, double[] y)
{
    double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
    return sxy / Math.Sqrt(sxx * syy);
}
