using System.Diagnostics;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Inference;
using Resampling.Model;

namespace Resampling.Benchmarks;

/// <summary>
/// Issue 11's Kenward–Roger row: <c>-- kr DATA.csv FORMULA [rounds] [factor ...]</c> fits once, then times the KR
/// coefficient table (<see cref="FixedEffectsInference.KenwardRoger"/>) in a warm loop, printing wall and this
/// process's CPU seconds per round and the blocks' sizes, e.g. on <c>synth tennessee --seed 1</c>:
/// <c>-- kr /tmp/tn.csv "score ~ grade + female + freelunch + classtype + (1|stu) + (1|tch) + (1|sch)" 5 stu tch sch</c>.
/// </summary>
internal static class KenwardRogerScale
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: kr DATA.csv FORMULA [rounds] [factor ...]");
            return 64;
        }
        int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var table = TableReader.Read(args[0]);
        foreach (var f in args.Skip(3)) table = table.WithTextColumn(f);
        var sw = Stopwatch.StartNew();
        var model = LinearMixedModel.Fit(MixedModelDesign.Build(table, FormulaParser.Parse(args[1])));
        Console.WriteLine($"read + fit: {sw.Elapsed.TotalSeconds:F2} s");
        var blocks = KenwardRogerAdjustment.Components(model.Design.Terms, model.Design.RowCount);
        Console.WriteLine($"{blocks.Count} blocks, largest {blocks.Max(b => b.Length)} rows");
        var proc = Process.GetCurrentProcess();
        for (int r = 0; r < rounds; r++)
        {
            proc.Refresh();
            var cpu = proc.TotalProcessorTime;
            sw.Restart();
            var kr = FixedEffectsInference.KenwardRoger(model);
            double wall = sw.Elapsed.TotalSeconds;
            proc.Refresh();
            double used = (proc.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"round {r + 1}: KR table {wall:F3} s wall, {used:F3} s CPU; df {string.Join(" ", kr.Select(f => f.Df!.Value.ToString("G10", System.Globalization.CultureInfo.InvariantCulture)))}");
        }
        return 0;
    }
}
