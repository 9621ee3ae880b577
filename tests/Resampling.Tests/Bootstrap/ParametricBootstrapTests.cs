using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Randomness;

namespace Resampling.Tests.Bootstrap;

public class ParametricBootstrapTests
{
    private static BootstrapResult Sleep(int replicates, long first = 1, int threads = 0, bool fast = true, ulong seed = 11) =>
        ParametricBootstrap.Run(Models.Sleep, new BootstrapOptions
        {
            Replicates = replicates, FirstReplicate = first, Seed = seed, MaxThreads = threads, FastSimulation = fast,
        });

    private static void AssertSameDraws(IReadOnlyList<BootstrapDraw> a, IReadOnlyList<BootstrapDraw> b)
    {
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Replicate, b[i].Replicate);
            Assert.Equal(a[i].Status, b[i].Status);
            Assert.Equal(a[i].Values, b[i].Values);
        }
    }

    [Fact]
    public void OneThreadAndSeveralThreadsGiveIdenticalDraws()
    {
        AssertSameDraws(Sleep(48, threads: 1).Draws, Sleep(48, threads: 4).Draws);
        AssertSameDraws(Sleep(48, threads: 1, fast: false).Draws, Sleep(48, threads: 3, fast: false).Draws);
    }

    [Fact]
    public void TwoRangesMergedEqualTheWholeRun()
    {
        var whole = Sleep(50);
        var parts = Sleep(23).Draws.Concat(Sleep(27, first: 24).Draws).ToArray();
        AssertSameDraws(whole.Draws, parts);
    }

    [Fact]
    public void ResumingWithSkippedReplicatesEqualsAnUninterruptedRun()
    {
        var whole = Sleep(40);
        var done = whole.Draws.Where(d => d.Replicate % 3 == 0).ToArray();
        var rest = ParametricBootstrap.Run(Models.Sleep, new BootstrapOptions
        {
            Replicates = 40, Seed = 11, Skip = done.Select(d => d.Replicate).ToHashSet(),
        });
        Assert.DoesNotContain(rest.Draws, d => d.Replicate % 3 == 0);
        AssertSameDraws(whole.Draws, done.Concat(rest.Draws).OrderBy(d => d.Replicate).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CancelledRunKeepsWhatIsDoneAndResumingCompletesIt(int threads)
    {
        var whole = Sleep(200);
        using var cts = new CancellationTokenSource();
        var seen = new List<BootstrapDraw>();
        var part = ParametricBootstrap.Run(Models.Sleep, new BootstrapOptions
        {
            Replicates = 200, Seed = 11, MaxThreads = threads, Cancellation = cts.Token,
            OnDraw = d => { seen.Add(d); cts.Cancel(); },
        });
        // Stopped early, without throwing; what it returns is exactly what it reported, and a resume fills in the rest.
        Assert.InRange(part.Replicates, 1, 199);
        Assert.Equal(seen.Select(d => d.Replicate).Order(), part.Draws.Select(d => d.Replicate));
        var rest = ParametricBootstrap.Run(Models.Sleep, new BootstrapOptions
        {
            Replicates = 200, Seed = 11, Skip = part.Draws.Select(d => d.Replicate).ToHashSet(),
        });
        AssertSameDraws(whole.Draws, part.Draws.Concat(rest.Draws).OrderBy(d => d.Replicate).ToArray());
    }

    [Fact]
    public void LeanRefitEqualsLinearMixedModelRefit()
    {
        var m = Models.Mod4;
        var layout = new BootstrapParameterLayout(m);
        var rows = new RowSimulator(m, useU: false);
        var worker = new RefitWorker(m);
        var y = new double[m.ObservationCount];
        var values = new double[layout.Count];
        for (int i = 1; i <= 3; i++)
        {
            rows.Simulate(new RandomStream(5, StreamPurpose.Replicate, i), y);
            worker.SetResponse(y);
            var o = worker.Fit();
            layout.Fill(o.Theta, o.Sigma, o.Beta, o.Objective, values);
            var full = layout.Values(m.Refit(y));
            for (int k = 0; k < values.Length; k++)
                Assert.Equal(full[k], values[k], 1e-9 * Math.Max(1, Math.Abs(full[k])));
        }
    }

    [Fact]
    public void AReusedScratchGivesTheResponsesOfFreshArrays()
    {
        // The bootstrap's threads reuse one scratch (and one y*) for every replicate: what a replicate leaves there must
        // not reach the next one. Sleep has two effects per level, Mod4 one.
        foreach (var m in new[] { Models.Sleep, Models.Mod4 })
        {
            var rows = new RowSimulator(m, useU: false);
            var scratch = rows.NewScratch();
            var y = new double[m.ObservationCount];
            for (int i = 1; i <= 3; i++)
            {
                rows.SimulateWithScratch(new RandomStream(9, StreamPurpose.Replicate, i), y, scratch);
                var fresh = new double[m.ObservationCount];
                rows.Simulate(new RandomStream(9, StreamPurpose.Replicate, i), fresh);
                Assert.Equal(fresh, y);
                Assert.NotEqual(m.WorkingFitted.ToArray(), y);
            }
        }
    }

    [Fact]
    public void LayoutMatchesTheModelsOwnVarianceComponents()
    {
        var m = Models.Sleep;
        var layout = new BootstrapParameterLayout(m);
        var v = layout.Values(m);
        var cov = m.Covariances[0];
        Assert.Equal(cov.StdDev(0), v[layout.Names.ToList().IndexOf("sd_(Intercept)|Subject")], 12);
        Assert.Equal(cov.Correlation(1, 0), v[layout.Names.ToList().IndexOf("cor_Days.(Intercept)|Subject")], 12);
        Assert.Equal(cov.Variance(1), v[layout.Names.ToList().IndexOf("var_Days|Subject")], 10);
        Assert.Equal(m.Sigma, v[layout.Names.ToList().IndexOf("sigma")], 12);
        Assert.Equal(m.Objective, v[^1], 10);
    }

    /// <summary>
    /// Property check on sleepstudy with a fixed seed: the bootstrap distribution of β is centred on β̂ and its spread is
    /// the model's standard error, each within Monte Carlo error (4 SE: mean ± 4·sd/√n; sd ± 4·sd/√(2(n−1))).
    /// </summary>
    [Fact]
    public void FixedEffectsAreCentredOnTheEstimateWithTheModelsStandardError()
    {
        const int n = 1000;
        var r = Sleep(n, seed: 2024);
        Assert.Equal(0, r.FailedCount);
        foreach (var fe in Models.Sleep.FixedEffects)
        {
            var s = r.Summarize().Single(p => p.Name == fe.Name);
            Assert.InRange(s.Bias, -4 * s.StdError / Math.Sqrt(n), 4 * s.StdError / Math.Sqrt(n));
            double mc = 4 * fe.StdError / Math.Sqrt(2.0 * (n - 1));
            Assert.InRange(s.StdError, fe.StdError - mc, fe.StdError + mc);
        }
    }

    /// <summary>
    /// The per-group basis simulation against the plain row-by-row simulation: the same distribution of estimates.
    /// For every parameter the means agree within 4 Monte Carlo SEs of their difference, and the sds within 4 SEs
    /// (sd's SE ≈ sd/√(2n), normal approximation).
    /// </summary>
    [Fact]
    public void BasisSimulationHasTheDistributionOfThePlainSimulation()
    {
        const int n = 1500;
        var fast = Sleep(n, fast: true, seed: 77).Summarize();
        var plain = Sleep(n, fast: false, seed: 78).Summarize();
        for (int k = 0; k < fast.Count; k++)
        {
            var (a, b) = (fast[k], plain[k]);
            if (a.Name.StartsWith("cor_", StringComparison.Ordinal)) continue; // bounded, far from normal: checked through θ
            double seMean = Math.Sqrt((a.StdError * a.StdError + b.StdError * b.StdError) / n);
            Assert.True(Math.Abs(a.Bias - b.Bias) < 4 * seMean, $"{a.Name}: means differ by {a.Bias - b.Bias} (MC SE {seMean})");
            double seSd = Math.Sqrt((a.StdError * a.StdError + b.StdError * b.StdError) / (2.0 * n));
            Assert.True(Math.Abs(a.StdError - b.StdError) < 4 * seSd, $"{a.Name}: sds {a.StdError} and {b.StdError} (MC SE {seSd})");
        }
    }

    [Fact]
    public void UserStatisticRunsOnFullRefits()
    {
        var r = ParametricBootstrap.Run(Models.Sleep, m => [m.Beta[1], m.Sigma], ["Days", "sigma"],
            new BootstrapOptions { Replicates = 20, Seed = 4 });
        Assert.Equal(20, r.Replicates);
        Assert.Equal(Models.Sleep.Beta[1], r.Estimates[0]);
        // Same streams as the built-in collection with the row simulation: identical values.
        var builtIn = Sleep(20, fast: false, seed: 4);
        Assert.Equal(builtIn.Values("Days"), r.Values("Days"), (x, y) => Math.Abs(x - y) < 1e-9);
    }

    [Fact]
    public void UseUKeepsTheEstimatedGroupEffects()
    {
        var r = ParametricBootstrap.Run(Models.Sleep, new BootstrapOptions { Replicates = 200, Seed = 3, UseU = true });
        var s = r.Summarize().Single(p => p.Name == "Days");
        // Conditional on b̂ the slope varies only through the residual noise: far less than its unconditional SE.
        Assert.True(s.StdError < 0.5 * Models.Sleep.FixedEffects[1].StdError, $"SE {s.StdError}");
    }
}
