using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Resampling.Numerics;
using Resampling.Numerics.Sparse;

namespace Resampling.Engine;

/// <summary>
/// The criterion's pieces only (log|L_Z|², log|R_X|², r²) at θ, for a caller that needs the marginal likelihood and not
/// the factor (the posterior sampler's collapsed-move proposals, docs/engine.md §8a). On the sparse path with a scalar first
/// block and scalar rest blocks (crossed random intercepts: students × teachers × schools), every first-block level j
/// enters only through f_j = t²/(1 + t²d_j), d_j = Z_j'Z_j: L11_j² = 1 + t²d_j, the clique update of S is
/// −f_j T_a T_b c_ja c_jb (c_j the rest rows of Zr'Z_j), the sum Σ_j L31_j L21_j' is f_j T_r c_jr Z_j'[X y], and Σ_j L31_j L31_j'
/// is f_j Z_j'[X y] Z_j'[X y]'. With unit weights d_j is a count of rows, so the levels fall into a few groups of equal d
/// (1–4 on the Tennessee design), and the sums over levels are made once per design (per response for the [X y] parts)
/// for each group; at θ, S's values, L32 and L33 are then a few products per non-zero instead of a pass over every level's
/// clique. Same quantities as <see cref="Factor"/> in another summation order (they agree to rounding: ~1e-13 relative);
/// the factor's blocks are not filled, so <see cref="FactoredAt"/> is false afterwards. Designs without the layout, or
/// with so many distinct d_j (weights) that the groups would cost more than the pass, take <see cref="Factor"/>.
/// </summary>
internal sealed partial class PlsFactor
{
    private DeterminantGroups? _groups;
    private bool _groupsTried;

    /// <summary>Whether <see cref="FactorDeterminants"/> takes the grouped path here (else it is <see cref="Factor"/>).</summary>
    internal bool GroupedDeterminants
    {
        get
        {
            if (!_groupsTried)
            {
                _groupsTried = true;
                if (ScalarFirstAndRest) _groups = DeterminantGroups.Build(_cp);
            }
            return _groups is not null;
        }
    }

