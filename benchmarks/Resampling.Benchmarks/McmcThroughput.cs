using System.Diagnostics;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Mcmc;
using Resampling.Model;

namespace Resampling.Benchmarks;

/// <summary>
/// The MCMC issue's benchmark: effective draws per second (bulk-ESS over wall time of sampling, all chains) for σ and
/// every covariance entry on HSB Mod4. A one-off run, not BenchmarkDotNet: ESS is itself random, so several seeds are
/// reported. Arguments: [chains] [iterations] [warmup] [seeds] [data path].
/// </summary>
internal static class McmcThroughput
{
    private const string Mod4 = HsbModels.Mod4;

    public static int Run(string[] args)
    {
        int chains = args.Length > 0 ? int.Parse(args[0]) : 2;
        int iterations = args.Length > 1 ? int.Parse(args[1]) : 2000;
        int warmup = args.Length > 2 ? int.Parse(args[2]) : 1000;
        int seeds = args.Length > 3 ? int.Parse(args[3]) : 3;
        string path = args.Length > 4 ? args[4] : FindData();
        var table = HsbModels.WithCses(CsvTableReader.Read(path));
        var fit = LinearMixedModel.Fit(table, Mod4);
        // Warm the JIT so the first seed's timing is not compile time.
        McmcSampler.Run(fit, new McmcOptions { Chains = 1, Iterations = 300, Warmup = 100, KeepRandomEffects = false });

        string[] watched = ["var_(Intercept)|SCHOOL", "cov_cses.(Intercept)|SCHOOL", "var_cses|SCHOOL", "sigma", "var_Residual"];
        Console.WriteLine($"chains={chains} iterations={iterations} warmup={warmup} cores={Environment.ProcessorCount}");
        Console.WriteLine("seed,seconds,draws_per_second," + string.Join(",", watched.Select(w => $"essbulk[{w}],ess_per_s[{w}]")));
        for (int s = 1; s <= seeds; s++)
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var result = McmcSampler.Run(fit, new McmcOptions
            {
                Chains = chains, Iterations = iterations, Warmup = warmup, Seed = (ulong)s, KeepRandomEffects = false,
                CollapsedMove = Environment.GetEnvironmentVariable("MCMC_COLLAPSED") != "0",
            });
            double secs = result.ElapsedSeconds;
            // CPU seconds of the whole process (sampling plus diagnostics): on a loaded machine wall time overstates cost.
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            Console.Error.WriteLine(FormattableString.Invariant($"seed {s}: wall {secs:F3} s, process CPU {cpu:F3} s (incl. diagnostics), collapsed-move acceptance {string.Join(" ", result.CollapsedAcceptance.Select(a => a.ToString("F2")))}"));
            var cells = watched.Select(w =>
            {
                var sm = result.Summary(w);
                return FormattableString.Invariant($"{sm.EssBulk:F0},{sm.EssBulk / secs:F0}");
            });
            Console.WriteLine(FormattableString.Invariant($"{s},{secs:F3},{chains * iterations / secs:F0},") + string.Join(",", cells));
            if (Environment.GetEnvironmentVariable("MCMC_SUMMARY") == "1")
                foreach (var p in result.Parameters)
                    Console.WriteLine(FormattableString.Invariant($"  {p.Name,-32} {p.Mean,10:G5} {p.Sd,10:G4} {p.Median,10:G5} {p.Q2_5,10:G4} {p.Q97_5,10:G4} {p.Rhat,7:F4} {p.EssBulk,7:F0} {p.EssTail,7:F0}"));
        }
        return 0;
    }

    private static string FindData()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "data", "hsb12.csv"))) dir = dir.Parent;
        return dir is null ? throw new FileNotFoundException("data/hsb12.csv not found above " + AppContext.BaseDirectory)
            : Path.Combine(dir.FullName, "data", "hsb12.csv");
    }
}
