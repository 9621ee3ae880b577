using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using Resampling.Engine;
using Resampling.Model;
using Resampling.Randomness;

namespace Resampling.Bootstrap;

/// <summary>
/// The residual bootstrap of Carpenter, Goldstein &amp; Rasbash (2003, JRSS C 52(4)) with reflation, lmeresampler's
/// "residual": for each grouping factor k, centre its estimated effects Û_k (J_k × p_k, all the factor's terms side by
/// side) and reflate them so that their empirical covariance equals the model's, Û_k·S_k^{-½}·Σ̂_k^{½} with
/// S_k = Û_k'Û_k/J_k; centre and reflate the residuals, ê·σ̂/√(ê'ê/n). Each replicate draws J_k effects of every factor
/// independently (nested or crossed alike) and n residuals, all with replacement, y* = Xβ̂ + Σ_k Z_k b*_k + e*, and refits.
/// Maths: docs/bootstrap.md §3.
/// </summary>
public static class ResidualBootstrap
{
    public static BootstrapResult Run(LinearMixedModel model, BootstrapOptions options)
    {
        DataRowsCheck.Require(model, "The residual bootstrap");
        var sw = Stopwatch.StartNew();
        var layout = new BootstrapParameterLayout(model);
        var pools = new Pools(model);
        var draws = BootstrapRunner.Run(() => new Kernel(model, layout, pools), layout.Count, options);
        return new BootstrapResult("residual", options.Seed, layout.Names, layout.Values(model), draws, sw.Elapsed);
    }

    /// <summary>The reflated effects and residuals the replicates draw from, and Xβ̂.</summary>
    internal sealed class Pools
    {
        public Pools(LinearMixedModel model)
        {
            var cp = model.Crossproducts;
            int n = cp.N;
            BlockEffects = cp.Blocks.Select(blk => Reflated(model, blk)).ToArray();

            var e = model.WorkingResiduals; // √w-scaled: exchangeable under weights
            double mean = e.Average();
            double ss = e.Sum(v => (v - mean) * (v - mean)) / n;
            double f = ss > 0 ? model.Sigma / Math.Sqrt(ss) : 0;
            Residuals = e.Select(v => (v - mean) * f).ToArray();

            Mean = new double[n];
            var beta = model.Beta;
            for (int k = 0; k < beta.Count; k++)
                for (int i = 0; i < n; i++) Mean[i] += beta[k] * cp.Design.X.Columns[k][i];
        }

        /// <summary>Per grouping factor (the engine's blocks, in their order): the reflated effects, level × column.</summary>
        public IReadOnlyList<double[][]> BlockEffects { get; }

        /// <summary>The first block's reflated effects (the only ones with one grouping factor).</summary>
        public double[][] Effects => BlockEffects[0];

        /// <summary>Σ̂_k = σ̂² T_k T_k', the model's covariance of one level's effects of the block.</summary>
        public static Matrix<double> BlockCovariance(LinearMixedModel model, RandomEffectsBlock blk)
        {
            int p = blk.Size;
            var t = new double[p * p];
            blk.FillFactor(model.Theta, t);
            var tm = Matrix<double>.Build.Dense(p, p, (r, c) => t[r * p + c]);
            return tm * tm.Transpose() * (model.Sigma * model.Sigma);
        }

        private static double[][] Reflated(LinearMixedModel model, RandomEffectsBlock blk)
        {
            int j = blk.LevelCount, p = blk.Size;
            var u = Matrix<double>.Build.Dense(j, p, (l, c) => BlockEffect(model, blk, l, c));
            var means = u.ColumnSums() / j;
            for (int l = 0; l < j; l++) u.SetRow(l, u.Row(l) - means);
            var s = u.TransposeThisAndMultiply(u) / j;
            var reflated = u * SymmetricPower(s, -0.5) * SymmetricPower(BlockCovariance(model, blk), 0.5);
            return Enumerable.Range(0, j).Select(l => reflated.Row(l).ToArray()).ToArray();
        }
        public double[] Residuals { get; }
        public double[] Mean { get; }

        private static double BlockEffect(LinearMixedModel model, RandomEffectsBlock blk, int level, int column)
        {
            int offset = 0;
            for (int k = 0; k < blk.Terms.Count; k++)
            {
                int p = blk.Terms[k].ColumnCount;
                if (column < offset + p) return model.RandomEffects[blk.TermIndices[k]].Values[level, column - offset];
                offset += p;
            }
            throw new ArgumentOutOfRangeException(nameof(column));
        }

        /// <summary>A^power for symmetric positive semi-definite A; zero eigenvalues stay zero (a pseudo-inverse for power &lt; 0).</summary>
        private static Matrix<double> SymmetricPower(Matrix<double> a, double power)
        {
            var evd = a.Evd(Symmetricity.Symmetric);
            var v = evd.EigenVectors;
            double max = evd.EigenValues.Select(z => Math.Abs(z.Real)).DefaultIfEmpty(0).Max();
            var d = Matrix<double>.Build.Diagonal(a.RowCount, a.RowCount, i =>
            {
                double l = evd.EigenValues[i].Real;
                return l > 1e-12 * max ? Math.Pow(l, power) : 0;
            });
            return v * d * v.Transpose();
        }
    }

    private sealed class Kernel(LinearMixedModel model, BootstrapParameterLayout layout, Pools pools) : IReplicateKernel
    {
        private readonly RefitWorker _worker = new(model);
        private readonly double[] _y = new double[model.ObservationCount];
        private readonly double[][][] _b = model.Crossproducts.Blocks.Select(blk => new double[blk.LevelCount][]).ToArray();

        public bool Run(RandomStream random, double[] values)
        {
            var blocks = model.Crossproducts.Blocks;
            // Every factor's levels first, block by block, then the residuals row by row: with one factor this is the
            // single-factor draw order, so its results are unchanged.
            for (int k = 0; k < blocks.Count; k++)
            {
                var pool = pools.BlockEffects[k];
                var b = _b[k];
                for (int l = 0; l < b.Length; l++) b[l] = pool[random.NextInt(b.Length)];
            }
            var res = pools.Residuals;
            for (int i = 0; i < _y.Length; i++)
            {
                double s = pools.Mean[i];
                for (int k = 0; k < blocks.Count; k++)
                {
                    var blk = blocks[k];
                    var bl = _b[k][blk.GroupIndex[i]];
                    for (int c = 0; c < blk.Size; c++) s += blk.Columns[c][i] * bl[c];
                }
                _y[i] = s + res[random.NextInt(res.Length)];
            }
            _worker.SetResponse(_y);
            var o = _worker.Fit();
            layout.Fill(o.Theta, o.Sigma, o.Beta, o.Objective, values);
            return o.Singular;
        }
    }
}
