using MathNet.Numerics.LinearAlgebra;
using Resampling.Bootstrap;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Randomness;
using Resampling.Ranking;
using Resampling.Tests.Support;

namespace Resampling.Tests.Cluster;

/// <summary>
/// The parametric bootstrap from shards' cross-products (docs/cluster.md §5): the simulation of the pseudo-rows plus a
/// σ̂²χ²(n − k) residual gives the data's sufficient statistics exactly when the data's deviates are mapped onto the
/// pseudo-rows; its replicates have the distribution of the row bootstrap's; ranges and thread counts do not change a
/// draw; what needs the rows is refused in one line.
/// </summary>
public class CrossproductsBootstrapTests
{
    private const string SleepSlopes = "Reaction ~ Days + (Days | Subject)";
    private const string Crossed = "diameter ~ 1 + (1 | plate) + (1 | sample)";

    private static DataTable Penicillin => TestData.FixtureCsv("lme4extra", "penicillin.csv");

    /// <summary>[Z X y] of a design, dense: each term's columns at its levels (terms in the design's order), then X, then y.</summary>
    private static Matrix<double> Dense(MixedModelDesign d)
    {
        int q = d.Terms.Sum(t => t.LevelCount * t.ColumnCount), p = d.X.ColumnCount;
        var m = Matrix<double>.Build.Dense(d.RowCount, q + p + 1);
        for (int i = 0; i < d.RowCount; i++)
        {
            int o = 0;
            foreach (var t in d.Terms)
            {
                for (int c = 0; c < t.ColumnCount; c++) m[i, o + t.GroupIndex[i] * t.ColumnCount + c] = t.Columns[c][i];
                o += t.LevelCount * t.ColumnCount;
            }
            for (int k = 0; k < p; k++) m[i, q + k] = d.X.Columns[k][i];
            m[i, q + p] = d.Y[i];
        }
        return m;
    }

    /// <summary>What a refit reads of the response: the y-columns of Z₁'y, Zᵣ'y and X'y, and y'y.</summary>
    private static double[] ResponseColumns(Crossproducts cp)
    {
        int w = cp.P + 1;
        return Enumerable.Range(0, cp.Q1).Select(r => cp.ZXy1[r * w + cp.P])
            .Concat(Enumerable.Range(0, cp.QRest).Select(r => cp.ZrXy[r * w + cp.P]))
            .Concat(Enumerable.Range(0, w).Select(k => cp.XyXy[cp.P * w + k]))
            .ToArray();
    }

