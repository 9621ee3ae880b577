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
        var q = RStats.Quantiles(x, [0.5, 0.025, 0.975]);
        var dev = new double[x.Length];
        for (int i = 0; i < x.Length; i++) dev[i] = Math.Abs(x[i] - q[0]);
        double mad = 1.4826 * RStats.Quantiles(dev, [0.5])[0];
        return new ParameterSummary(name, mean, sd, q[0], mad, q[1], q[2],
            ConvergenceDiagnostics.Rhat(draws, chains), ConvergenceDiagnostics.EssBulk(draws, chains), ConvergenceDiagnostics.EssTail(draws, chains));
    }
}
