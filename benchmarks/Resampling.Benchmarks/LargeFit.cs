using System.Diagnostics;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Benchmarks;

/// <summary>
/// The scaling check: a synthetic random-slope data set (default 1,000,000 rows, 10,000 groups) fitted by
/// REML, timing design construction and fit separately, at several sizes to show growth with rows, with peak memory.
/// </summary>
internal static class LargeFit
{
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0].EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            return ReadAndFit(args[0], args.Length > 1 ? args[1] : "y ~ x + w + (1 + x|g)", args.Length > 2 ? int.Parse(args[2]) : 1);
        int[] sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [250_000, 500_000, 1_000_000];
        Console.WriteLine("rows,groups,build_s,fit_s,evaluations,objective,peak_working_set_mb");
        foreach (int n in sizes)
        {
            int groups = n / 100;
            var table = Synthetic(n, groups, seed: 42);
            var sw = Stopwatch.StartNew();
            var design = MixedModelDesign.Build(table, FormulaParser.Parse("y ~ x + (1 + x|g)"));
            double build = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var m = LinearMixedModel.Fit(design);
            double fit = sw.Elapsed.TotalSeconds;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
            Console.WriteLine(FormattableString.Invariant($"{n},{groups},{build:F3},{fit:F3},{m.Evaluations},{m.Objective:F4},{peak:F0}"));
        }
        return 0;
    }

    /// <summary>
    /// <c>-- large FILE.csv [FORMULA] [ROUNDS]</c>: read a CSV (e.g. from <c>-- synth slopes</c>) and fit it, phase by
    /// phase, in wall and CPU seconds; the first round pays the JIT, as a cold CLI run does.
    /// </summary>
    private static int ReadAndFit(string path, string formula, int rounds)
    {
        var proc = Process.GetCurrentProcess();
        double mb = new FileInfo(path).Length / 1e6;
        Console.WriteLine("round,read_s,read_cpu_s,read_MB_per_s,build_s,build_cpu_s,fit_s,fit_cpu_s,evaluations,objective,peak_working_set_mb");
        double Cpu() { proc.Refresh(); return proc.TotalProcessorTime.TotalSeconds; }
        for (int r = 1; r <= rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            double c0 = Cpu();
            var table = CsvTableReader.Read(path);
            double read = sw.Elapsed.TotalSeconds, c1 = Cpu();
            sw.Restart();
            var design = MixedModelDesign.Build(table, FormulaParser.Parse(formula));
            double build = sw.Elapsed.TotalSeconds, c2 = Cpu();
            sw.Restart();
            var m = LinearMixedModel.Fit(design);
            double fit = sw.Elapsed.TotalSeconds, c3 = Cpu();
            Console.WriteLine(FormattableString.Invariant(
                $"{r},{read:F3},{c1 - c0:F3},{mb / (c1 - c0):F0},{build:F3},{c2 - c1:F3},{fit:F3},{c3 - c2:F3},{m.Evaluations},{m.Objective:F4},{proc.PeakWorkingSet64 / 1048576.0:F0}"));
        }
        return 0;
    }

    /// <summary>y = 10 + 2x + b0_g + b1_g x + e with sd(b0) = 2, sd(b1) = 0.5, corr 0.3, sd(e) = 3.</summary>
    internal static DataTable Synthetic(int n, int groups, int seed)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var b0 = new double[groups];
        var b1 = new double[groups];
        for (int j = 0; j < groups; j++)
        {
            double z0 = Normal(), z1 = Normal();
            b0[j] = 2 * z0;
            b1[j] = 0.5 * (0.3 * z0 + Math.Sqrt(1 - 0.09) * z1);
        }
        var y = new double[n];
        var x = new double[n];
        var g = new double[n];
        for (int i = 0; i < n; i++)
        {
            int j = i % groups;
            g[i] = j;
            x[i] = Normal();
            y[i] = 10 + 2 * x[i] + b0[j] + b1[j] * x[i] + 3 * Normal();
        }
        return new DataTable([DataColumn.FromNumbers("y", y), DataColumn.FromNumbers("x", x), DataColumn.FromNumbers("g", g)]);
    }
}
