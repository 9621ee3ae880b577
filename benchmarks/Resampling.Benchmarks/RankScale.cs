using System.Diagnostics;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Figures.Html;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Ranking;
using Resampling.Reporting;

namespace Resampling.Benchmarks;

/// <summary>
/// Issue 11's ranking rows: <c>-- rankscale DATA.csv FORMULA GROUP [methods] [replicates] [factors...]</c> times one rank
/// analysis phase by phase (read, fit, target, each source, summaries, report) with the peak working set, e.g.
/// <c>-- rankscale /tmp/g2000.csv "y ~ x + w + (1|g)" g all</c> on <c>synth slopes --rows 40000 --groups 2000</c>.
/// Goals: 2,000 groups all methods ≤ 10 s; 20,000 groups mcmc/bootstrap ≤ 60 s and 2 GB; <c>--group tch</c> on the
/// Tennessee-like design ≤ 30 s.
/// </summary>
internal static class RankScale
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: rankscale DATA.csv FORMULA GROUP [all|mcmc|bootstrap|confidence-set] [replicates]");
            return 64;
        }
        string method = args.Length > 3 ? args[3] : "all";
        int replicates = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        var total = Stopwatch.StartNew();
        var sw = Stopwatch.StartNew();
        var table = TableReader.Read(args[0]);
        Report("read", sw);
        var model = LinearMixedModel.Fit(MixedModelDesign.Build(table, FormulaParser.Parse(args[1])));
        Report($"fit ({model.Evaluations} evaluations)", sw);
        var target = RankTarget.Resolve(model, new RankedQuantity(args[2]));
        Report($"estimates + structured prediction-error covariance ({target.Levels.Count:N0} groups, rank {target.PredictionCovariance.Rank})", sw);
        var options = new RankOptions();
        var sources = new List<DrawRankSummaries>();
        if (RankWorkflow.Uses(method, "mcmc"))
        {
            var draws = RankWorkflow.PosteriorDraws(model, target, options.Seed, []);
            Report("MCMC, 4 chains x 1,000 kept draws", sw);
            sources.Add(RankSummarizer.Summarize(draws));
            Report("rank summaries of the posterior draws", sw);
        }
        if (RankWorkflow.Uses(method, "bootstrap"))
        {
            var boot = TypeThreeBootstrap.Run(target, replicates, options.Seed);
            Report($"type III bootstrap, {replicates:N0} replicates ({replicates / sw.Elapsed.TotalSeconds:F0}/s)", sw);
            sources.Add(RankSummarizer.Summarize(boot.Draws));
            Report("rank summaries of the bootstrap draws", sw);
        }
        RankConfidenceSetResult? sets = null;
        if (RankWorkflow.Uses(method, "confidence-set"))
        {
            sets = RankConfidenceSets.Compute(target.Estimates, target.PredictionCovariance, options.Seed, options.SetDraws, options.Level);
            Report("confidence sets (1,000 draws, stepdown, marginal + simultaneous)", sw);
        }
        var report = RankAnalysis.Assemble(target, method, options, sources, sets, []);
        Report("rows (expected ranks over all pairs)", sw);
        var folder = Path.Combine(Path.GetTempPath(), "rankscale-benchmark");
        RankReportFolder.Write(folder, report, SummaryWriter.Write(model, Path.GetFileName(args[0])));
        Report("figures + HTML/CSV/JSON written", sw);
        Console.WriteLine($"total: {total.Elapsed.TotalSeconds:F2} s on {Environment.ProcessorCount} cores, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB");
        return 0;
    }

    private static void Report(string what, Stopwatch sw) => RankBenchmarks.Report(what, sw);
}