    /// <summary>
    /// Sets <see cref="Ok"/>, <see cref="LogDetLZ"/>, <see cref="LogDetRX"/> and <see cref="Pwrss"/> at θ; the factor's
    /// blocks are left unusable (<see cref="FactoredAt"/> false) unless the design has no grouped path.
    /// </summary>
    public void FactorDeterminants(ReadOnlySpan<double> theta)
    {
        if (!GroupedDeterminants)
        {
            Factor(theta);
            return;
        }
        var cp = _cp;
        var g = _groups!;
        Ok = false;
        theta.CopyTo(_lastTheta);
        _factoredVersion = int.MinValue; // the blocks are not this θ's
        if (g.ResponseVersion != cp.ResponseVersion) g.BuildResponseParts(cp);
        for (int b = 0; b < cp.Blocks.Count; b++) cp.Blocks[b].FillFactor(theta, _t[b]);
        int w = cp.P + 1, qr = cp.QRest, k = g.Count;
        double t = _t[0][0], tt = t * t;
        var rest = cp.Rest;
        var scale = _restScale;
        for (int u = 0; u < qr; u++) scale[u] = _t[rest.LevelBlock[u]][0];
        var f = g.Factors;
        double logdet = 0;
        for (int i = 0; i < k; i++)
        {
            double m = 1 + tt * g.Diagonal[i];
            f[i] = tt / m;
            logdet += g.Levels[i] * Math.Log(m);
        }

        // S = T (Zr'Zr − Σ_groups f M) T + I: the group sums subtracted group by group (contiguous, in vectors), then
        // scaled column by column.
        var sv = _sValues;
        var acc = g.SchurWork;
        g.Pairs.CopyTo(acc, 0);
        for (int i = 0; i < k; i++) SubtractScaled(acc, f[i], g.Cliques.AsSpan(i * acc.Length, acc.Length));
        var pattern = cp.Schur!.Pattern;
        var starts = pattern.ColumnStarts;
        var rows = pattern.RowIndices;
        for (int c = 0; c < qr; c++)
        {
            double sc = scale[c];
            for (int p = starts[c]; p < starts[c + 1]; p++) sv[p] = scale[rows[p]] * sc * acc[p];
        }
        foreach (int d in cp.Schur.DiagonalPositions) sv[d] += 1;
        if (_sparse!.Factorize(sv) != CholeskyStatus.Success) return;
        logdet += _sparse.LogDeterminant();

        // L32 = (T Zr'[X y] − T Σ_groups f G) L22^{-T}, stored w rows of qr.
        var zrxy = cp.ZrXy;
        var sum = g.RestWork;
        Array.Clear(sum);
        for (int i = 0; i < k; i++) SubtractScaled(sum, -f[i], g.RestXy.AsSpan(i * sum.Length, sum.Length));
        for (int r = 0; r < qr; r++)
            for (int a = 0; a < w; a++) _l32[a * qr + r] = scale[r] * zrxy[r * w + a] - scale[r] * sum[r * w + a];
        ForwardSolveRestMany(_l32, w);

        // L33 L33' = [X y]'[X y] − Σ_groups f H − L32 L32'.
        var h = g.XyXy;
        for (int a = 0; a < w; a++)
        {
            var ra = _l32.AsSpan(a * qr, qr);
            for (int b = 0; b <= a; b++)
            {
                int o = (a * w + b) * k;
                double s = 0;
                for (int i = 0; i < k; i++) s += f[i] * h[o + i];
                _l33[a * w + b] = cp.XyXy[a * w + b] - s - DenseMath.Dot(ra, _l32.AsSpan(b * qr, qr));
            }
        }
        if (!DenseMath.Cholesky(_l33, w)) return;
        int p0 = cp.P;
        double logdetRx = 0;
        for (int a = 0; a < p0; a++) logdetRx += 2 * Math.Log(_l33[a * w + a]);
        double r2 = _l33[p0 * w + p0] * _l33[p0 * w + p0];
        if (!(r2 > 0)) return;
        LogDetLZ = logdet;
        LogDetRX = logdetRx;
        Pwrss = r2;
        Ok = true;
    }

    /// <summary>acc −= f·m element by element (one product and one difference each, in 4-wide vectors where available).</summary>
    private static void SubtractScaled(double[] acc, double f, ReadOnlySpan<double> m)
    {
        ref double a = ref MemoryMarshal.GetArrayDataReference(acc);
        ref double b = ref MemoryMarshal.GetReference(m);
        int n = Math.Min(acc.Length, m.Length), i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var fv = Vector256.Create(f);
            for (; i + 4 <= n; i += 4)
                (Vector256.LoadUnsafe(ref a, (nuint)i) - fv * Vector256.LoadUnsafe(ref b, (nuint)i)).StoreUnsafe(ref a, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref a, i) -= f * Unsafe.Add(ref b, i);
    }

    /// <summary>
    /// The first block's levels grouped by d_j = Z_j'Z_j, and per group the sums over its levels that
    /// <see cref="FactorDeterminants"/> scales by f(d) at each θ. Group-major layouts (each group's sums contiguous).
    /// </summary>
    private sealed class DeterminantGroups
    {
        public int Count { get; private init; }
        public double[] Diagonal { get; private init; } = [];
        public double[] Levels { get; private init; } = [];
        public double[] Factors { get; private init; } = [];
        public int[] GroupOf { get; private init; } = [];
        /// <summary>Per position of S: Zr'Zr there; per group and position Σ_j c_ja c_jb.</summary>
        public double[] Pairs { get; private init; } = [];
        public double[] Cliques { get; private init; } = [];
        /// <summary>Workspaces: S's values before scaling, and Σ_groups f G.</summary>
        public double[] SchurWork { get; private init; } = [];
        public double[] RestWork { get; private set; } = [];
        /// <summary>Per group, rest row r and column a of [X y]: Σ_j c_jr (Z_j'[X y])_a.</summary>
        public double[] RestXy { get; private set; } = [];
        /// <summary>Per entry (a, b) of [X y]'[X y], per group: Σ_j (Z_j'[X y])_a (Z_j'[X y])_b.</summary>
        public double[] XyXy { get; private set; } = [];
        public int ResponseVersion { get; private set; } = int.MinValue;