    /// <summary>
    /// The exact algebra on small data. With W = [Z X] of the data (n rows) and R its pseudo-rows' [Z X] (k rows,
    /// R'R = W'W = M of rank r), there is an n × k matrix Q with orthonormal columns and QR = W: Q = U_W U_R' + C_W C_R'
    /// with U_W = W V S⁻¹ and U_R = R V S⁻¹ from M = V S² V', C_R an orthonormal basis of what U_R leaves of ℝᵏ and C_W
    /// k − r orthonormal columns orthogonal to U_W. For any γ = [b; β] and data deviates ε, the data's y* = Wγ + ε and
    /// the pseudo-rows' y*ₖ = Rγ + Q'ε with the extra residual ‖ε‖² − ‖Q'ε‖² = ε'(I − QQ')ε give the same Z'y*, X'y*
    /// and y*'y*. Since Q'ε ~ N(0, σ²Iₖ) and I − QQ' is a projection of rank n − k orthogonal to Q, the residual is an
    /// independent σ²χ²(n − k): the simulator's law (pseudo-row deviates and one χ²) is the data's. A single factor with
    /// a random slope, and two crossed factors with several rows per cell.
    /// </summary>
    [Theory]
    [InlineData("sleep")]
    [InlineData("crossed")]
    public void MappedDeviatesGiveTheDatasSufficientStatisticsExactly(string which)
    {
        var (data, formula) = which == "sleep"
            ? (CrossproductsDesigns.Rows(TestData.Sleepstudy, i => i < 50), SleepSlopes)
            : (CrossproductsDesigns.Rows(TestData.Hsb, i => i < 160), "MATHACH ~ SES + (1 | SCHOOL) + (1 | MINORITY)");
        var whole = LinearMixedModel.Fit(MixedModelDesign.Build(data, FormulaParser.Parse(formula)));
        var split = LinearMixedModel.Fit(CrossproductsDesigns.FromShards(data, formula, shards: 2));
        Assert.True(split.Design.FromCrossproducts);
        var wFull = Dense(whole.Design);
        var rFull = Dense(split.Design);
        int n = wFull.RowCount, k = rFull.RowCount, cols = wFull.ColumnCount - 1;
        var w = wFull.SubMatrix(0, n, 0, cols);
        var r = rFull.SubMatrix(0, k, 0, cols);
        Assert.True(k < n, $"{k} pseudo-rows for {n} rows");
        Assert.Equal(n - k, new RowSimulator(split, useU: false).ResidualDf);
        Assert.Equal(0, new RowSimulator(whole, useU: false).ResidualDf);

        var gram = w.TransposeThisAndMultiply(w);
        Assert.True((r.TransposeThisAndMultiply(r) - gram).InfinityNorm() < 1e-10 * gram.InfinityNorm(), "R'R = W'W");
        var evd = gram.Evd(Symmetricity.Symmetric);
        double top = evd.EigenValues.Max(v => v.Real);
        var keep = Enumerable.Range(0, cols).Where(i => evd.EigenValues[i].Real > 1e-10 * top).ToArray();
        int rank = keep.Length;
        var vs = Matrix<double>.Build.Dense(cols, rank, (i, j) => evd.EigenVectors[i, keep[j]] / Math.Sqrt(evd.EigenValues[keep[j]].Real));
        var uw = w * vs;
        var ur = r * vs;
        var cw = uw.Svd(true).U.SubMatrix(0, n, rank, k - rank);
        var cr = ur.Svd(true).U.SubMatrix(0, k, rank, k - rank);
        var q = uw.TransposeAndMultiply(ur) + cw.TransposeAndMultiply(cr);
        Assert.True((q.TransposeThisAndMultiply(q) - Matrix<double>.Build.DenseIdentity(k)).InfinityNorm() < 1e-8, "Q'Q = I");
        Assert.True((q * r - w).InfinityNorm() < 1e-8 * w.InfinityNorm(), "W = QR");
        var residual = Matrix<double>.Build.DenseIdentity(n) - q.TransposeAndMultiply(q);
        Assert.Equal(n - k, residual.Trace(), 1e-8); // the χ²'s df
        Assert.True((residual * residual - residual).InfinityNorm() < 1e-8, "I − QQ' is a projection");

        var random = new RandomStream(5, StreamPurpose.Replicate, 1);
        var gamma = Vector<double>.Build.Dense(cols, _ => 3 * random.NextNormal());
        var eps = Vector<double>.Build.Dense(n, _ => 2 * random.NextNormal());
        var yData = w * gamma + eps;
        var eta = q.TransposeThisAndMultiply(eps);
        var yPseudo = r * gamma + eta;
        double extra = eps.DotProduct(eps) - eta.DotProduct(eta);
        Assert.Equal(eps.DotProduct(residual * eps), extra, 1e-8 * eps.DotProduct(eps));

        var a = new RefitWorker(whole);
        var b = new RefitWorker(split);
        a.SetResponse(yData.ToArray());
        b.SetResponse(yPseudo.ToArray(), extra);
        var sa = ResponseColumns(a.Crossproducts);
        var sb = ResponseColumns(b.Crossproducts);
        double scale = sa.Max(Math.Abs);
        for (int i = 0; i < sa.Length; i++) Assert.True(Math.Abs(sa[i] - sb[i]) <= 1e-10 * scale, $"statistic {i}: {sa[i]:R} vs {sb[i]:R}");
        // The refits on them agree too (the same cross-products up to rounding).
        var fa = a.Fit();
        var fb = b.Fit();
        Assert.Equal(fa.Objective, fb.Objective, 1e-8 * Math.Abs(fa.Objective));
        Assert.Equal(fa.Sigma, fb.Sigma, 1e-6 * fa.Sigma);
    }

