using Resampling.Numerics;

namespace Resampling.Mcmc;

/// <summary>
/// Posterior summary of one quantity over all chains: mean, sd, median, MAD (R's mad: 1.4826 × median absolute
/// deviation), the 2.5% and 97.5% quantiles (type 7), and the convergence diagnostics of <see cref="ConvergenceDiagnostics"/>.
/// </summary>
public sealed record ParameterSummary(string Name, double Mean, double Sd, double Median, double Mad, double Q2_5, double Q97_5,
    double Rhat, double EssBulk, double EssTail)
{
    public static ParameterSummary From(string name, ReadOnlySpan<double> draws, int chains)
    {
        var x = draws.ToArray();
        double mean = x.Average();
        double ss = 0;
        foreach (var v in x) ss += (v - mean) * (v - mean);
        double sd = x.Length > 1 ? Math.Sqrt(ss / (x.Length - 1)) : double.NaN;
        if (ConvergenceDiagnostics.TryAllSorting(draws, chains, out var sorted, out var sortedDev, out var diagnostics))
        {
            // One sort each of the draws and of |x − median|, shared with the diagnostics' normal scores.
            double med = RStats.SortedQuantile(sorted, 0.5);
            return new ParameterSummary(name, mean, sd, med, 1.4826 * RStats.SortedQuantile(sortedDev, 0.5),
                RStats.SortedQuantile(sorted, 0.025), RStats.SortedQuantile(sorted, 0.975),
                diagnostics.Rhat, diagnostics.EssBulk, diagnostics.EssTail);
        }
        Array.Sort(x);
        double median = RStats.SortedQuantile(x, 0.5);
        var dev = new double[x.Length];
        for (int i = 0; i < dev.Length; i++) dev[i] = Math.Abs(draws[i] - median);
        var (rhat, essBulk, essTail) = ConvergenceDiagnostics.All(draws, chains, x, dev);
        // dev in draw order is the diagnostics' folded draws; sorted afterwards for the MAD.
        Array.Sort(dev);
        double mad = 1.4826 * RStats.SortedQuantile(dev, 0.5);
        return new ParameterSummary(name, mean, sd, median, mad, RStats.SortedQuantile(x, 0.025), RStats.SortedQuantile(x, 0.975),
            rhat, essBulk, essTail);
    }
}
