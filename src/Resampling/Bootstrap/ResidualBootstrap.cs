using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using Resampling.Engine;
using Resampling.Model;

namespace Resampling.Bootstrap;

/// <summary>
/// The residual bootstrap of Carpenter, Goldstein &amp; Rasbash (2003, JRSS C 52(4)) with reflation, as lmeresampler's
/// "reb" (type 0): centre the estimated group effects Û (J × p₁) and the residuals ê; reflate them so that their
/// empirical covariances equal the model's, Û·S^{-½}·Σ̂^{½} with S = Û'Û/J, and ê·σ̂/√(ê'ê/n); then each replicate
/// draws J group effects and n residuals with replacement, y* = Xβ̂ + Zb* + e*, and refits. One grouping factor only.
/// </summary>
public static class ResidualBootstrap
{
    public static BootstrapResult Run(LinearMixedModel model, BootstrapOptions options)
    {
        var sw = Stopwatch.StartNew();
        var cp = model.Crossproducts;
        if (cp.QRest != 0)
            throw new ModelException("The case and residual bootstraps support models with one grouping factor only.");
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
            var blk = cp.Blocks[0];
            int j = blk.LevelCount, p1 = blk.Size, n = cp.N;
            var u = Matrix<double>.Build.Dense(j, p1, (l, c) => BlockEffect(model, blk, l, c));
            var means = u.ColumnSums() / j;
            for (int l = 0; l < j; l++) u.SetRow(l, u.Row(l) - means);
            var s = u.TransposeThisAndMultiply(u) / j;
            var t = new double[p1 * p1];
            blk.FillFactor(model.Theta, t);
            var tm = Matrix<double>.Build.Dense(p1, p1, (r, c) => t[r * p1 + c]);
            var sigmaB = tm * tm.Transpose() * (model.Sigma * model.Sigma);
            var reflated = u * SymmetricPower(s, -0.5) * SymmetricPower(sigmaB, 0.5);
            Effects = Enumerable.Range(0, j).Select(l => reflated.Row(l).ToArray()).ToArray();

            var e = model.Residuals;
            double mean = e.Average();
            double ss = e.Sum(v => (v - mean) * (v - mean)) / n;
            double f = ss > 0 ? model.Sigma / Math.Sqrt(ss) : 0;
            Residuals = e.Select(v => (v - mean) * f).ToArray();

            Mean = new double[n];
            var beta = model.Beta;
            for (int k = 0; k < beta.Length; k++)
                for (int i = 0; i < n; i++) Mean[i] += beta[k] * cp.Design.X.Columns[k][i];
        }

        public double[][] Effects { get; }
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

        public bool Run(ReplicateRandom random, double[] values)
        {
            var cp = model.Crossproducts;
            var blk = cp.Blocks[0];
            var b = new double[blk.LevelCount][];
            for (int l = 0; l < b.Length; l++) b[l] = pools.Effects[random.NextInt(b.Length)];
            var res = pools.Residuals;
            for (int i = 0; i < _y.Length; i++)
            {
                var bl = b[blk.GroupIndex[i]];
                double s = pools.Mean[i];
                for (int c = 0; c < blk.Size; c++) s += blk.Columns[c][i] * bl[c];
                _y[i] = s + res[random.NextInt(res.Length)];
            }
            _worker.SetResponse(_y);
            var o = _worker.Fit();
            layout.Fill(o.Theta, o.Sigma, o.Beta, o.Objective, values);
            return o.Singular;
        }
    }
}
