using Resampling.Engine;
using Resampling.Mcmc;
using Resampling.Randomness;
using Resampling.Tests.Support;

namespace Resampling.Tests.Mcmc;

/// <summary>The conditional draw of (u, β) and the cross-product RSS, checked against dense computations on the rows.</summary>
public class PlsSamplingTests
{
    public static TheoryData<string, string, string> Models => new()
    {
        { "lme4", "sleepstudy.csv", "Reaction ~ Days + (Days | Subject)" },
        { "lme4extra", "penicillin.csv", "diameter ~ 1 + (1 | plate) + (1 | sample)" },
        { "lme4extra", "sleepstudy.csv", "Reaction ~ Days + (Days || Subject)" },
    };

    private static LinearMixedModel Fit(string folder, string file, string formula) =>
        LinearMixedModel.Fit(TestData.FixtureCsv(folder, file), formula);

    /// <summary>Dense [ZΛ X] in the engine's order: first block level-major, then the other blocks, then X.</summary>
    private static double[][] DenseW(Crossproducts cp, PlsFactor pls)
    {
        int q = cp.Q1 + cp.QRest, n = cp.N;
        var cols = new double[q + cp.P][];
        for (int i = 0; i < cols.Length; i++) cols[i] = new double[n];
        for (int bi = 0; bi < cp.Blocks.Count; bi++)
        {
            var blk = cp.Blocks[bi];
            var t = pls.BlockFactor(bi).ToArray();
            int offset = bi == 0 ? 0 : cp.Q1 + cp.RestOffsets[bi];
            for (int i = 0; i < n; i++)
            {
                int l = blk.GroupIndex[i];
                for (int c = 0; c < blk.Size; c++)
                {
                    double s = 0;
                    for (int r = c; r < blk.Size; r++) s += blk.Columns[r][i] * t[r * blk.Size + c];
                    cols[offset + l * blk.Size + c][i] = s;
                }
            }
        }
        for (int k = 0; k < cp.P; k++) cols[q + k] = cp.Design.X.Columns[k];
        return cols;
    }

    private static double[] Draw(PlsFactor pls, Crossproducts cp, double[] z, double sigma)
    {
        var beta = new double[cp.P];
        var u1 = new double[cp.Q1];
        var u2 = new double[cp.QRest];
        PlsSampler.SampleConditional(pls, z, sigma, beta, u1, u2);
        return [.. u1, .. u2, .. beta];
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ZeroNoiseGivesThePlsSolution(string folder, string file, string formula)
    {
        var fit = Fit(folder, file, formula);
        var cp = fit.Crossproducts;
        var pls = new PlsFactor(cp);
        pls.Factor(fit.Theta);
        var (beta, u1, u2) = pls.Solve();
        var x = Draw(pls, cp, new double[cp.Q1 + cp.QRest + cp.P], 3.0);
        double[] expected = [.. u1, .. u2, .. beta];
        for (int i = 0; i < x.Length; i++) Assert.Equal(expected[i], x[i], 1e-10 * (1 + Math.Abs(expected[i])));
    }

    /// <summary>M = [x(e_i) − x(0)] must be L'⁻¹, i.e. M'AM = I with A = W'W + diag(I_q, 0): the draws' covariance is σ²A⁻¹.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void NoiseHasThePosteriorCovariance(string folder, string file, string formula)
    {
        var fit = Fit(folder, file, formula);
        var cp = fit.Crossproducts;
        var pls = new PlsFactor(cp);
        var theta = fit.Theta.Select(t => t == 0 ? 0.3 : t * 1.1).ToArray(); // away from the optimum and the boundary
        pls.Factor(theta);
        int q = cp.Q1 + cp.QRest, d = q + cp.P;
        var x0 = Draw(pls, cp, new double[d], 1);
        var m = new double[d][];
        for (int i = 0; i < d; i++)
        {
            var z = new double[d];
            z[i] = 1;
            var x = Draw(pls, cp, z, 1);
            m[i] = x.Select((v, k) => v - x0[k]).ToArray();
        }
        var w = DenseW(cp, pls);
        // A m_j, then m_i' A m_j
        for (int j = 0; j < d; j++)
        {
            var fitted = new double[cp.N];
            for (int k = 0; k < d; k++)
                if (m[j][k] != 0)
                    for (int r = 0; r < cp.N; r++) fitted[r] += w[k][r] * m[j][k];
            var am = new double[d];
            for (int k = 0; k < d; k++)
            {
                double s = 0;
                for (int r = 0; r < cp.N; r++) s += w[k][r] * fitted[r];
                am[k] = s + (k < q ? m[j][k] : 0);
            }
            for (int i = 0; i < d; i++)
            {
                double s = 0;
                for (int k = 0; k < d; k++) s += m[i][k] * am[k];
                Assert.Equal(i == j ? 1.0 : 0.0, s, 1e-8);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void CrossproductRssEqualsTheRowSum(string folder, string file, string formula)
    {
        var fit = Fit(folder, file, formula);
        var cp = fit.Crossproducts;
        var rng = new RandomStream(5, StreamPurpose.Simulation, 0);
        var beta = fit.FixedEffects.Select(f => f.Estimate + f.StdError * rng.NextNormal()).ToArray();
        var b1 = Enumerable.Range(0, cp.Q1).Select(_ => rng.NextNormal()).ToArray();
        var b2 = Enumerable.Range(0, cp.QRest).Select(_ => rng.NextNormal()).ToArray();
        double direct = 0;
        for (int i = 0; i < cp.N; i++)
        {
            double e = cp.Design.Response[i];
            for (int k = 0; k < cp.P; k++) e -= cp.Design.X.Columns[k][i] * beta[k];
            for (int bi = 0; bi < cp.Blocks.Count; bi++)
            {
                var blk = cp.Blocks[bi];
                int l = blk.GroupIndex[i];
                for (int c = 0; c < blk.Size; c++)
                    e -= blk.Columns[c][i] * (bi == 0 ? b1[l * blk.Size + c] : b2[cp.RestOffsets[bi] + l * blk.Size + c]);
            }
            direct += e * e;
        }
        Assert.Equal(direct, CrossproductResiduals.SumOfSquares(cp, beta, b1, b2), 1e-9 * direct);
    }
}
