using System.Diagnostics;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Inference;
using Resampling.Model;

namespace Resampling.Benchmarks;

/// <summary>
/// Issue 11's Satterthwaite row: <c>-- satt DATA.csv FORMULA [rounds]</c> fits once, then times, alternating, the
/// analytic derivatives (<see cref="VarianceParameterDerivatives.Analytic"/>), numDeriv's Richardson scheme
/// (<see cref="VarianceParameterDerivatives.Numerical"/>, the method before) and the whole coefficient table, and
/// prints the largest relative df difference between the two, e.g. on <c>synth tennessee --seed 1</c>:
/// <c>-- satt /tmp/tn.csv "score ~ grade + female + freelunch + classtype + (1|stu) + (1|tch) + (1|sch)"</c>.
/// </summary>
internal static class SatterthwaiteScale
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: satt DATA.csv FORMULA [rounds]");
            return 64;
        }
        int rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var sw = Stopwatch.StartNew();
        var model = LinearMixedModel.Fit(MixedModelDesign.Build(TableReader.Read(args[0]), FormulaParser.Parse(args[1])));
        Console.WriteLine($"read + fit: {sw.Elapsed.TotalSeconds:F2} s ({model.Evaluations} evaluations, θ {model.Theta.Count})");
        int k = model.Theta.Count + 1;
        Console.WriteLine($"Richardson: {1 + 8 * k + 16 * k * (k - 1) / 2} deviance evaluations + {8 * (k - 1) + 1} factorisations; " +
                          $"analytic: {2 * (k - 1)} gradient calls + 1 factorisation");
        for (int r = 0; r < rounds; r++)
        {
            sw.Restart();
            var a = VarianceParameterDerivatives.Analytic(model);
            double ta = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var n = VarianceParameterDerivatives.Numerical(model);
            double tn = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var table = FixedEffectsInference.Satterthwaite(model);
            double tt = sw.Elapsed.TotalSeconds;
            var sa = new SatterthwaiteApproximation(model, a);
            var sn = new SatterthwaiteApproximation(model, n);
            double worst = 0;
            int p = model.FixedEffects.Count;
            for (int c = 0; c < p; c++)
            {
                var l = new double[p];
                l[c] = 1;
                worst = Math.Max(worst, Math.Abs(sa.Contrast(l).Df / sn.Contrast(l).Df - 1));
            }
            Console.WriteLine($"round {r + 1}: analytic {ta * 1000:F0} ms, Richardson {tn * 1000:F0} ms, table {tt * 1000:F0} ms; " +
                              $"largest relative df difference {worst:0.0e+00}; df {string.Join(" ", table.Select(f => f.Df!.Value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}");
        }
        return 0;
    }
}
