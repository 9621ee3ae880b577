using System.Diagnostics;
using System.Globalization;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Benchmarks;

/// <summary>
/// <c>-- fittrace DATA.csv FORMULA [factor,columns] [ml]</c>: every objective and gradient call of a cold fit's optimiser, in order,
/// with θ, the value, the gradient and the milliseconds each took, then the count of each. Shows where a fit's
/// evaluations go (line-search steps, stop rule, boundary restarts) on any design.
/// </summary>
internal static class FitTrace
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: fittrace DATA.csv FORMULA [factor,columns] [ml]");
            return 64;
        }
        var table = TableReader.Read(args[0]);
        if (args.Length > 2 && args[2].Length > 0)
            foreach (var c in args[2].Split(',')) table = table.WithTextColumn(c);
        bool reml = !(args.Length > 3 && args[3] == "ml");
        var cp = new Crossproducts(MixedModelDesign.Build(table, FormulaParser.Parse(args[1])));
        if (cp.Schur is { } schur)
        {
            var sy = schur.Symbolic;
            int widest = 0;
            for (int k = 0; k < sy.SupernodeCount; k++) widest = Math.Max(widest, sy.SupernodeStart[k + 1] - sy.SupernodeStart[k]);
            Console.WriteLine(FormattableString.Invariant(
                $"S: order {sy.Order}, pattern {schur.Pattern.NonZeros:N0}, L {sy.FactorNonZeros:N0} ({sy.SupernodeCount} supernodes, widest {widest}, tallest {sy.MaxSupernodeRows}), first block {cp.L1} levels"));
            // FITTRACE_SUPERNODES=1: each supernode's columns × rows (where the factor's and the selected inverse's work is).
            if (Environment.GetEnvironmentVariable("FITTRACE_SUPERNODES") == "1")
                Console.WriteLine(string.Join(" ", Enumerable.Range(0, sy.SupernodeCount).Select(k =>
                    $"{sy.SupernodeStart[k + 1] - sy.SupernodeStart[k]}x{sy.RowStart[k + 1] - sy.RowStart[k]}")));
        }
        var pls = new PlsFactor(cp);
        var gradient = PlsMultiFactorGradient.For(pls, reml);
        int nf = 0, ng = 0;
        static string V(IEnumerable<double> v) => string.Join(", ", v.Select(t => t.ToString("G10", CultureInfo.InvariantCulture)));
        var lower = LinearMixedModel.ThetaLowerBounds(cp);
        var start = lower.Select(l => l == 0 ? 1.0 : 0.0).ToArray();
        var total = Stopwatch.StartNew();
        var opt = FitOptions.Default.Optimizer.Minimize(theta =>
            {
                var sw = Stopwatch.StartNew();
                double v = pls.Objective(theta, reml);
                nf++;
                Console.WriteLine(FormattableString.Invariant($"f {nf,3} ({V(theta)}) = {v:R}  {sw.Elapsed.TotalMilliseconds:F1} ms"));
                return v;
            },
            gradient is null ? null : (x, g) =>
            {
                var sw = Stopwatch.StartNew();
                bool ok = gradient(x, g);
                ng++;
                Console.WriteLine(FormattableString.Invariant($"g {ng,3} ({V(x)}) -> ({V(g.ToArray())})  {sw.Elapsed.TotalMilliseconds:F1} ms"));
                return ok;
            },
            start, lower, null);
        Console.WriteLine(FormattableString.Invariant(
            $"{opt.Message}: {nf} objectives, {ng} gradients, {opt.Evaluations} evaluations counted, objective {opt.Value:R}, {total.Elapsed.TotalSeconds:F2} s"));
        // FITTRACE_PIECES=N: each piece of a cold fit timed warm (CPU ms of this thread, best of N) at the optimum.
        if (Environment.GetEnvironmentVariable("FITTRACE_PIECES") is { } piecesText && int.TryParse(piecesText, out int pieces))
        {
            var theta = opt.X.ToArray();
            var g = new double[theta.Length];
            Time("read", pieces, () => TableReader.Read(args[0]));
            Time("design", pieces, () => MixedModelDesign.Build(table, FormulaParser.Parse(args[1])));
            var design = MixedModelDesign.Build(table, FormulaParser.Parse(args[1]));
            Time("crossproducts (with S's analysis)", pieces, () => new Crossproducts(design));
            if (cp.Schur is not null) Time("  RestSchur.Build", pieces, () => RestSchur.Build(cp));
            Time("factor (objective)", pieces, () => pls.Factor(theta));
            if (pls.RestSparseFactor is { } sparse)
            {
                var sValues = pls.RestSchurValues.ToArray();
                Time("  sparse factorisation of S", pieces, () => sparse.Factorize(sValues));
                var selected = new Resampling.Numerics.Sparse.SelectedInverse(sparse);
                Time("  selected inverse", pieces, selected.Compute);
                int count = cp.P + 1, order = sparse.Symbolic.Order;
                var rhs = new double[count * order];
                var rng = new Random(1);
                var fresh = Enumerable.Range(0, rhs.Length).Select(_ => rng.NextDouble()).ToArray();
                Time($"  forward solve, {count} columns", pieces, () => { fresh.CopyTo(rhs, 0); sparse.SolveLower(rhs, count); });
                Time($"  back solve, {count} columns", pieces, () => { fresh.CopyTo(rhs, 0); sparse.SolveLowerTransposed(rhs, count); });
            }
            Time("gradient (factor reused)", pieces, () => gradient?.Invoke(theta, g));
        }
        // Warm refits as the bootstrap runs them (fitted values plus permuted residuals): their total evaluations.
        if (Environment.GetEnvironmentVariable("FITTRACE_REFITS") is { } refitsText && int.TryParse(refitsText, out int refits))
        {
            var model = LinearMixedModel.Fit(MixedModelDesign.Build(table, FormulaParser.Parse(args[1])), new FitOptions { Reml = reml });
            var rng = new Random(7);
            int evaluations = 0;
            var clock = Stopwatch.StartNew();
            for (int r = 0; r < refits; r++)
            {
                var res = model.Residuals.ToArray();
                rng.Shuffle(res);
                evaluations += model.Refit(model.Fitted.Select((f, i) => f + res[i]).ToArray()).Evaluations;
            }
            Console.WriteLine(FormattableString.Invariant(
                $"{refits} warm refits: {evaluations} evaluations ({(double)evaluations / refits:F2} each), {clock.Elapsed.TotalMilliseconds / refits:F3} ms each"));
        }
        return 0;
    }

    private static void Time(string name, int reps, Action action)
    {
        double best = double.MaxValue;
        for (int r = 0; r < reps; r++)
        {
            double t0 = TennesseeProfileClock();
            action();
            best = Math.Min(best, TennesseeProfileClock() - t0);
        }
        Console.WriteLine(FormattableString.Invariant($"{name,-36} {best,8:F2} ms"));
    }

    private static double TennesseeProfileClock() => TennesseeProfile.CpuClock.ThreadMilliseconds();
}
