using Resampling.Data;
using Resampling.Engine;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Numerics;
using Resampling.Tests.Engine;

namespace Resampling.Tests.Inference;

/// <summary>
/// The block sums of Kenward–Roger's method, taken on the random-effect columns (docs/inference.md §2.1), against their
/// definitions on the dense n × n marginal covariance: P_r = −X'S G_r S X, Q_rs = X'S G_r S G_s S X,
/// K_rs = tr(S G_r S G_s) with S = V⁻¹ formed by inverting V. Scalar, correlated and uncorrelated vector, nested,
/// crossed and singular (a variance of 0) designs. Also the limit on a block's random effects.
/// </summary>
public class KenwardRogerBlocksTests
{
    [Theory]
    [InlineData("lme4", "sleep_corr_reml.json")]
    [InlineData("lme4extra", "dyestuff2_singular_reml.json")]
    [InlineData("lme4extra", "penicillin_crossed_reml.json")]
    [InlineData("lme4extra", "pastes_nested_reml.json")]
    [InlineData("lme4extra", "sleep_factor_slope_reml.json")]
    [InlineData("lme4stress", "sleep_3x3_reml.json")]
    [InlineData("lme4stress", "penicillin_three_crossed_reml.json")]
    public void BlockSumsEqualTheDenseDefinitions(string folder, string file)
    {
        var (_, m) = Lme4ReferenceTests.FitReference(folder, file);
        var terms = m.Design.Terms;
        var pars = KenwardRogerAdjustment.Parameters(terms);
        var blocks = new KenwardRogerBlocks(m, pars);
        foreach (var rows in KenwardRogerAdjustment.Components(terms, m.Design.RowCount)) blocks.Add(rows);
        blocks.Symmetrise();
        var (p, q, k) = Dense(m, pars);
        int g = pars.Count + 1;
        for (int r = 0; r < g; r++)
        {
            Close(p[r], blocks.P[r], $"{file} P[{r}]");
            for (int s = 0; s < g; s++)
            {
                double scale = Enumerable.Range(0, g).Max(i => Math.Abs(k[i, i]));
                Assert.True(Math.Abs(k[r, s] - blocks.K[r, s]) <= 1e-10 * scale, $"{file} K[{r},{s}]: {blocks.K[r, s]:R} vs dense {k[r, s]:R}");
                if (s >= r) Close(q[r, s], blocks.Q[r, s], $"{file} Q[{r},{s}]");
            }
        }
    }

    [Fact]
    public void BlocksOfMoreThanFourThousandRowsAreNoLongerRefused()
    {
        // HSB with (1 | MINORITY:FEMALE) crossed with schools: all 7,185 rows in one block, 324 random effects.
        var (_, m) = Lme4ReferenceTests.FitReference("lme4stress", "hsb_two_factors_reml.json");
        var components = KenwardRogerAdjustment.Components(m.Design.Terms, m.Design.RowCount);
        Assert.Single(components);
        Assert.True(components[0].Length > 4000);
        foreach (var fe in FixedEffectsInference.KenwardRoger(m))
        {
            Assert.True(fe.Df > 1 && fe.Df < m.ObservationCount, $"{fe.Name}: df {fe.Df}");
            Assert.True(fe.StdError >= m.FixedEffects.Single(f => f.Name == fe.Name).StdError, $"{fe.Name}: the adjusted SE is not smaller");
        }
    }

    [Fact]
    public void BlocksOfMoreRandomEffectsThanTheLimitAreRefusedWithOneLine()
    {
        // Two crossed factors chained through every row: one block of 2,100 + 2,101 levels.
        int n = 4200;
        var a = Enumerable.Range(0, n).Select(i => $"a{i / 2}").ToArray();
        var b = Enumerable.Range(0, n).Select(i => $"b{(i + 1) / 2}").ToArray();
        var x = Enumerable.Range(0, n).Select(i => (double)(i % 7)).ToArray();
        var y = Enumerable.Range(0, n).Select(i => Math.Sin(0.37 * i) + 0.1 * x[i] + Math.Cos(1.3 * (i / 2)) + 0.5 * Math.Sin(2.1 * ((i + 1) / 2))).ToArray();
        var data = new DataTable([DataColumn.FromNumbers("y", y), DataColumn.FromNumbers("x", x), DataColumn.FromTexts("a", a), DataColumn.FromTexts("b", b)]);
        var m = LinearMixedModel.Fit(data, "y ~ x + (1|a) + (1|b)");
        var e = Assert.Throws<ModelException>(() => FixedEffectsInference.KenwardRoger(m));
        Assert.Contains($"the limit is {KenwardRogerAdjustment.MaxBlockEffects} random effects per block", e.Message);
        Assert.Contains("4201", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static void Close(double[,] expected, double[,] actual, string at)
    {
        double scale = expected.Cast<double>().Max(Math.Abs);
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int j = 0; j < expected.GetLength(1); j++)
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) <= 1e-10 * scale, $"{at}[{i},{j}]: {actual[i, j]:R} vs dense {expected[i, j]:R}");
    }

    /// <summary>P, Q (r ≤ s) and K straight from their definitions with dense n × n matrices.</summary>
    private static (double[][,] P, double[,][,] Q, double[,] K) Dense(LinearMixedModel m, List<(int Term, int A, int B)> pars)
    {
        var d = m.Design;
        var terms = d.Terms;
        int n = d.RowCount, p = m.FixedEffects.Count, g = pars.Count + 1;
        // Z's column of term k, level l, term column c.
        double[] Z(int k, int l, int c)
        {
            var z = new double[n];
            for (int i = 0; i < n; i++) if (terms[k].GroupIndex[i] == l) z[i] = terms[k].Columns[c][i];
            return z;
        }
        var gs = new double[g][,];
        for (int r = 0; r < g; r++) gs[r] = new double[n, n];
        for (int i = 0; i < n; i++) gs[g - 1][i, i] = 1;
        var v = new double[n, n];
        double s2 = m.Sigma * m.Sigma;
        for (int i = 0; i < n; i++) v[i, i] = s2;
        for (int r = 0; r < pars.Count; r++)
        {
            var (k, a, b) = pars[r];
            double gamma = m.Covariances[k].Covariance[a, b];
            for (int l = 0; l < terms[k].LevelCount; l++)
            {
                var za = Z(k, l, a);
                var zb = Z(k, l, b);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double e = za[i] * zb[j] + (a != b ? zb[i] * za[j] : 0);
                        gs[r][i, j] += e;
                        v[i, j] += gamma * e;
                    }
            }
        }
        var s = DenseMath.InvertPositiveDefinite(v)!;
        var x = new double[n, p];
        for (int i = 0; i < n; i++) for (int c = 0; c < p; c++) x[i, c] = d.X.Columns[c][i];
        var sx = Linear.Multiply(s, x);
        var xs = Transpose(sx);
        var sg = gs.Select(gr => Linear.Multiply(s, gr)).ToArray();
        var pm = new double[g][,];
        var qm = new double[g, g][,];
        var km = new double[g, g];
        for (int r = 0; r < g; r++)
        {
            var xsg = Linear.Multiply(xs, gs[r]);
            var prm = Linear.Multiply(xsg, sx);
            for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) prm[i, j] = -prm[i, j];
            pm[r] = prm;
            for (int t = 0; t < g; t++)
            {
                qm[r, t] = Linear.Multiply(Linear.Multiply(xsg, sg[t]), sx);
                km[r, t] = Linear.TraceOfProduct(sg[r], sg[t]);
            }
        }
        return (pm, qm, km);
    }

    private static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++) for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
        return t;
    }
}
