using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Model;
using Resampling.Randomness;
using Resampling.Tests.Support;

namespace Resampling.Tests.Bootstrap;

/// <summary>Case and residual bootstraps of models with several grouping factors (nested or crossed).</summary>
public class MultilevelBootstrapTests
{
    private static LinearMixedModel Pastes => FittedModels.Fixture("lme4extra", "pastes.csv", "strength ~ 1 + (1|batch/cask)");
    private static LinearMixedModel Penicillin =>
        FittedModels.Fixture("lme4extra", "penicillin.csv", "diameter ~ 1 + (1|plate) + (1|sample)");
    private static LinearMixedModel Schools => FittedModels.Fit("NestedData.Schools(5, 20, 4, 6)",
        () => NestedData.Schools(5, 20, 4, 6), "y ~ x + z + (1 + x|school) + (1|school:class)");
    private static LinearMixedModel Regions =>
        FittedModels.Fit("NestedData.Regions(7)", () => NestedData.Regions(7), "y ~ 1 + (1|region/school/class)");

    [Fact]
    public void NestingIsReadFromTheData()
    {
        var h = GroupHierarchy.Build(Pastes.Crossproducts);
        Assert.Equal(["batch", "cask:batch"], h.Names);
        Assert.Equal(10, h.TopCount);
        Assert.All(h.Children[0], c => Assert.Equal(3, c.Length));
        Assert.All(h.Rows, r => Assert.Equal(2, r.Length));

        // The same hierarchy given by explicit factors: 'sample' labels the casks uniquely.
        var explicitModel = LinearMixedModel.Fit(TestData.FixtureCsv("lme4extra", "pastes.csv"), "strength ~ 1 + (1|batch) + (1|sample)");
        Assert.Equal(["batch", "sample"], GroupHierarchy.Build(explicitModel.Crossproducts).Names);

        var three = GroupHierarchy.Build(Regions.Crossproducts);
        Assert.Equal(["region", "school:region", "class:(school:region)"], three.Names);
    }

    [Fact]
    public void CrossedFactorsGiveOneLineForTheCaseBootstrap()
    {
        var e = Assert.Throws<ModelException>(() => CaseBootstrap.Run(Penicillin, new BootstrapOptions { Replicates = 5 }));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("crossed", e.Message);
        Assert.Contains("'plate'", e.Message);
        Assert.Contains("'sample'", e.Message);
        // The cask labels a, b, c repeat across batches: as separate factors they are crossed, not nested.
        var crossedCasks = LinearMixedModel.Fit(TestData.FixtureCsv("lme4extra", "pastes.csv"), "strength ~ 1 + (1|batch) + (1|cask)");
        Assert.Throws<ModelException>(() => CaseBootstrap.Check(crossedCasks, new BootstrapOptions()));
    }

    [Fact]
    public void ResampleSettingsMustCoverEveryLevel()
    {
        var e = Assert.Throws<ModelException>(() => CaseBootstrap.Run(Pastes, new BootstrapOptions { Replicates = 5, ResampleLevels = [true, true] }));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("3 levels", e.Message);
    }