    private static BootstrapResult Boot(LinearMixedModel m, int replicates, ulong seed, bool fast = true, long first = 1, int threads = 0, bool useU = false) =>
        ParametricBootstrap.Run(m, new BootstrapOptions
        {
            Replicates = replicates, Seed = seed, FastSimulation = fast, FirstReplicate = first, MaxThreads = threads, UseU = useU,
        });

    /// <summary>Every parameter's mean and sd agree within 4 Monte Carlo SEs of their difference (as the basis-vs-rows test).</summary>
    private static void AssertSameDistribution(BootstrapResult a, BootstrapResult b, string what)
    {
        Assert.Equal(0, a.FailedCount);
        Assert.Equal(0, b.FailedCount);
        var sa = a.Summarize();
        var sb = b.Summarize();
        Assert.Equal(sa.Select(s => s.Name), sb.Select(s => s.Name));
        for (int i = 0; i < sa.Count; i++)
        {
            var (x, y) = (sa[i], sb[i]);
            if (x.Name.StartsWith("cor_", StringComparison.Ordinal)) continue; // bounded, far from normal: checked through θ
            Assert.Equal(x.Estimate, y.Estimate, 1e-5 * (1 + Math.Abs(x.Estimate)));
            double seMean = Math.Sqrt((x.StdError * x.StdError) / a.Replicates + (y.StdError * y.StdError) / b.Replicates);
            Assert.True(Math.Abs((x.Estimate + x.Bias) - (y.Estimate + y.Bias)) < 4 * seMean, $"{what} {x.Name}: means {x.Estimate + x.Bias} and {y.Estimate + y.Bias} (MC SE {seMean})");
            double seSd = Math.Sqrt((x.StdError * x.StdError) / (2.0 * a.Replicates) + (y.StdError * y.StdError) / (2.0 * b.Replicates));
            Assert.True(Math.Abs(x.StdError - y.StdError) < 4 * seSd, $"{what} {x.Name}: sds {x.StdError} and {y.StdError} (MC SE {seSd})");
        }
    }

    /// <summary>
    /// Mod4 (HSB, one grouping factor, random slope): the bootstrap from cross-products, through the per-group bases
    /// and through the pseudo-rows, against the row bootstrap of the data (the plain row simulation, lme4's simulate).
    /// The slow suite runs 2,000 replicates per side and several seeds with quantiles and KS tests.
    /// </summary>
    [Fact]
    public void Mod4FromCrossproductsHasTheRowBootstrapsDistribution()
    {
        const int n = 600;
        var split = CrossproductsDesigns.Fit(TestData.Hsb, FittedModels.Mod4);
        var rows = Boot(FittedModels.Mod4Fit, n, 31, fast: false);
        AssertSameDistribution(Boot(split, n, 32, fast: false), rows, "pseudo-rows");
        AssertSameDistribution(Boot(split, n, 33), rows, "bases");
    }

