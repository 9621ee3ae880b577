using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Figures;
using Resampling.Figures.Html;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Ranking;
using Resampling.Reporting;

namespace Resampling.Benchmarks;

/// <summary>
/// The default rank report on HSB Mod5 and its parts. Goal (issue 6): fit + 4,000 posterior draws + 2,000 bootstrap
/// replicates + confidence sets + figures within 10 s on a 2-core machine.
/// `dotnet run -c Release -- rank` times one run of each phase (Stopwatch); BenchmarkDotNet: --filter '*RankBenchmarks*'.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RankBenchmarks
{
    private LinearMixedModel _model = null!;
    private RankTarget _target = null!;
    private RankReport _report = null!;
    private RankDraws _draws = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = LinearMixedModel.Fit(LoadHsb(), RankCommandDefaults.Formula);
        _target = RankTarget.Resolve(_model);
        _report = RankAnalysis.Run(_target, new RankOptions { BootstrapReplicates = 100 }, "all");
        var rs = new Random(1);
        var v = new double[4000, 160];
        for (int d = 0; d < 4000; d++) for (int j = 0; j < 160; j++) v[d, j] = rs.NextDouble();
        _draws = new RankDraws("mcmc", _target.Levels, v);
    }

    [Benchmark] public object Bootstrap2000() => TypeThreeBootstrap.Run(_target, 2000, 1);
    [Benchmark] public object ConfidenceSets() => RankConfidenceSets.Compute(_target.Estimates, _target.PredictionCovariance, 1, 1000);
    [Benchmark] public object Figures() => RankFigures.Create(_report);
    [Benchmark] public object Summaries4000Draws() => RankSummarizer.Summarize(_draws);
    [Benchmark] public object Target() => RankTarget.Resolve(_model);

    internal static DataTable LoadHsb() =>
        HsbModels.WithCses(TableReader.Read(Path.Combine(FitBenchmarks.RepoRoot(), "data", "hsb12.csv")));

    /// <summary>One timed run of the whole default report, phase by phase.</summary>
    public static int RunOnce()
    {
        var total = Stopwatch.StartNew();
        var sw = Stopwatch.StartNew();
        var table = LoadHsb();
        Report("read data", sw);
        var model = LinearMixedModel.Fit(table, RankCommandDefaults.Formula);
        Report("fit Mod5", sw);
        var target = RankTarget.Resolve(model);
        Report("estimates + prediction-error covariance", sw);
        var mcmc = Resampling.Mcmc.McmcSampler.Run(model, new Resampling.Mcmc.McmcOptions { Seed = 1, Chains = 4, Iterations = 2000, Warmup = 1000 });
        var posterior = RankSummarizer.Summarize(McmcRankDraws.From(mcmc, target));
        Report("MCMC, 4 chains x 1,000 kept draws, and their rank summaries", sw);
        var boot = TypeThreeBootstrap.Run(target, 2000, 20240601);
        Report("type III bootstrap, 2,000 replicates", sw);
        var summaries = RankSummarizer.Summarize(boot.Draws);
        Report("rank summaries of 2,000 draws", sw);
        var sets = RankConfidenceSets.Compute(target.Estimates, target.PredictionCovariance, 20240601, 1000);
        Report("confidence sets (1,000 draws, stepdown, marginal + simultaneous)", sw);
        var report = RankAnalysis.Assemble(target, "all", new RankOptions(), [posterior, summaries], sets, []);
        var folder = Path.Combine(Path.GetTempPath(), "rank-benchmark");
        RankReportFolder.Write(folder, report, SummaryWriter.Write(model, "hsb12.csv"));
        Report("figures + HTML/CSV/JSON written", sw);
        Console.WriteLine($"total: {total.Elapsed.TotalSeconds:F2} s on {Environment.ProcessorCount} cores");
        return 0;
    }

    /// <summary>Prints a phase's time and restarts the clock (shared with <see cref="RankScale"/>).</summary>
    private static TimeSpan s_cpu = Process.GetCurrentProcess().TotalProcessorTime;

    internal static void Report(string what, Stopwatch sw)
    {
        // CPU time beside wall time: on a shared machine the wall clock measures the load as much as the code.
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        // Memory beside time: the heap after the phase (live + not yet collected) and the peak working set so far, to
        // find which phase sets the process's peak.
        Console.WriteLine($"{sw.Elapsed.TotalMilliseconds,9:F0} ms  (CPU {(cpu - s_cpu).TotalMilliseconds,7:F0} ms, heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0,6:F0} MB, peak {process.PeakWorkingSet64 / 1048576.0,6:F0} MB)  {what}");
        s_cpu = cpu;
        sw.Restart();
    }
}

/// <summary>The CLI's default model (kept in step with Resampling.Cli's RankCommand).</summary>
internal static class RankCommandDefaults
{
    public const string Formula = HsbModels.Mod5;
}