    [Theory]
    [InlineData(true, false, false, false)]
    [InlineData(true, true, false, false)]
    [InlineData(true, true, true, true)]
    [InlineData(false, true, false, true)]
    [InlineData(false, false, true, false)]
    public void NestedReplicatesKeepAValidGroupStructure(bool top, bool middle, bool inner, bool rows)
    {
        var m = Regions;
        var h = GroupHierarchy.Build(m.Crossproducts);
        bool[] resample = [top, middle, inner, rows];
        var sampler = new CaseBootstrap.NestedSampler(h, resample);
        var blocks = m.Crossproducts.Blocks;
        var original = h.BlockOrder.Select(b => blocks[b].GroupIndex).ToArray(); // per level, the original unit of each row
        int repeatedTops = 0;
        var random = new RandomStream(11, StreamPurpose.Replicate, 0);
        for (int rep = 1; rep <= 50; rep++)
        {
            random.Reset(11, StreamPurpose.Replicate, rep);
            var (rowIdx, codes, counts) = sampler.Draw(random);
            Assert.Equal(h.TopCount, counts[0]);
            for (int k = 0; k < h.Depth; k++)
            {
                // Codes run 0 .. count − 1, all used; every copy is one original unit (so copies are distinct groups).
                Assert.Equal(Enumerable.Range(0, counts[k]), codes[k].Distinct().Order());
                var unitOf = new Dictionary<int, int>();
                for (int i = 0; i < rowIdx.Length; i++)
                    Assert.Equal(unitOf.TryAdd(codes[k][i], original[k][rowIdx[i]]) ? original[k][rowIdx[i]] : unitOf[codes[k][i]], original[k][rowIdx[i]]);
                if (k == 0) repeatedTops += counts[0] - unitOf.Values.Distinct().Count() > 0 ? 1 : 0;
                if (!resample[k] && (k == 0 || !resample.Take(k).Any()))
                    Assert.Equal(counts[k], unitOf.Values.Distinct().Count()); // nothing above resampled: each unit once
                if (k == 0) continue;
                // Each copy lies within one copy of the level above, and each copy of the level above keeps as many
                // sub-units as its original unit has.
                var parent = new Dictionary<int, int>();
                for (int i = 0; i < rowIdx.Length; i++)
                    Assert.Equal(parent.TryAdd(codes[k][i], codes[k - 1][i]) ? codes[k - 1][i] : parent[codes[k][i]], codes[k - 1][i]);
                var upperUnit = new Dictionary<int, int>();
                for (int i = 0; i < rowIdx.Length; i++) upperUnit[codes[k - 1][i]] = original[k - 1][rowIdx[i]];
                foreach (var g in parent.GroupBy(p => p.Value))
                    Assert.Equal(h.Children[k - 1][upperUnit[g.Key]].Length, g.Count());
            }
            // Each innermost copy has as many rows as its original unit.
            var last = codes[h.Depth - 1];
            foreach (var g in Enumerable.Range(0, rowIdx.Length).GroupBy(i => last[i]))
                Assert.Equal(h.Rows[original[h.Depth - 1][rowIdx[g.First()]]].Length, g.Count());
        }
        if (top) Assert.True(repeatedTops > 10, $"only {repeatedTops} replicates drew a region twice");
        else Assert.Equal(0, repeatedTops);
    }

