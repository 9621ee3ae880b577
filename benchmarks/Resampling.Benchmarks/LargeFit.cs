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
