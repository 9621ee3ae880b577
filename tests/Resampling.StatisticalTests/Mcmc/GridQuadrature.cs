namespace Resampling.Tests.Mcmc;

/// <summary>
/// Deterministic check on <see cref="ImportanceSampler"/>: the marginal posterior of one φ coordinate by a product
/// trapezoid rule — a fine axis for that coordinate and a coarse one for each of the others (the trapezoid rule
/// converges geometrically for smooth, rapidly decaying integrands, so a coarse grid suffices for the nuisance axes).
/// Quantiles of exp(2φ_k) (a variance) follow from the marginal CDF of φ_k, accumulated by trapezoids and
/// interpolated linearly.
/// </summary>
internal static class GridQuadrature
{
    /// <param name="post">The posterior whose marginal is integrated.</param>
    /// <param name="axis">The φ coordinate k whose marginal is wanted.</param>
    /// <param name="lower">Per-axis lower limit of φ.</param>
    /// <param name="upper">Per-axis upper limit of φ.</param>
    /// <param name="fine">Grid points on axis k.</param>
    /// <param name="coarse">Grid points on each of the other axes.</param>
    /// <param name="probs">The probabilities of the wanted quantiles.</param>
    /// <returns>Quantiles of exp(2φ_k), and the marginal density at the two ends relative to its maximum (must be
    /// negligible for the limits to be wide enough).</returns>
    public static (double[] Quantiles, double EdgeRatio) VarianceQuantiles(MarginalVariancePosterior post, int axis,
        double[] lower, double[] upper, int fine, int coarse, double[] probs)
    {
        int d = post.Dimension;
        var others = Enumerable.Range(0, d).Where(k => k != axis).ToArray();
        int cells = (int)Math.Pow(coarse, others.Length);
        var logM = new double[fine];
        Parallel.For(0, fine, j =>
        {
            var pls = post.NewFactor();
            var phi = new double[d];
            phi[axis] = lower[axis] + (upper[axis] - lower[axis]) * j / (fine - 1);
            var logs = new double[cells];
            for (int c = 0; c < cells; c++)
            {
                int rest = c;
                double wt = 1;
                foreach (int k in others)
                {
                    int i = rest % coarse;
                    rest /= coarse;
                    phi[k] = lower[k] + (upper[k] - lower[k]) * i / (coarse - 1);
                    if (i == 0 || i == coarse - 1) wt *= 0.5;
                }
                logs[c] = post.LogDensity(phi, pls) + Math.Log(wt);
            }
            double max = logs.Max();
            logM[j] = max + Math.Log(logs.Sum(v => Math.Exp(v - max)));
        });
        double top = logM.Max();
        var m = logM.Select(v => Math.Exp(v - top)).ToArray();
        var x = Enumerable.Range(0, fine).Select(j => lower[axis] + (upper[axis] - lower[axis]) * j / (fine - 1)).ToArray();
        var cdf = new double[fine];
        for (int j = 1; j < fine; j++) cdf[j] = cdf[j - 1] + (m[j] + m[j - 1]) / 2 * (x[j] - x[j - 1]);
        double total = cdf[fine - 1];
        var q = new double[probs.Length];
        for (int r = 0; r < probs.Length; r++)
        {
            double target = probs[r] * total;
            int j = 1;
            while (cdf[j] < target) j++;
            double f = (target - cdf[j - 1]) / (cdf[j] - cdf[j - 1]);
            q[r] = Math.Exp(2 * (x[j - 1] + f * (x[j] - x[j - 1])));
        }
        return (q, Math.Max(m[0], m[fine - 1]));
    }
}
