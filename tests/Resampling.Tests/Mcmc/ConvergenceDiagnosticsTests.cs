using System.Globalization;
using System.Text.Json;
using Resampling.Mcmc;
using Resampling.Randomness;
using Resampling.Tests.Support;

namespace Resampling.Tests.Mcmc;

/// <summary>R̂ and ESS against R's posterior 1.4.0 on simulated chains (Fixtures/posterior/generate.R), and hand checks.</summary>
public class ConvergenceDiagnosticsTests
{
    private const int Chains = 4;

    private static readonly Lazy<Dictionary<string, double[]>> Draws = new(() =>
    {
        var lines = File.ReadAllLines(Lme4Reference.FixturePath("posterior", "chains.csv"));
        var names = lines[0].Split(',').Select(s => s.Trim('"')).ToArray();
        var cols = names.Select(_ => new List<double>()).ToArray();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            for (int i = 0; i < names.Length; i++) cols[i].Add(double.Parse(cells[i], CultureInfo.InvariantCulture));
        }
        return names.Select((n, i) => (n, cols[i].ToArray())).ToDictionary(x => x.n, x => x.Item2);
    });

    private static readonly Lazy<JsonElement> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllText(Lme4Reference.FixturePath("posterior", "diagnostics.json"))).RootElement.Clone());

    public static TheoryData<string> Sets => new() { "iid", "ar07", "ar095", "shifted", "skewed", "antithetic", "ties" };

    [Theory]
    [MemberData(nameof(Sets))]
    public void MatchesPosteriorPackage(string set)
    {
        var x = Draws.Value[set];
        var r = Reference.Value.GetProperty(set);
        AssertClose(r.GetProperty("rhat").GetDouble(), ConvergenceDiagnostics.Rhat(x, Chains));
        AssertClose(r.GetProperty("ess_bulk").GetDouble(), ConvergenceDiagnostics.EssBulk(x, Chains));
        AssertClose(r.GetProperty("ess_tail").GetDouble(), ConvergenceDiagnostics.EssTail(x, Chains));
        AssertClose(r.GetProperty("rhat_basic").GetDouble(), ConvergenceDiagnostics.BasicSplitRhat(x, Chains));
        AssertClose(r.GetProperty("ess_basic").GetDouble(), ConvergenceDiagnostics.BasicSplitEss(x, Chains));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void SummarySharesTheWorkWithoutChangingTheNumbers(string set)
    {
        // ParameterSummary computes the three diagnostics at once (shared sorts and normal scores); they must be the
        // very numbers of the separate calls, ties ("ties") and odd chain lengths included.
        foreach (int drop in new[] { 0, 4 })
        {
            var x = Draws.Value[set].AsSpan(0, Draws.Value[set].Length - drop).ToArray();
            var s = ParameterSummary.From(set, x, Chains);
            Assert.Equal(ConvergenceDiagnostics.Rhat(x, Chains), s.Rhat);
            Assert.Equal(ConvergenceDiagnostics.EssBulk(x, Chains), s.EssBulk);
            Assert.Equal(ConvergenceDiagnostics.EssTail(x, Chains), s.EssTail);
            var q = Resampling.Numerics.RStats.Quantiles(x, [0.5, 0.025, 0.975]);
            Assert.Equal(q[0], s.Median);
            Assert.Equal(q[1], s.Q2_5);
            Assert.Equal(q[2], s.Q97_5);
            Assert.Equal(1.4826 * Resampling.Numerics.RStats.Quantiles(x.Select(v => Math.Abs(v - q[0])).ToArray(), [0.5])[0], s.Mad);
        }
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void IndependentDrawsHaveEssNearTheirCount()
    {
        var rng = new RandomStream(7, StreamPurpose.Simulation, 0);
        var x = new double[4 * 2000];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextNormal();
        double ess = ConvergenceDiagnostics.EssBulk(x, 4);
        // sd of ESS/N for iid draws is about √(2/N)·… ≈ 0.03 here; 15% is five of them.
        Assert.InRange(ess / x.Length, 0.85, 1.15);
        Assert.InRange(ConvergenceDiagnostics.Rhat(x, 4), 0.995, 1.01);
    }

    [Fact]
    public void Ar1EssIsNTimesOneMinusPhiOverOnePlusPhi()
    {
        // For AR(1) with coefficient φ the integrated autocorrelation time is (1 + φ)/(1 − φ).
        const double phi = 0.8;
        var rng = new RandomStream(11, StreamPurpose.Simulation, 0);
        int chains = 4, n = 20000;
        var x = new double[chains * n];
        for (int c = 0; c < chains; c++)
        {
            double v = rng.NextNormal() / Math.Sqrt(1 - phi * phi);
            for (int i = 0; i < n; i++) x[c * n + i] = v = phi * v + rng.NextNormal();
        }
        double expected = chains * n * (1 - phi) / (1 + phi);
        Assert.InRange(ConvergenceDiagnostics.EssBulk(x, chains) / expected, 0.9, 1.1);
    }

    [Fact]
    public void ChainStuckElsewhereGivesLargeRhat()
    {
        var rng = new RandomStream(3, StreamPurpose.Simulation, 0);
        var x = new double[4 * 500];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextNormal() + (i >= 1500 ? 3 : 0);
        Assert.True(ConvergenceDiagnostics.Rhat(x, 4) > 1.1);
    }

    [Fact]
    public void ConstantDrawsGiveNaN()
    {
        var x = Enumerable.Repeat(1.5, 400).ToArray();
        Assert.True(double.IsNaN(ConvergenceDiagnostics.Rhat(x, 4)));
        Assert.True(double.IsNaN(ConvergenceDiagnostics.EssBulk(x, 4)));
    }
}
