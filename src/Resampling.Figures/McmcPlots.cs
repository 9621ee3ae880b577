using System.Globalization;
using System.Text;
using Resampling.Mcmc;
using ScottPlot;

namespace Resampling.Figures;

/// <summary>
/// Trace and density plots as PNG (ScottPlot): per scalar parameter, <c>trace_NAME.png</c> (draws against iteration, one
/// line per chain) and <c>density_NAME.png</c> (Gaussian kernel density per chain, Silverman's bandwidth, reflected at
/// the parameter's bounds: variances and sds ≥ 0, correlations in [−1, 1]), where NAME is the parameter name with
/// characters unsafe in file names replaced by '_'.
/// </summary>
public static class McmcPlots
{
    private static readonly Color[] ChainColors =
        [Color.FromHex("#1b9e77"), Color.FromHex("#d95f02"), Color.FromHex("#7570b3"), Color.FromHex("#e7298a"),
         Color.FromHex("#66a61e"), Color.FromHex("#e6ab02"), Color.FromHex("#a6761d"), Color.FromHex("#666666")];

    /// <summary>The files <see cref="Write"/> makes for these parameters, so a caller can refuse to overwrite them first.</summary>
    public static IReadOnlyList<string> FileNames(IEnumerable<string> parameters, string directory) =>
        parameters.SelectMany(name => new[]
        {
            Path.Combine(directory, $"trace_{SafeName(name)}.png"), Path.Combine(directory, $"density_{SafeName(name)}.png"),
        }).ToArray();

    /// <summary>Writes both plots for every scalar parameter (or those named) and returns the files written.</summary>
    public static IReadOnlyList<string> Write(McmcResult result, string directory, IEnumerable<string>? parameters = null,
        int width = 800, int height = 400)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var name in parameters ?? result.ParameterNames)
        {
            var draws = result.Draws(name);
            string safe = SafeName(name);
            string trace = Path.Combine(directory, $"trace_{safe}.png");
            Trace(draws, result.Chains, result.Warmup, result.Thin, name).SavePng(trace, width, height);
            files.Add(trace);
            string density = Path.Combine(directory, $"density_{safe}.png");
            Density(draws, result.Chains, name).SavePng(density, width, height);
            files.Add(density);
        }
        return files;
    }

    public static Plot Trace(ReadOnlySpan<double> draws, int chains, int warmup, int thin, string name)
    {
        var plot = new Plot();
        int n = draws.Length / chains;
        var x = Enumerable.Range(0, n).Select(i => (double)(warmup + 1 + i * thin)).ToArray();
        for (int c = 0; c < chains; c++)
        {
            var line = plot.Add.ScatterLine(x, draws.Slice(c * n, n).ToArray());
            line.Color = ChainColors[c % ChainColors.Length].WithAlpha(0.8);
            line.LineWidth = 1;
            line.LegendText = $"chain {c + 1}";
        }
        plot.Title($"Trace: {name}");
        plot.XLabel("iteration");
        plot.YLabel(name);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    public static Plot Density(ReadOnlySpan<double> draws, int chains, string name)
    {
        var plot = new Plot();
        int n = draws.Length / chains;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in draws) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        var (lower, upper) = Bounds(name);
        for (int c = 0; c < chains; c++)
        {
            var (xs, ys) = KernelDensity(draws.Slice(c * n, n), lo, hi, 256, lower, upper);
            var line = plot.Add.ScatterLine(xs, ys);
            line.Color = ChainColors[c % ChainColors.Length];
            line.LineWidth = 2;
            line.LegendText = $"chain {c + 1}";
        }
        plot.Title($"Posterior density: {name}");
        plot.XLabel(name);
        plot.YLabel("density");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>The support of a recorded parameter, by its name's prefix (<see cref="McmcLayout"/>).</summary>
    internal static (double Lower, double Upper) Bounds(string name) =>
        name.StartsWith("var_", StringComparison.Ordinal) || name.StartsWith("sd_", StringComparison.Ordinal) || name == "sigma"
            ? (0, double.PositiveInfinity)
            : name.StartsWith("cor_", StringComparison.Ordinal) ? (-1, 1) : (double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>
    /// Gaussian kernel density on a grid over [lo, hi] widened by 3 bandwidths, Silverman's rule of thumb. With finite
    /// bounds the grid stops at them and the kernel is reflected there (each draw v also counts at 2·bound − v), so no
    /// mass spills past a bound and the estimate does not dip towards it (a variance near 0, a correlation near ±1).
    /// </summary>
    internal static (double[] X, double[] Y) KernelDensity(ReadOnlySpan<double> x, double lo, double hi, int points,
        double lower = double.NegativeInfinity, double upper = double.PositiveInfinity)
    {
        int n = x.Length;
        double mean = 0;
        foreach (var v in x) mean += v;
        mean /= n;
        double ss = 0;
        foreach (var v in x) ss += (v - mean) * (v - mean);
        double sd = Math.Sqrt(ss / Math.Max(n - 1, 1));
        var sorted = x.ToArray();
        Array.Sort(sorted);
        double iqr = Numerics.RStats.Quantiles(sorted, [0.75])[0] - Numerics.RStats.Quantiles(sorted, [0.25])[0];
        double spread = Math.Min(sd, iqr / 1.34);
        if (!(spread > 0)) spread = sd > 0 ? sd : Math.Max(Math.Abs(mean), 1) * 1e-3;
        double bw = 0.9 * spread * Math.Pow(n, -0.2);
        lo = Math.Max(lo - 3 * bw, lower);
        hi = Math.Min(hi + 3 * bw, upper);
        var xs = new double[points];
        var ys = new double[points];
        double norm = 1 / (n * bw * Math.Sqrt(2 * Math.PI));
        for (int i = 0; i < points; i++)
        {
            double g = lo + (hi - lo) * i / (points - 1);
            double s = 0;
            foreach (var v in sorted)
            {
                double u = (g - v) / bw;
                if (u > 8) continue;
                if (u < -8) break;
                s += Math.Exp(-0.5 * u * u);
            }
            if (double.IsFinite(lower)) s += ReflectedSum(sorted, g, lower, bw);
            if (double.IsFinite(upper)) s += ReflectedSum(sorted, g, upper, bw);
            xs[i] = g;
            ys[i] = s * norm;
        }
        return (xs, ys);
    }

    /// <summary>Σ K((g − (2b − v))/h) over the draws v: the kernel mass reflected at bound b.</summary>
    private static double ReflectedSum(double[] sorted, double g, double bound, double bw)
    {
        double s = 0;
        foreach (var v in sorted)
        {
            double u = (g - (2 * bound - v)) / bw;
            if (Math.Abs(u) <= 8) s += Math.Exp(-0.5 * u * u);
        }
        return s;
    }

    internal static string SafeName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name) sb.Append(char.IsLetterOrDigit(ch) || ch is '-' or '.' or '_' ? ch : '_');
        return sb.ToString();
    }
}
