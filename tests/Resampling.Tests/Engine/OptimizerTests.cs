using Resampling.Engine;
using Resampling.Optimization;

namespace Resampling.Tests.Engine;

public class OptimizerTests
{
    private static double Rosenbrock(double[] x) => 100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2);

    public static TheoryData<string> Optimizers() => new() { "quasi-newton", "nelder-mead", "default" };

    private static IBoundedOptimizer Make(string name) => name switch
    {
        "quasi-newton" => new BoundedQuasiNewton(),
        "nelder-mead" => new BoundedNelderMead(),
        _ => new DefaultOptimizer(),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void FindsAnInteriorMinimum(string name)
    {
        var r = Make(name).Minimize(Rosenbrock, [-1.2, 1.0], [double.NegativeInfinity, double.NegativeInfinity]);
        Assert.True(r.Value < 1e-8, $"{name}: {r.Value} at ({r.X[0]}, {r.X[1]}) after {r.Evaluations}");
        Assert.Equal(1, r.X[0], 1e-3);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void StopsOnABoundWhenTheMinimumLiesBeyondIt(string name)
    {
        // Minimum at x0 = -1 lies outside x0 >= 0: the answer is x0 = 0 exactly (a "singular fit").
        var r = Make(name).Minimize(x => Math.Pow(x[0] + 1, 2) + Math.Pow(x[1] - 2, 2), [1, 0], [0, double.NegativeInfinity]);
        Assert.True(r.X[0] <= 1e-7, $"{name}: x0 = {r.X[0]}");
        Assert.Equal(2, r.X[1], 1e-4);
    }

    [Fact]
    public void LeavesTheSpuriousStationaryPointAtZeroOfAnEvenFunction()
    {
        // Like a profiled deviance in a diagonal θ: even in x, stationary at 0, minimum at ±0.7.
        double F(double[] x) => Math.Pow(x[0] * x[0] - 0.49, 2);
        var r = new DefaultOptimizer().Minimize(F, [1], [0]);
        Assert.Equal(0.7, r.X[0], 1e-5);
    }

    [Fact]
    public void ReportsNonConvergenceInsteadOfThrowing()
    {
        var r = new BoundedNelderMead { MaxEvaluations = 20 }.Minimize(Rosenbrock, [-1.2, 1.0], [double.NegativeInfinity, double.NegativeInfinity]);
        Assert.False(r.Converged);
        Assert.Contains("maximum", r.Message);
    }
}
