using Resampling.Numerics;
using Resampling.Numerics.Sparse;

namespace Resampling.Tests.Numerics.Sparse;

/// <summary>
/// Random SPD matrices shaped like the engine's M = Λ'Z'ZΛ + I for the designs the sparse factor must handle, and a
/// dense reference (DenseMath) to compare against.
/// </summary>
internal static class SparseDesigns
{
    public static readonly string[] Names = ["crossed", "nested", "partly-nested", "random-slopes", "three-factors", "one-factor", "crossed-dense"];

    /// <summary>Builds M for the named design: observations contribute z zᵀ, z holding Λ-scaled indicator columns.</summary>
    public static SymmetricSparseMatrix Build(string name, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<int>();
        var cols = new List<int>();
        var vals = new List<double>();
        int n;
        void Observation(params (int Col, double Value)[] z)
        {
            foreach (var (ci, vi) in z)
                foreach (var (cj, vj) in z)
                    if (ci >= cj) { rows.Add(ci); cols.Add(cj); vals.Add(vi * vj); }
        }
        double Scale() => 0.3 + rng.NextDouble();
        switch (name)
        {
            case "crossed":
            {
                int ns = 120, nd = 40;
                n = ns + nd;
                var ls = Enumerable.Range(0, ns).Select(_ => Scale()).ToArray();
                var ld = Enumerable.Range(0, nd).Select(_ => Scale()).ToArray();
                for (int o = 0; o < 700; o++)
                {
                    int s = rng.Next(ns), d = rng.Next(nd);
                    Observation((s, ls[s]), (ns + d, ld[d]));
                }
                break;
            }
            case "nested":
            {
                int nc = 150, nsch = 15;
                n = nc + nsch;
                for (int o = 0; o < 600; o++)
                {
                    int c = rng.Next(nc);
                    Observation((c, 0.8), (nc + c % nsch, 1.3));
                }
                break;
            }
            case "partly-nested":
            {
                int nst = 140, nsch = 20;
                n = nst + nsch;
                for (int o = 0; o < 600; o++)
                {
                    int s = rng.Next(nst);
                    int school = rng.NextDouble() < 0.85 ? s % nsch : rng.Next(nsch); // some students move
                    Observation((s, 0.7), (nst + school, 1.1));
                }
                break;
            }
            case "random-slopes":
            {
                // (1 + x | g1) + (1 + x | g2): 2 × 2 blocks per level, Λ a lower-triangular 2 × 2 template.
                int n1 = 60, n2 = 25;
                n = 2 * (n1 + n2);
                double a11 = 1.2, a21 = 0.4, a22 = 0.7, b11 = 0.9, b21 = -0.3, b22 = 0.5;
                for (int o = 0; o < 500; o++)
                {
                    int g1 = rng.Next(n1), g2 = rng.Next(n2);
                    double x = rng.NextDouble() * 2 - 1;
                    Observation((2 * g1, a11 + a21 * x), (2 * g1 + 1, a22 * x),
                        (2 * n1 + 2 * g2, b11 + b21 * x), (2 * n1 + 2 * g2 + 1, b22 * x));
                }
                break;
            }
            case "three-factors":
            {
                // Students × teachers, teachers nested in schools (the students × teachers × schools shape).
                int nst = 150, nt = 30, nsch = 6;
                n = nst + nt + nsch;
                for (int o = 0; o < 600; o++)
                {
                    int s = rng.Next(nst), t = rng.Next(nt);
                    Observation((s, 0.9), (nst + t, 1.4), (nst + nt + t % nsch, 0.6));
                }
                break;
            }
            case "crossed-dense":
            {
                // InstEval in miniature: the small factor fills in completely, one supernode wider than the kernels'
                // blocks (48 columns), so the blocked paths of the factor and of the selected inverse run.
                int ns = 260, nd = 110;
                n = ns + nd;
                for (int o = 0; o < 2600; o++)
                {
                    int s = o % ns, d = rng.Next(nd);
                    Observation((s, 0.5 + 0.001 * s), (ns + d, 0.6 + 0.002 * d));
                }
                break;
            }
            default:
            {
                int ng = 80;
                n = ng;
                for (int o = 0; o < 400; o++) Observation((rng.Next(ng), 1.1));
                break;
            }
        }
        for (int i = 0; i < n; i++) { rows.Add(i); cols.Add(i); vals.Add(1); }
        return SymmetricSparseMatrix.FromTriplets(n, rows.ToArray(), cols.ToArray(), vals.ToArray());
    }

    /// <summary>Row-major dense copy of the symmetric matrix, optionally permuted (new → old).</summary>
    public static double[] Dense(SymmetricSparseMatrix m, int[]? perm = null)
    {
        int n = m.Order;
        var inv = new int[n];
        for (int k = 0; k < n; k++) inv[perm is null ? k : perm[k]] = k;
        var a = new double[n * n];
        for (int j = 0; j < n; j++)
            for (int p = m.ColumnStarts[j]; p < m.ColumnStarts[j + 1]; p++)
            {
                int r = inv[m.RowIndices[p]], c = inv[j];
                a[r * n + c] = m.Values[p];
                a[c * n + r] = m.Values[p];
            }
        return a;
    }

    /// <summary>Row-major dense L from the supernodal storage.</summary>
    public static double[] DenseFactor(SupernodalCholesky factor)
    {
        var sym = factor.Symbolic;
        int n = sym.Order;
        var l = new double[n * n];
        for (int s = 0; s < sym.SupernodeCount; s++)
        {
            int f = sym.SupernodeStart[s], c = sym.SupernodeStart[s + 1] - f;
            int r0 = sym.RowStart[s], m = sym.RowStart[s + 1] - r0;
            for (int j = 0; j < c; j++)
                for (int t = j; t < m; t++)
                    l[sym.Rows[r0 + t] * n + f + j] = factor.Values[(int)sym.ValueStart[s] + j * m + t];
        }
        return l;
    }

    /// <summary>Dense inverse of the row-major SPD matrix by its Cholesky factor.</summary>
    public static double[] DenseInverse(double[] a, int n)
    {
        var l = (double[])a.Clone();
        if (!DenseMath.Cholesky(l, n)) throw new InvalidOperationException("not SPD");
        var inv = new double[n * n];
        var e = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            DenseMath.ForwardSolve(l, n, e);
            DenseMath.BackSolveTransposed(l, n, e);
            for (int i = 0; i < n; i++) inv[i * n + j] = e[i];
        }
        return inv;
    }

    public static double MaxAbs(ReadOnlySpan<double> a)
    {
        double m = 0;
        foreach (double v in a) m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
