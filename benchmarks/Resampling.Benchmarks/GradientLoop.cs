using System.Globalization;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Benchmarks;

/// <summary>
/// <c>gradientloop DATA.csv [calls] [formula]</c>: the several-factor gradient alone, <c>calls</c> times at θ̂ (factored
/// once), in this thread's CPU time: steadier than a whole bootstrap for comparing the gradient's passes.
/// </summary>
internal static class GradientLoop
{
    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: gradientloop DATA.csv [calls] [formula]");
            return 64;
        }
        int calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        string formula = args.Length > 2 ? args[2] : TennesseeProfile.Formula;
        var model = LinearMixedModel.Fit(MixedModelDesign.Build(TableReader.Read(args[0]), FormulaParser.Parse(formula)));
        var pls = new PlsFactor(model.Crossproducts);
        var gradient = new PlsMultiFactorGradient(pls);
        var theta = model.Theta.ToArray();
        var g = new double[theta.Length];
        pls.Factor(theta);
        for (int i = 0; i < 20; i++) gradient.TryGradient(theta, model.Reml, g);
        double t0 = TennesseeProfile.CpuClock.ThreadMilliseconds();
        for (int i = 0; i < calls; i++) gradient.TryGradient(theta, model.Reml, g);
        double ms = TennesseeProfile.CpuClock.ThreadMilliseconds() - t0;
        Console.WriteLine(FormattableString.Invariant(
            $"{calls} gradients: {ms / calls:F3} ms CPU each; g = {string.Join(' ', g.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}; load {TennesseeProfile.LoadAverage()}"));
        return 0;
    }
}