    /// <summary>Crossed factors (Penicillin) and prior weights (sleepstudy): the pseudo-row simulation against the rows.</summary>
    [Fact]
    public void CrossedAndWeightedModelsFromCrossproductsHaveTheRowBootstrapsDistribution()
    {
        const int n = 600;
        var penicillin = LinearMixedModel.Fit(MixedModelDesign.Build(Penicillin, FormulaParser.Parse(Crossed)));
        AssertSameDistribution(Boot(CrossproductsDesigns.Fit(Penicillin, Crossed), n, 41), Boot(penicillin, n, 42), "crossed");

        var weighted = TestData.FixtureCsv("weights", "sleep_weights.csv");
        var data = LinearMixedModel.Fit(MixedModelDesign.Build(weighted, FormulaParser.Parse(SleepSlopes), "w"));
        var split = CrossproductsDesigns.Fit(weighted, SleepSlopes, weights: "w");
        AssertSameDistribution(Boot(split, n, 43, fast: false), Boot(data, n, 44, fast: false), "weighted");
        AssertSameDistribution(Boot(split, n, 45, useU: true), Boot(data, n, 46, useU: true), "weighted, use.u");
    }

    /// <summary>Replicate i draws from (seed, i) on pseudo-rows too: ranges joined and any thread count give the run bit for bit.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RangesAndThreadsGiveTheSameDraws(bool fast)
    {
        var split = CrossproductsDesigns.Fit(Penicillin, Crossed);
        var one = CrossproductsDesigns.Fit(TestData.Sleepstudy, SleepSlopes);
        foreach (var m in new[] { split, one })
        {
            var whole = Boot(m, 30, 9, fast, threads: 1);
            var parts = Boot(m, 11, 9, fast, threads: 3).Draws.Concat(Boot(m, 19, 9, fast, first: 12, threads: 2).Draws).ToArray();
            Assert.Equal(whole.Draws.Select(d => d.Replicate), parts.Select(d => d.Replicate));
            for (int i = 0; i < parts.Length; i++) Assert.Equal(whole.Draws[i].Values, parts[i].Values);
        }
    }

    /// <summary>The type III bootstrap of rank runs from cross-products, the same for any thread count and in ranges.</summary>
    [Fact]
    public void TypeThreeBootstrapRunsFromCrossproducts()
    {
        var split = CrossproductsDesigns.Fit(TestData.Hsb, FittedModels.Mod5);
        var target = RankTarget.Resolve(split, new RankedQuantity(null, "(Intercept)", null));
        var a = TypeThreeBootstrap.Run(target, 40, 7, maxThreads: 1);
        var b = TypeThreeBootstrap.Run(target, 40, 7, maxThreads: 2);
        var c = TypeThreeBootstrap.Run(target, 15, 7, maxThreads: 2, firstReplicate: 26);
        Assert.Equal(0, a.Failed);
        for (int i = 0; i < 40; i++)
            for (int j = 0; j < target.Levels.Count; j++) Assert.Equal(a.Draws.Values[i, j], b.Draws.Values[i, j]);
        for (int i = 0; i < 15; i++)
            for (int j = 0; j < target.Levels.Count; j++) Assert.Equal(a.Draws.Values[25 + i, j], c.Draws.Values[i, j]);
        Assert.Throws<ArgumentException>(() => TypeThreeBootstrap.Run(target, 5, 7, new BootstrapModuleSimulator(FittedModels.Mod5Fit)));
    }

    /// <summary>Schemes that need the data's rows are refused in one line on a fit from cross-products.</summary>
    [Fact]
    public void SchemesThatNeedTheRowsAreRefused()
    {
        var split = CrossproductsDesigns.Fit(TestData.Sleepstudy, SleepSlopes);
        var options = new BootstrapOptions { Replicates = 5, Seed = 1 };
        foreach (var run in new Func<object>[]
                 {
                     () => CaseBootstrap.Run(split, options),
                     () => ResidualBootstrap.Run(split, options),
                     () => ParametricBootstrap.Run(split, m => [m.Sigma], ["sigma"], options),
                     () => ParametricBootstrapLrt.Run(CrossproductsDesigns.Fit(TestData.Sleepstudy, "Reaction ~ Days + (1 | Subject)", reml: false), split, options),
                     () => ParametricBootstrapLrt.RunAgainstFixedPart(split, options),
                 })
        {
            var e = Assert.Throws<ModelException>(run);
            Assert.Contains("which cross-products do not keep", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    }
}
