using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Resampling.Bootstrap;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Benchmarks;

/// <summary>
/// Issue 11's students × teachers × schools rows, phase by phase: <c>-- tnprofile DATA.csv [repetitions] [replicates]</c>
/// on <c>synth tennessee</c>'s output. Times the read, the design, the cross-products (pattern and symbolic analysis
/// included), the optimiser (objective and gradient calls counted and timed apart), the results after the fit, the
/// whole <see cref="LinearMixedModel.Fit(MixedModelDesign, FitOptions?)"/>, and a parametric bootstrap (one thread and
/// all cores). The first repetition is cold (JIT); the others are warm. Goals: fit ≤ 0.2 s, bootstrap ≥ 20 replicates/s.
/// Phase times are this thread's CPU time (steadier than wall time on a shared machine; Linux); the last column and the
/// bootstrap are wall time.
/// </summary>
internal static class TennesseeProfile
{
    public const string Formula = "score ~ grade + female + freelunch + classtype + (1|stu) + (1|tch) + (1|sch)";

    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: tnprofile DATA.csv [repetitions] [bootstrap replicates] [formula]");
            return 64;
        }
        int reps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        int replicates = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        string formula = args.Length > 3 ? args[3] : Formula;
        Console.WriteLine($"load average: {LoadAverage()}");
        Console.WriteLine("rep,read_ms,design_ms,crossproducts_ms,optimiser_ms,objectives,objective_ms,gradients,gradient_ms,results_ms,fit_cpu_ms,fit_wall_ms,evaluations,objective");
        LinearMixedModel? model = null;
        for (int rep = 0; rep < reps; rep++)
        {
            var sw = new CpuClock();
            var wall = Stopwatch.StartNew();
            var table = TableReader.Read(args[0]);
            double read = Lap(sw);
            var design = MixedModelDesign.Build(table, FormulaParser.Parse(formula));
            double build = Lap(sw);
            var cp = new Crossproducts(design);
            double cross = Lap(sw);
            // The optimiser alone, objective and gradient counted and timed as the fit calls them.
            var pls = new PlsFactor(cp);
            var gradient = PlsMultiFactorGradient.For(pls, true);
            int nf = 0, ng = 0;
            double tf = 0, tg = 0;
            var inner = Stopwatch.StartNew();
            var opt = FitOptions.Default.Optimizer.Minimize(theta =>
                {
                    double t0 = CpuClock.ThreadMilliseconds();
                    double v = pls.Objective(theta, true);
                    tf += CpuClock.ThreadMilliseconds() - t0;
                    nf++;
                    return v;
                },
                gradient is null ? null : (x, g) =>
                {
                    double t0 = CpuClock.ThreadMilliseconds();
                    bool ok = gradient(x, g);
                    tg += CpuClock.ThreadMilliseconds() - t0;
                    ng++;
                    return ok;
                },
                DefaultStart(cp), LinearMixedModel.ThetaLowerBounds(cp), null);
            double optimiser = Lap(sw);
            // The public fit from the same design: cross-products, optimiser and results.
            var fitClock = new CpuClock();
            var fitWall = Stopwatch.StartNew();
            model = LinearMixedModel.Fit(design);
            double fit = fitClock.Lap();
            double fitWallMs = fitWall.Elapsed.TotalMilliseconds;
            Console.WriteLine(string.Join(',', rep, F(read), F(build), F(cross), F(optimiser), nf, F(tf), ng, F(tg),
                F(fit - cross - optimiser), F(fit), F(fitWallMs), model.Evaluations, model.Objective.ToString("F6", CultureInfo.InvariantCulture)));
            _ = opt;
        }
        Console.WriteLine($"theta: {string.Join(' ', model!.Theta.Select(t => t.ToString("G8", CultureInfo.InvariantCulture)))}");
        // The results after the fit, piece by piece, at θ̂.
        {
            var clock = new CpuClock();
            var pls = new PlsFactor(model.Crossproducts);
            double create = clock.Lap();
            pls.Factor(model.Theta.ToArray());
            double factor = clock.Lap();
            pls.SphericalConditionalCovariances();
            double condVar = clock.Lap();
            Console.WriteLine($"at θ̂: new factor {F(create)} ms, factor {F(factor)} ms, conditional covariances {F(condVar)} ms (CPU)");
        }
        // Warm refits on responses like the bootstrap's (fitted values plus permuted residuals): evaluations each.
        {
            var rng = new Random(7);
            var evaluations = new List<int>();
            var clock = new CpuClock();
            for (int r = 0; r < 5; r++)
            {
                var res = model.Residuals.ToArray();
                rng.Shuffle(res);
                var y = model.Fitted.Select((f, i) => f + res[i]).ToArray();
                evaluations.Add(model.Refit(y).Evaluations);
            }
            Console.WriteLine($"warm refits: evaluations {string.Join(' ', evaluations)}, {F(clock.Lap() / 5)} ms CPU each (results included)");
            if (Environment.GetEnvironmentVariable("TNPROFILE_TRACE") is not null)
            {
                var res = model.Residuals.ToArray();
                new Random(7).Shuffle(res);
                var cp = model.Crossproducts.WithResponse(model.Fitted.Select((f, i) => f + res[i]).ToArray());
                var pls = new PlsFactor(cp);
                var gradient = PlsMultiFactorGradient.For(pls, true)!;
                var options = model.RefitOptions();
                var opt = options.Optimizer.Minimize(theta =>
                    {
                        double v = pls.Objective(theta, true);
                        Console.WriteLine(FormattableString.Invariant($"  f({string.Join(", ", theta.Select(t => t.ToString("G12", CultureInfo.InvariantCulture)))}) = {v:R}"));
                        return v;
                    },
                    (x, g) =>
                    {
                        bool ok = gradient(x, g);
                        Console.WriteLine(FormattableString.Invariant($"  g = {string.Join(", ", g.ToArray().Select(t => t.ToString("G6", CultureInfo.InvariantCulture)))}"));
                        return ok;
                    },
                    options.StartTheta!, LinearMixedModel.ThetaLowerBounds(cp), options.InitialInverseHessian);
                Console.WriteLine($"  {opt.Message}, {opt.Evaluations} evaluations");
            }
        }
        if (replicates > 0)
            foreach (int threads in new[] { 1, Environment.ProcessorCount })
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var boot = ParametricBootstrap.Run(model, new BootstrapOptions { Replicates = replicates, Seed = 1, MaxThreads = threads });
                double s = sw.Elapsed.TotalSeconds;
                double c = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                Console.WriteLine(FormattableString.Invariant(
                    $"parametric bootstrap, {threads} thread(s): {replicates} replicates in {s:F2} s = {replicates / s:F1}/s, process CPU {c:F2} s = {replicates / c:F1}/CPU-s ({boot.Replicates - boot.FailedCount} kept, {boot.SingularCount} singular)"));
            }
        Console.WriteLine($"load average: {LoadAverage()}");
        return 0;
    }

    private static double[] DefaultStart(Crossproducts cp) =>
        LinearMixedModel.ThetaLowerBounds(cp).Select(l => l == 0 ? 1.0 : 0.0).ToArray();

    private static double Lap(CpuClock clock) => clock.Lap();

    /// <summary>The calling thread's CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID)).</summary>
    internal sealed class CpuClock
    {
        private double _last = ThreadMilliseconds();

        public double Lap()
        {
            double now = ThreadMilliseconds();
            double ms = now - _last;
            _last = now;
            return ms;
        }

        public static double ThreadMilliseconds()
        {
            if (!OperatingSystem.IsLinux()) return Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
            ClockGetTime(3, out var ts);
            return ts.Seconds * 1000.0 + ts.Nanoseconds / 1e6;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);
    }

    private static string F(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);

    internal static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "n/a"; }
    }
}