    [Fact]
    public void AllUnitsTakenOnceRefitToTheModel()
    {
        // No level resampled: the replicate is the data relabelled, and the rebuilt design refits to the model.
        var m = Schools;
        var layout = new BootstrapParameterLayout(m);
        var kernel = new CaseBootstrap.NestedKernel(m, layout, GroupHierarchy.Build(m.Crossproducts), [false, false, false]);
        var values = new double[layout.Count];
        kernel.Run(new RandomStream(1, StreamPurpose.Replicate, 1), values);
        var expected = layout.Values(m);
        for (int i = 0; i < values.Length; i++) Assert.Equal(expected[i], values[i], 1e-6 * Math.Max(1, Math.Abs(expected[i])));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OneFactorThroughTheNestedPathEqualsTheSingleFactorKernel(bool within)
    {
        // Same draws, same replicate data: the design-building path must give the summed-blocks path's refits.
        var m = Models.Sleep;
        var options = new BootstrapOptions { Replicates = 20, Seed = 4, ResampleWithinGroups = within };
        var fast = CaseBootstrap.Run(m, options);
        var layout = new BootstrapParameterLayout(m);
        var nested = BootstrapRunner.Run(() => new CaseBootstrap.NestedKernel(m, layout, GroupHierarchy.Build(m.Crossproducts), [true, within]),
            layout.Count, options);
        for (int r = 0; r < 20; r++)
            for (int i = 0; i < layout.Count; i++)
                Assert.Equal(fast.Draws[r].Values[i], nested[r].Values[i], 1e-5 * Math.Max(1, Math.Abs(fast.Draws[r].Values[i])));
    }

    [Theory]
    [InlineData(BootstrapType.Case, "pastes")]
    [InlineData(BootstrapType.Case, "regions")]
    [InlineData(BootstrapType.Residual, "pastes")]
    [InlineData(BootstrapType.Residual, "penicillin")]
    [InlineData(BootstrapType.Residual, "schools")]
    public void MultilevelRunsDoNotDependOnTheThreadCount(BootstrapType type, string model)
    {
        var m = model switch { "pastes" => Pastes, "penicillin" => Penicillin, "regions" => Regions, _ => Schools };
        var options = new BootstrapOptions { Replicates = 40, Seed = 9, ResampleLevels = type == BootstrapType.Case && model == "regions" ? [true, true, false, true] : null };
        var many = BootstrapRun.Run(m, type, options with { MaxThreads = 0 });
        var one = BootstrapRun.Run(m, type, options with { MaxThreads = 1 });
        Assert.Equal(0, many.FailedCount);
        Assert.Equal(many.Draws.Select(d => d.Values), one.Draws.Select(d => d.Values));
        Assert.Equal(many.Draws.Select(d => d.Replicate), one.Draws.Select(d => d.Replicate));
    }

    [Theory]
    [InlineData("pastes")]
    [InlineData("penicillin")]
    [InlineData("schools")]
    [InlineData("regions")]
    public void EachFactorsEffectsAreReflatedToItsCovariance(string model)
    {
        var m = model switch { "pastes" => Pastes, "penicillin" => Penicillin, "regions" => Regions, _ => Schools };
        var pools = new ResidualBootstrap.Pools(m);
        var blocks = m.Crossproducts.Blocks;
        Assert.Equal(blocks.Count, pools.BlockEffects.Count);
        for (int b = 0; b < blocks.Count; b++)
        {
            var blk = blocks[b];
            var u = pools.BlockEffects[b];
            int j = u.Length, p = blk.Size;
            Assert.Equal(blk.LevelCount, j);
            // Σ_k from the model's reported covariances, the block's terms on its diagonal.
            var sigma = new double[p, p];
            int offset = 0;
            foreach (var t in blk.TermIndices)
            {
                var cov = m.Covariances[t].Covariance;
                for (int r = 0; r < cov.Rows; r++)
                    for (int c = 0; c < cov.Columns; c++) sigma[offset + r, offset + c] = cov[r, c];
                offset += cov.Rows;
            }
            for (int r = 0; r < p; r++)
            {
                Assert.Equal(0, u.Sum(e => e[r]) / j, 1e-10 * Math.Sqrt(sigma[r, r]));
                for (int c = 0; c < p; c++)
                {
                    double s = u.Sum(e => e[r] * e[c]) / j;
                    Assert.True(Math.Abs(s - sigma[r, c]) <= 1e-10 * Math.Max(1, Math.Abs(sigma[r, c])),
                        $"{blk.Terms[0].GroupName} [{r},{c}]: {s:R} vs {sigma[r, c]:R}");
                }
            }
        }
        Assert.Equal(m.Sigma * m.Sigma, pools.Residuals.Sum(e => e * e) / pools.Residuals.Length, 1e-10 * m.Sigma * m.Sigma);
    }

    [Fact]
    public void ResidualBootstrapOfCrossedFactorsIsCentred()
    {
        var r = BootstrapRun.Run(Penicillin, BootstrapType.Residual, new BootstrapOptions { Replicates = 200, Seed = 3 });
        Assert.Equal(0, r.FailedCount);
        var s = r.Summarize().Single(p => p.Name == "(Intercept)");
        Assert.InRange(s.Bias, -4 * s.StdError / Math.Sqrt(200), 4 * s.StdError / Math.Sqrt(200));
        double se = Penicillin.FixedEffects[0].StdError;
        Assert.InRange(s.StdError, se / 1.5, se * 1.5);
    }
}
