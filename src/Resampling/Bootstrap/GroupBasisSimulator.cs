using MathNet.Numerics.LinearAlgebra;
using Resampling.Engine;
using Resampling.Randomness;

namespace Resampling.Bootstrap;

/// <summary>
/// The parametric simulation without touching the n rows (docs/bootstrap.md §2.1). Per group j, G_j holds the group's rows
/// of every column the targets' cross-products need ([Z X] of the source model, then of each other target). With
/// y* = W_s γ* + σ̂e* (γ* = (b*_j, β̂)), every target's y-column of the cross-products is G'y* = G'W_s γ* + σ̂ G'e*, and
/// y*'y* = γ*'W_s'W_s γ* + 2σ̂ γ*'W_s'e* + σ̂² e*'e*. If M_j M_j' = G_j'G_j with M_j of full column rank r_j
/// (M_j = V_r Λ_r^½ from the eigen-decomposition; implicitly M_j = G_j'Q_j for an orthonormal basis Q_j of the group's
/// column space), then G_j'e*_j = M_j z_j and ‖e*_j‖² = ‖z_j‖² + χ²_{n_j − r_j} with z_j = Q_j'e*_j ~ N(0, I) independent
/// of the χ². So a replicate costs Σ r_j normals, one χ²_{n − Σr_j} and O(Σ_j c·(p₁ + p + r_j)) arithmetic.
/// Applies when every model has a single grouping factor and all share it (same rows, same levels).
/// </summary>
internal sealed class GroupBasisSimulator
{
    private readonly int _groups, _c, _ps, _p1s;
    private readonly int[] _rank;
    private readonly double[][] _gram;   // c×c per group
    private readonly double[][] _m;      // c×r_j per group
    private readonly double[][] _bHat;   // p1s per group (use.u)
    private readonly double[] _t;        // source block factor T, p1s×p1s
    private readonly double[] _beta;
    private readonly double _sigma;
    private readonly bool _useU;
    private readonly double _residualDf;
    private readonly (int ZOffset, int P1, int XOffset, int P)[] _targets;

    public GroupBasisSimulator(LinearMixedModel source, IReadOnlyList<LinearMixedModel> targets, bool useU)
    {
        if (!Supports(source, targets)) throw new ArgumentException("The per-group simulation needs one grouping factor shared by all models.");
        var scp = source.Crossproducts;
        _groups = scp.L1;
        _useU = useU;
        _sigma = source.Sigma;
        _beta = source.Beta.ToArray();
        _p1s = scp.P1;
        _ps = scp.P;

        // Column segments: the source's [Z X] first; a target that is the source reuses it.
        var segments = new List<LinearMixedModel> { source };
        _targets = new (int, int, int, int)[targets.Count];
        for (int i = 0; i < targets.Count; i++)
        {
            int s = segments.FindIndex(m => ReferenceEquals(m, targets[i]));
            if (s < 0) { segments.Add(targets[i]); s = segments.Count - 1; }
            int off = segments.Take(s).Sum(m => m.Crossproducts.P1 + m.Crossproducts.P);
            var cp = targets[i].Crossproducts;
            _targets[i] = (off, cp.P1, off + cp.P1, cp.P);
        }
        _c = segments.Sum(m => m.Crossproducts.P1 + m.Crossproducts.P);

        var group = scp.Blocks[0].GroupIndex;
        var columns = segments.SelectMany(m => m.Crossproducts.Blocks[0].Columns.Concat(m.Crossproducts.Design.X.Columns)).ToArray();
        _gram = new double[_groups][];
        for (int j = 0; j < _groups; j++) _gram[j] = new double[_c * _c];
        var row = new double[_c];
        // The design's rows: on pseudo-rows (a fit from cross-products) G_j'G_j is the data's and n − Σ r_j below is still the
        // data's residual df, so the simulation is the data's in distribution (docs/cluster.md §5).
        for (int i = 0, rows = scp.Design.RowCount; i < rows; i++)
        {
            for (int a = 0; a < _c; a++) row[a] = columns[a][i];
            var g = _gram[group[i]];
            for (int a = 0; a < _c; a++)
            {
                double ra = row[a];
                if (ra == 0) continue;
                for (int b = 0; b < _c; b++) g[a * _c + b] += ra * row[b];
            }
        }
        var counts = new int[_groups];
        foreach (var j in group) counts[j]++;
        _rank = new int[_groups];
        _m = new double[_groups][];
        long totalRank = 0;
        for (int j = 0; j < _groups; j++)
        {
            (_m[j], _rank[j]) = RootFactor(_gram[j], _c, counts[j]);
            totalRank += _rank[j];
        }
        _residualDf = scp.N - totalRank;

        _t = new double[_p1s * _p1s];
        scp.Blocks[0].FillFactor(source.Theta, _t);
        _bHat = new double[_groups][];
        var blk = scp.Blocks[0];
        for (int j = 0; j < _groups; j++)
        {
            var b = new double[_p1s];
            int o = 0;
            for (int k = 0; k < blk.Terms.Count; k++)
            {
                var re = source.RandomEffects[blk.TermIndices[k]];
                for (int c = 0; c < blk.Terms[k].ColumnCount; c++) b[o++] = re.Values[j, c];
            }
            _bHat[j] = b;
        }
    }

