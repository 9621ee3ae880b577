using Resampling.Engine;
using Resampling.Figures;
using Resampling.Mcmc;
using Resampling.Tests.Support;

namespace Resampling.Tests.Mcmc;

/// <summary>The pieces of the collapsed covariance move: its likelihood, its change of variables, and that it runs.</summary>
public class CollapsedMoveTests
{
    [Fact]
    public void MarginalLikelihoodIsTheEnginesRemlDevianceUpToAConstant()
    {
        var fit = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (Days | Subject)");
        var cp = fit.Crossproducts;
        var pls = new PlsFactor(cp);
        var reference = new PlsFactor(cp);
        double? offset = null;
        foreach (var (scale, sigma) in new[] { (1.0, fit.Sigma), (0.5, 20.0), (2.0, 40.0), (1.3, 25.0) })
        {
            var theta = fit.Theta.Select(t => t * scale).ToArray();
            pls.Factor(theta);
            double mine = CollapsedMove.LogMarginal(pls, cp.N, cp.P, Math.Log(sigma * sigma));
            double engine = -0.5 * reference.Deviance(theta, sigma, reml: true);
            offset ??= mine - engine;
            Assert.Equal(offset.Value, mine - engine, 1e-8);
        }
    }

    public static TheoryData<int, int> Terms => new() { { 1, 11 }, { 2, 12 }, { 3, 13 } };

    /// <summary>ζ → η → ζ is the identity and the log-Jacobian matches the determinant of numerical derivatives.</summary>
    [Theory]
    [MemberData(nameof(Terms))]
    public void SdCorrelationTransformInvertsAndHasItsJacobian(int p, int seed)
    {
        var rng = new Random(seed);
        int m = p * (p + 1) / 2;
        var zeta = Enumerable.Range(0, m).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var eta = new double[m];
        double logJ = SdCorrelationTransform.ToEta(zeta, eta, 0, p);
        var back = new double[m];
        double logJBack = SdCorrelationTransform.ToZeta(eta, back, 0, p, new double[p]);
        for (int i = 0; i < m; i++) Assert.Equal(zeta[i], back[i], 1e-12);
        Assert.Equal(logJ, logJBack, 1e-10);

        // Central differences of η(ζ), then log|det| by Gaussian elimination with partial pivoting.
        const double h = 1e-6;
        var jac = new double[m, m];
        for (int j = 0; j < m; j++)
        {
            var up = (double[])zeta.Clone();
            var down = (double[])zeta.Clone();
            up[j] += h;
            down[j] -= h;
            var eu = new double[m];
            var ed = new double[m];
            SdCorrelationTransform.ToEta(up, eu, 0, p);
            SdCorrelationTransform.ToEta(down, ed, 0, p);
            for (int i = 0; i < m; i++) jac[i, j] = (eu[i] - ed[i]) / (2 * h);
        }
        Assert.Equal(LogAbsDet(jac, m), logJ, 1e-6);
    }

    private static double LogAbsDet(double[,] a, int n)
    {
        double s = 0;
        for (int c = 0; c < n; c++)
        {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[piv, c])) piv = r;
            for (int k = 0; k < n; k++) (a[c, k], a[piv, k]) = (a[piv, k], a[c, k]);
            s += Math.Log(Math.Abs(a[c, c]));
            for (int r = c + 1; r < n; r++)
            {
                double f = a[r, c] / a[c, c];
                for (int k = c; k < n; k++) a[r, k] -= f * a[c, k];
            }
        }
        return s;
    }

    [Fact]
    public void MoveIsAcceptedOftenOnSleepstudyAndCanBeTurnedOff()
    {
        var fit = LinearMixedModel.Fit(TestData.Sleepstudy, "Reaction ~ Days + (Days | Subject)");
        var on = McmcSampler.Run(fit, new McmcOptions { Chains = 2, Iterations = 800, Warmup = 400, Seed = 3, KeepRandomEffects = false });
        Assert.All(on.CollapsedAcceptance, a => Assert.InRange(a, 0.3, 1));
        var off = McmcSampler.Run(fit, new McmcOptions
        {
            Chains = 2, Iterations = 800, Warmup = 400, Seed = 3, KeepRandomEffects = false, CollapsedMove = false,
        });
        Assert.All(off.CollapsedAcceptance, a => Assert.True(double.IsNaN(a)));
        Assert.False(on.Draws("sigma").SequenceEqual(off.Draws("sigma")));
    }

    [Fact]
    public void ReflectedDensityStaysInsideACorrelationsBounds()
    {
        // Evenly spread draws on (−1, 1): the true density is 0.5 everywhere, including at the bounds.
        var draws = Enumerable.Range(0, 2000).Select(i => -1 + (i + 0.5) / 1000).ToArray();
        var (lo, hi) = McmcPlots.Bounds("cor_Days.(Intercept)|Subject");
        var (x, y) = McmcPlots.KernelDensity(draws, draws.Min(), draws.Max(), 256, lo, hi);
        Assert.True(x.First() >= -1 && x.Last() <= 1);
        double integral = 0;
        for (int i = 1; i < x.Length; i++) integral += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        Assert.InRange(integral, 0.98, 1.02);
        Assert.InRange(y.First(), 0.45, 0.55);
        Assert.InRange(y.Last(), 0.45, 0.55);
    }

    [Fact]
    public void BoundsFollowTheParameterNames()
    {
        Assert.Equal((0, double.PositiveInfinity), McmcPlots.Bounds("var_cses|SCHOOL"));
        Assert.Equal((0, double.PositiveInfinity), McmcPlots.Bounds("sd_(Intercept)|SCHOOL"));
        Assert.Equal((0, double.PositiveInfinity), McmcPlots.Bounds("sigma"));
        Assert.Equal((0, double.PositiveInfinity), McmcPlots.Bounds("var_Residual"));
        Assert.Equal((-1, 1), McmcPlots.Bounds("cor_cses.(Intercept)|SCHOOL"));
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), McmcPlots.Bounds("cov_cses.(Intercept)|SCHOOL"));
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), McmcPlots.Bounds("cses"));
    }
}