        public static DeterminantGroups? Build(Crossproducts cp)
        {
            int l1 = cp.L1;
            var index = new Dictionary<double, int>();
            var groupOf = new int[l1];
            var diagonal = new List<double>();
            for (int j = 0; j < l1; j++)
            {
                double d = cp.ZZ1[j];
                if (!index.TryGetValue(d, out int i))
                {
                    i = index.Count;
                    index.Add(d, i);
                    diagonal.Add(d);
                }
                groupOf[j] = i;
            }
            int k = index.Count, w = cp.P + 1;
            var schur = cp.Schur!;
            var pattern = schur.Pattern;
            int nnz = pattern.NonZeros;
            // Per θ the groups cost k products per non-zero of S and per entry of Zr'[X y]; the pass over the levels
            // one per clique entry and w per touched rest row. The groups' sums are held only when they are cheaper
            // (and so never take more memory than the clique positions already do).
            long grouped = (long)k * (nnz + (long)cp.QRest * w);
            long pass = schur.CliquePositions.LongLength + (long)cp.Rest.FirstRows.Length * w;
            if (grouped * 2 > pass) return null;
            var levels = new double[k];
            foreach (int i in groupOf) levels[i]++;
            var pairs = new double[nnz];
            var pairPos = schur.PairPositions;
            for (int i = 0; i < pairPos.Length; i++)
                if (pairPos[i] >= 0) pairs[pairPos[i]] += cp.ZrZr[i];
            var cliques = new double[(long)nnz * k];
            var rest = cp.Rest;
            var zrz1 = cp.ZrZ1;
            var pos = schur.CliquePositions;
            for (int j = 0; j < l1; j++)
            {
                int g = groupOf[j], q = schur.CliqueStart[j], r0 = rest.FirstRowStart[j], r1 = rest.FirstRowStart[j + 1];
                for (int ia = r0; ia < r1; ia++)
                    for (int ib = r0; ib <= ia; ib++) cliques[(long)g * nnz + pos[q++]] += zrz1[ia] * zrz1[ib];
            }
            var groups = new DeterminantGroups
            {
                Count = k, Diagonal = [.. diagonal], Levels = levels, Factors = new double[k], GroupOf = groupOf,
                Pairs = pairs, Cliques = cliques, SchurWork = new double[nnz],
            };
            groups.BuildResponseParts(cp);
            return groups;
        }

        /// <summary>The sums that involve Z'[X y] (rebuilt when the cross-products' response changes).</summary>
        public void BuildResponseParts(Crossproducts cp)
        {
            int k = Count, w = cp.P + 1, qr = cp.QRest;
            if (RestXy.Length == 0)
            {
                RestXy = new double[qr * w * k];
                RestWork = new double[qr * w];
                XyXy = new double[w * w * k];
            }
            else
            {
                Array.Clear(RestXy);
                Array.Clear(XyXy);
            }
            var rest = cp.Rest;
            var zxy = cp.ZXy1;
            var zrz1 = cp.ZrZ1;
            for (int j = 0; j < cp.L1; j++)
            {
                int g = GroupOf[j], o = j * w;
                for (int ia = rest.FirstRowStart[j]; ia < rest.FirstRowStart[j + 1]; ia++)
                {
                    int r = rest.FirstRows[ia];
                    double c = zrz1[ia];
                    for (int a = 0; a < w; a++) RestXy[g * qr * w + r * w + a] += c * zxy[o + a];
                }
                for (int a = 0; a < w; a++)
                    for (int b = 0; b <= a; b++) XyXy[(a * w + b) * k + g] += zxy[o + a] * zxy[o + b];
            }
            ResponseVersion = cp.ResponseVersion;
        }
    }
}