    public static bool Supports(LinearMixedModel source, IReadOnlyList<LinearMixedModel> targets)
    {
        var scp = source.Crossproducts;
        if (scp.QRest != 0) return false;
        foreach (var t in targets)
        {
            var cp = t.Crossproducts;
            if (cp.QRest != 0 || cp.N != scp.N || cp.L1 != scp.L1) return false;
            if (!ReferenceEquals(cp.Blocks[0].GroupIndex, scp.Blocks[0].GroupIndex)
                && !cp.Blocks[0].GroupIndex.AsSpan().SequenceEqual(scp.Blocks[0].GroupIndex)) return false;
        }
        return true;
    }

    /// <summary>Total number of standard normals a replicate draws for the per-group bases (Σ r_j).</summary>
    public long BasisDraws => _rank.Sum(r => (long)r);

    /// <summary>Simulates one y* and writes each target's y-column of the cross-products.</summary>
    public void Simulate(RandomStream random, IReadOnlyList<Crossproducts> targets, Workspace ws)
    {
        int c = _c, ns = _p1s + _ps;
        var gamma = ws.Gamma;
        var v = ws.V;
        var mz = ws.Mz;
        for (int t = 0; t < targets.Count; t++)
        {
            var cp = targets[t];
            int w = cp.P + 1;
            for (int k = 0; k < w; k++) cp.XyXy[cp.P * w + k] = 0;
        }
        Array.Copy(_beta, 0, gamma, _p1s, _ps);
        double yy = 0, zz = 0;
        for (int j = 0; j < _groups; j++)
        {
            if (_useU) Array.Copy(_bHat[j], gamma, _p1s);
            else
            {
                for (int a = 0; a < _p1s; a++) ws.U[a] = random.NextNormal();
                for (int r = 0; r < _p1s; r++)
                {
                    double s = 0;
                    for (int k = 0; k <= r; k++) s += _t[r * _p1s + k] * ws.U[k];
                    gamma[r] = _sigma * s;
                }
            }
            int rj = _rank[j];
            for (int l = 0; l < rj; l++)
            {
                double z = random.NextNormal();
                ws.Z[l] = z;
                zz += z * z;
            }
            var g = _gram[j];
            var m = _m[j];
            for (int a = 0; a < c; a++)
            {
                double s = 0;
                int row = a * c;
                for (int k = 0; k < ns; k++) s += g[row + k] * gamma[k];
                double e = 0;
                int mrow = a * rj;
                for (int l = 0; l < rj; l++) e += m[mrow + l] * ws.Z[l];
                mz[a] = e;
                v[a] = s + _sigma * e;
            }
            // γ'G'Gγ over the source's columns (first ns of G), and the cross term 2σ̂γ'(M z).
            double quad = 0, cross = 0;
            for (int a = 0; a < ns; a++)
            {
                double s = 0;
                for (int k = 0; k < ns; k++) s += g[a * c + k] * gamma[k];
                quad += gamma[a] * s;
                cross += gamma[a] * mz[a];
            }
            yy += quad + 2 * _sigma * cross;
            for (int t = 0; t < targets.Count; t++)
            {
                var cp = targets[t];
                var (zo, p1, xo, p) = _targets[t];
                int w = p + 1;
                for (int a = 0; a < p1; a++) cp.ZXy1[(j * p1 + a) * w + p] = v[zo + a];
                for (int k = 0; k < p; k++) cp.XyXy[p * w + k] += v[xo + k];
            }
        }
        yy += _sigma * _sigma * (zz + random.NextChiSquare(_residualDf));
        for (int t = 0; t < targets.Count; t++)
        {
            var cp = targets[t];
            int p = cp.P, w = p + 1;
            cp.XyXy[p * w + p] = yy;
            for (int k = 0; k < p; k++) cp.XyXy[k * w + p] = cp.XyXy[p * w + k];
            cp.ResponseChanged();
        }
    }

    public Workspace CreateWorkspace() => new(_c, _p1s + _ps, _rank.DefaultIfEmpty(0).Max());

    /// <summary>Per-thread buffers.</summary>
    internal sealed class Workspace(int c, int ns, int maxRank)
    {
        public double[] Gamma { get; } = new double[ns];
        public double[] V { get; } = new double[c];
        public double[] Mz { get; } = new double[c];
        public double[] U { get; } = new double[ns];
        public double[] Z { get; } = new double[Math.Max(maxRank, 1)];
    }

    /// <summary>M (c×r, row-major) with M M' = A, r the numerical rank of A (at most the group's row count).</summary>
    private static (double[] M, int Rank) RootFactor(double[] a, int c, int rows)
    {
        var evd = Matrix<double>.Build.Dense(c, c, (i, k) => a[i * c + k]).Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(z => z.Real).ToArray();
        var vectors = evd.EigenVectors;
        double max = values.Select(Math.Abs).DefaultIfEmpty(0).Max();
        var keep = Enumerable.Range(0, c).Where(i => values[i] > 1e-10 * max).OrderByDescending(i => values[i]).Take(rows).ToArray();
        var m = new double[c * keep.Length];
        for (int l = 0; l < keep.Length; l++)
        {
            double s = Math.Sqrt(values[keep[l]]);
            for (int i = 0; i < c; i++) m[i * keep.Length + l] = vectors[i, keep[l]] * s;
        }
        return (m, keep.Length);
    }
}
