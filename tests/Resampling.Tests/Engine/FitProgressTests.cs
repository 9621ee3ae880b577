using Resampling.Data;
using Resampling.Engine;
using Resampling.Optimization;

namespace Resampling.Tests.Engine;

/// <summary>
/// A fit told to report its progress (a long fit's display on a terminal) reports every objective evaluation, in
/// order, ending at the optimum, and fits exactly as it does without a listener.
/// </summary>
public class FitProgressTests
{
    private sealed class Recorder : IProgress<OptimizerProgress>
    {
        public List<OptimizerProgress> Reports { get; } = [];
        public void Report(OptimizerProgress value) => Reports.Add(value);
    }

    private static DataTable Data()
    {
        var rng = new Random(11);
        int n = 600, groups = 30;
        var y = new double[n]; var x = new double[n]; var g = new double[n];
        var b0 = Enumerable.Range(0, groups).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        var b1 = Enumerable.Range(0, groups).Select(_ => rng.NextDouble() - 0.5).ToArray();
        for (int i = 0; i < n; i++)
        {
            int j = i % groups;
            g[i] = j; x[i] = rng.NextDouble() * 3;
            y[i] = 1 + 2 * x[i] + b0[j] + b1[j] * x[i] + 2 * (rng.NextDouble() - 0.5);
        }
        return new DataTable([DataColumn.FromNumbers("y", y), DataColumn.FromNumbers("x", x), DataColumn.FromNumbers("g", g)]);
    }

    [Theory]
    [InlineData("y ~ x + (1 + x|g)")]
    [InlineData("y ~ x + (1|g) + (0 + x|g)")]
    public void ReportsEveryEvaluationEndingAtTheOptimumAndChangesNothing(string formula)
    {
        var data = Data();
        var plain = LinearMixedModel.Fit(data, formula);
        var recorder = new Recorder();
        var reported = LinearMixedModel.Fit(data, formula, new FitOptions { Progress = recorder });

        Assert.Equal(plain.Theta.ToArray(), reported.Theta.ToArray());
        Assert.Equal(plain.Objective, reported.Objective);
        Assert.NotEmpty(recorder.Reports);
        Assert.Equal(Enumerable.Range(1, recorder.Reports.Count), recorder.Reports.Select(r => r.Evaluations));
        Assert.True(recorder.Reports.Count <= reported.Evaluations);
        double best = double.PositiveInfinity;
        foreach (var r in recorder.Reports)
        {
            best = Math.Min(best, r.Objective);
            Assert.Equal(best, r.Best);
        }
        Assert.True(Math.Abs(best - reported.Objective) <= 1e-12 * Math.Abs(reported.Objective), $"best reported {best}, fit {reported.Objective}");
    }
}
