using System.Diagnostics;
using System.Globalization;
using Resampling.Data;
using Resampling.Glmm;

namespace Resampling.Benchmarks;

/// <summary>
/// A GLMM fit phase by phase (issue 16): <c>-- glmmprofile DATA.csv FORMULA FAMILY [LINK] [NAGQ] [REPETITIONS] [--factor COLUMN]...</c>.
/// Prints, per repetition, each phase's CPU time (this thread's), objective evaluations (PIRLS runs) and PIRLS iterations
/// (factorisations), then the fit's deviance, θ, β and standard errors. The first repetition is cold (JIT).
/// </summary>
internal static class GlmmProfile
{
    public static int Run(string[] all)
    {
        var factors = new List<string>();
        var args = new List<string>();
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] == "--factor" && i + 1 < all.Length) factors.Add(all[++i]);
            else args.Add(all[i]);
        }
        if (args.Count < 3)
        {
            Console.Error.WriteLine("usage: glmmprofile DATA.csv FORMULA binomial|poisson [link|-] [nagq] [repetitions]");
            return 64;
        }
        var distribution = args[2] == "poisson" ? GlmmDistribution.Poisson : GlmmDistribution.Binomial;
        var family = args.Count > 3 && args[3] != "-"
            ? new GlmmFamily(distribution, Enum.Parse<GlmmLink>(args[3], ignoreCase: true))
            : GlmmFamily.Canonical(distribution);
        int nagq = args.Count > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
        int reps = args.Count > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 2;
        var inv = CultureInfo.InvariantCulture;
        GlmmFitProfile.Clock = TennesseeProfile.CpuClock.ThreadMilliseconds;
        for (int rep = 0; rep < reps; rep++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var table = TableReader.Read(args[0]);
            foreach (var f in factors) table = table.WithTextColumn(f);
            var problem = GlmmProblem.Build(table, args[1], family);
            // A collection now rather than in the fit's first phase (the table's garbage would be charged to it).
            GC.Collect();
            var fit = GeneralizedLinearMixedModel.Fit(problem, new GlmmFitOptions { Nagq = nagq });
            double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            Console.WriteLine(string.Create(inv, $"rep {rep}: fit {fit.FitMilliseconds:F0} ms wall, process CPU {cpuMs:F0} ms (read included)"));
            foreach (var (phase, ms, solves, iterations) in fit.Profile.Phases)
                Console.WriteLine(string.Create(inv, $"  {phase,-22} {ms,9:F1} ms CPU {solves,6} PIRLS runs {iterations,7} iterations"));
            Console.WriteLine(string.Create(inv, $"  deviance {fit.Deviance:R}  converged {fit.Converged}  singular {fit.Singular}  {fit.OptimizerMessage}"));
            Console.WriteLine("  theta " + string.Join(" ", fit.Theta.ToArray().Select(t => t.ToString("R", inv))));
            foreach (var fe in fit.FixedEffects)
                Console.WriteLine(string.Create(inv, $"  {fe.Name,-14} {fe.Estimate,22:R} {fe.StdError,22:R}"));
        }
        return 0;
    }
}
