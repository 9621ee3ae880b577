using Resampling.Data;

namespace Resampling.Prediction;

/// <summary>Prediction grids as R builds them: seq(from, to, by) and expand.grid (first variable varying fastest).</summary>
public static class PredictionGrid
{
    /// <summary>R's seq(from, to, by): from + i·by for i = 0 … ⌊(to − from)/by + 1e-10⌋, so the values are R's to the bit.</summary>
    public static double[] Sequence(double from, double to, double by)
    {
        if (!(by != 0) || Math.Sign(to - from) * Math.Sign(by) < 0) throw new ArgumentException("The step has the wrong sign or is zero.");
        long n = (long)Math.Floor((to - from) / by + 1e-10);
        var values = new double[n + 1];
        for (long i = 0; i <= n; i++) values[i] = from + i * by;
        return values;
    }

    /// <summary>R's expand.grid: every combination, the first variable varying fastest.</summary>
    public static DataTable Expand(IReadOnlyList<(string Name, double[] Values)> variables)
    {
        long total = variables.Aggregate(1L, (acc, v) => acc * v.Values.Length);
        var columns = variables.Select(_ => new double[total]).ToArray();
        for (long r = 0; r < total; r++)
        {
            long rest = r;
            for (int k = 0; k < variables.Count; k++)
            {
                var vals = variables[k].Values;
                columns[k][r] = vals[rest % vals.Length];
                rest /= vals.Length;
            }
        }
        return new DataTable(variables.Select((v, k) => DataColumn.FromNumbers(v.Name, columns[k])).ToList());
    }
}
