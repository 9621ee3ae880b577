using Resampling.Optimization;

namespace Resampling.Tests.Engine;

/// <summary>
/// How many evaluations the quasi-Newton search spends on a profiled-deviance-like objective of two or three relative
/// standard deviations whose gradients differ by orders of magnitude (InstEval: students, lecturers, 14 departments),
/// with an analytic gradient, from lme4's start θ = 1 (docs/engine.md §10).
/// </summary>
public class OptimizerScalingTests
{
    // Per factor: weight, optimum; the third's gradient at θ = 1 is 1/180 of the first's, as InstEval's departments'
    // are of its students' (25 against 4,800). With the identity as the first inverse Hessian the search took 44
    // evaluations on three factors (26 on two). Each term w·(r² − 1 − 2 ln r + ln(1 + r²)/4) with r = θ/t:
    // minimum near θ = t, infinitely steep towards θ = 0, as the deviance is.
    private static readonly (double Weight, double Optimum)[] InstEvalLike = [(2972, 0.28), (1128, 0.44), (1, 0.07)];

    private static double Term(double w, double t, double x)
    {
        double r = x / t;
        return w * (r * r - 1 - 2 * Math.Log(r) + Math.Log(1 + r * r) / 4);
    }

    private static double TermSlope(double w, double t, double x)
    {
        double r = x / t;
        return w / t * (2 * r - 2 / r + r / (2 * (1 + r * r)));
    }

    private static (OptimizerResult Result, List<double[]> Points) Minimize(int k)
    {
        var terms = InstEvalLike.Take(k).ToArray();
        var points = new List<double[]>();
        double F(double[] x)
        {
            points.Add((double[])x.Clone());
            double f = 0;
            for (int i = 0; i < k; i++) f += x[i] <= 0 ? double.PositiveInfinity : Term(terms[i].Weight, terms[i].Optimum, x[i]);
            return f;
        }
        bool G(double[] x, double[] g)
        {
            for (int i = 0; i < k; i++) g[i] = TermSlope(terms[i].Weight, terms[i].Optimum, x[i]);
            return true;
        }
        var r = new BoundedQuasiNewton().Minimize(F, G, Enumerable.Repeat(1.0, k).ToArray(), new double[k], null);
        return (r, points);
    }

    private static double Solution(double t) =>
        // Root of 2r − 2/r + r/(2(1 + r²)) = 0 near r = 1, by Newton's method.
        t * Enumerable.Range(0, 50).Aggregate(1.0, (r, _) =>
        {
            double f = 2 * r - 2 / r + r / (2 * (1 + r * r));
            double d = 2 + 2 / (r * r) + (1 - r * r) / (2 * (1 + r * r) * (1 + r * r));
            return r - f / d;
        });

    [Theory]
    [InlineData(2, 24)]
    [InlineData(3, 32)]
    public void BadlyScaledFactorsConvergeInFewEvaluations(int k, int most)
    {
        var (r, _) = Minimize(k);
        Assert.True(r.Converged, r.Message);
        for (int i = 0; i < k; i++) Assert.Equal(Solution(InstEvalLike[i].Optimum), r.X[i], 1e-6);
        Assert.True(r.Evaluations <= most, $"{r.Evaluations} evaluations (objective and gradient calls), at most {most} expected");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void NoPointIsEvaluatedTwice(int k)
    {
        // A long step clipped at the bounds gives one point for several step lengths: evaluated once only.
        var (_, points) = Minimize(k);
        for (int a = 0; a < points.Count; a++)
            for (int b = a + 1; b < points.Count; b++)
                Assert.False(points[a].SequenceEqual(points[b]), $"point {a} evaluated again as {b}: ({string.Join(", ", points[a])})");
    }
}
