using System.Diagnostics;
using Resampling.Engine;
using Resampling.Model;
using Resampling.Randomness;

namespace Resampling.Bootstrap;

/// <summary>
/// The case bootstrap (lmeresampler's "case"): resample the groups of the outermost grouping factor with replacement
/// (a group drawn twice enters as two groups, and so do its sub-units at every level), optionally also the units at
/// each lower level within the drawn units and the observations, and refit. With one grouping factor the data of a
/// replicate are never built: the cross-products are sums of per-group blocks, so a replicate adds up the drawn groups'
/// blocks (or, resampling units, the drawn rows' contributions). Nested factors (checked on the data) are resampled down
/// their hierarchy and each replicate's design is built (<see cref="NestedKernel"/>); crossed factors are refused.
/// Maths: docs/bootstrap.md §3.
/// </summary>
public static partial class CaseBootstrap
{
    public static BootstrapResult Run(LinearMixedModel model, BootstrapOptions options)
    {
        DataRowsCheck.Require(model, "The case bootstrap");
        var sw = Stopwatch.StartNew();
        var cp = model.Crossproducts;
        var hierarchy = GroupHierarchy.Build(cp);
        var levels = ResolveLevels(hierarchy, options);
        var layout = new BootstrapParameterLayout(model);
        IReadOnlyList<BootstrapDraw> draws;
        if (hierarchy.Depth == 1 && levels[0])
        {
            var groups = new GroupRows(cp);
            draws = BootstrapRunner.Run(() => new Kernel(model, layout, groups, levels[1]), layout.Count, options);
        }
        else draws = BootstrapRunner.Run(() => new NestedKernel(model, layout, hierarchy, levels), layout.Count, options);
        return new BootstrapResult("case", options.Seed, layout.Names, layout.Values(model), draws, sw.Elapsed);
    }

    /// <summary>Each group's rows, and its block of [X y]'[X y].</summary>
    private sealed class GroupRows
    {
        public GroupRows(Crossproducts cp)
        {
            int w = cp.P + 1;
            var lists = Enumerable.Range(0, cp.L1).Select(_ => new List<int>()).ToArray();
            var gi = cp.Blocks[0].GroupIndex;
            for (int i = 0; i < cp.N; i++) lists[gi[i]].Add(i);
            Rows = lists.Select(l => l.ToArray()).ToArray();
            XyXy = new double[cp.L1][];
            var xy = new double[w];
            for (int j = 0; j < cp.L1; j++)
            {
                var m = new double[w * w];
                foreach (var i in Rows[j])
                {
                    Row(cp, i, xy);
                    for (int a = 0; a < w; a++) for (int b = 0; b < w; b++) m[a * w + b] += xy[a] * xy[b];
                }
                XyXy[j] = m;
            }
        }

        public int[][] Rows { get; }
        public double[][] XyXy { get; }

        public static void Row(Crossproducts cp, int i, double[] xy)
        {
            for (int k = 0; k < cp.P; k++) xy[k] = cp.Design.X.Columns[k][i];
            xy[cp.P] = cp.Design.Y[i];
        }
    }

    private sealed class Kernel(LinearMixedModel model, BootstrapParameterLayout layout, GroupRows groups, bool within) : IReplicateKernel
    {
        public bool Run(RandomStream random, double[] values)
        {
            var cp = model.Crossproducts;
            int l1 = cp.L1, p1 = cp.P1, w = cp.P + 1;
            var zz = new double[l1 * p1 * p1];
            var zxy = new double[l1 * p1 * w];
            var xyxy = new double[w * w];
            var xy = new double[w];
            var z = new double[p1];
            int n = 0;
            for (int j = 0; j < l1; j++)
            {
                int g = random.NextInt(l1);
                var rows = groups.Rows[g];
                if (!within)
                {
                    Array.Copy(cp.ZZ1, g * p1 * p1, zz, j * p1 * p1, p1 * p1);
                    Array.Copy(cp.ZXy1, g * p1 * w, zxy, j * p1 * w, p1 * w);
                    var m = groups.XyXy[g];
                    for (int k = 0; k < m.Length; k++) xyxy[k] += m[k];
                    n += rows.Length;
                    continue;
                }
                for (int r = 0; r < rows.Length; r++)
                {
                    int i = rows[random.NextInt(rows.Length)];
                    GroupRows.Row(cp, i, xy);
                    for (int a = 0; a < p1; a++) z[a] = cp.Blocks[0].Columns[a][i];
                    for (int a = 0; a < p1; a++)
                    {
                        for (int b = 0; b < p1; b++) zz[j * p1 * p1 + a * p1 + b] += z[a] * z[b];
                        for (int k = 0; k < w; k++) zxy[j * p1 * w + a * w + k] += z[a] * xy[k];
                    }
                    for (int a = 0; a < w; a++) for (int b = 0; b < w; b++) xyxy[a * w + b] += xy[a] * xy[b];
                }
                n += rows.Length;
            }
            var refit = new RefitWorker(model, new Crossproducts(cp, n, zz, zxy, xyxy));
            var o = refit.Fit();
            layout.Fill(o.Theta, o.Sigma, o.Beta, o.Objective, values);
            return o.Singular;
        }
    }
}
