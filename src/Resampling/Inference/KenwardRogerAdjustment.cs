using Resampling.Engine;
using Resampling.Model;
using Resampling.Numerics;

namespace Resampling.Inference;

/// <summary>
/// pbkrtest's Kenward–Roger adjustment (vcovAdj, Lb_ddf, KRmodcomp), for REML fits. The marginal covariance is
/// V = Σ_r γ_r G_r + σ²I with γ the variances and covariances of each random-effects term (lower triangle, column by
/// column, terms in lme4's order) and G_r = Z E_r Z' their derivative matrices. Everything KR needs is a sum over the
/// blocks on which V is block diagonal: the connected components of rows linked by any shared grouping level (one
/// per school in HSB). Within a block G_r = Z_c D_r Z_c', so the n_c×n_c work is one Cholesky inverse of V_c and the
/// rest is done on the q_c random-effect columns of the block. Crossed factors make one dense block of all their rows:
/// fine for hundreds or a few thousand rows, refused beyond <see cref="MaxBlockRows"/>.
/// Maths: docs/inference.md §2.
/// </summary>
internal sealed class KenwardRogerAdjustment
{
    public const int MaxBlockRows = 4000;

    private readonly double[,] _phi;
    private readonly double[][,] _p;
    private readonly double[,] _w;

    public KenwardRogerAdjustment(LinearMixedModel m)
    {
        if (!m.Reml) throw new ModelException("Kenward-Roger's method is only available for REML model fits.");
        // Its traces run over the n rows (tr of products with the n × n identity), which pseudo-rows do not reproduce.
        if (m.Design.FromCrossproducts)
            throw new ModelException("Kenward-Roger's method needs the data rows, not cross-products: use Satterthwaite's (the default) or fit with --data.");
        var design = m.Design;
        var terms = design.Terms;
        int p = m.FixedEffects.Count;
        var pars = new List<(int Term, int A, int B)>();
        for (int k = 0; k < terms.Count; k++)
            for (int c = 0; c < terms[k].ColumnCount; c++)
                for (int r = c; r < terms[k].ColumnCount; r++) pars.Add((k, r, c));
        int g = pars.Count + 1;
        _phi = m.FixedCovariance.ToArray();

        var pp = new double[g][,];
        for (int r = 0; r < g; r++) pp[r] = new double[p, p];
        var qq = new double[g, g][,];
        for (int r = 0; r < g; r++) for (int s = r; s < g; s++) qq[r, s] = new double[p, p];
        var kt = new double[g, g];

        double s2 = m.Sigma * m.Sigma;
        foreach (var rows in Components(terms, design.RowCount))
        {
            if (rows.Length > MaxBlockRows)
                throw new ModelException($"Kenward-Roger's method needs a dense {rows.Length}×{rows.Length} block of the marginal covariance (crossed grouping factors); the limit is {MaxBlockRows} rows. Use Satterthwaite's method.");
            AccumulateBlock(m, pars, rows, s2, pp, qq, kt);
        }

        // pbkrtest's IE2 (expected information of γ), W = 2·IE2⁻¹, then Φ_A = Φ + 2Φ U Φ.
        var ie2 = new double[g, g];
        var phiP = pp.Select(x => Linear.Multiply(_phi, x)).ToArray();
        for (int r = 0; r < g; r++)
            for (int s = r; s < g; s++)
                ie2[r, s] = ie2[s, r] = kt[r, s] - 2 * Linear.TraceOfProduct(_phi, qq[r, s]) + Linear.TraceOfProduct(phiP[r], phiP[s]);
        _w = Linear.SymmetricInverse(ie2, 1e-10);
        for (int r = 0; r < g; r++) for (int s = 0; s < g; s++) _w[r, s] *= 2;

        var upper = new double[p, p];
        var diag = new double[p, p];
        for (int r = 0; r < g; r++)
            for (int s = r; s < g; s++)
            {
                var prp = Linear.Multiply(Linear.Multiply(pp[r], _phi), pp[s]);
                var target = r == s ? diag : upper;
                for (int a = 0; a < p; a++)
                    for (int b = 0; b < p; b++) target[a, b] += _w[r, s] * (qq[r, s][a, b] - prp[a, b]);
            }
        var uu = new double[p, p];
        for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) uu[a, b] = upper[a, b] + upper[b, a] + diag[a, b];
        var adj = Linear.Multiply(Linear.Multiply(_phi, uu), _phi);
        var phiA = new double[p, p];
        for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) phiA[a, b] = _phi[a, b] + 2 * adj[a, b];
        AdjustedCovariance = phiA;
        _p = pp;
    }

    /// <summary>pbkrtest's vcovAdj: the Kenward–Roger adjusted covariance of β̂.</summary>
    public double[,] AdjustedCovariance { get; }

    /// <summary>Variance of Lβ̂ under the adjusted covariance and its KR df (lmerTest's get_KR1D).</summary>
    public (double Variance, double Df) Contrast(double[] l)
    {
        var (_, _, df) = Statistics([l]);
        return (Linear.QuadraticForm(l, AdjustedCovariance), df);
    }

    /// <summary>
    /// KR F test of Lβ = 0 (pbkrtest's KRmodcomp with a restriction matrix): the unscaled F (Wald statistic with the
    /// adjusted covariance over q), the scaling factor, q and the denominator df.
    /// </summary>
    public (double FUnscaled, double Scaling, int NumDf, double DenDf) FTest(double[][] l, double[] beta)
    {
        var (a2, q, df2) = Statistics(l);
        double scaling = Math.Abs(df2 - 2) < 0.01 ? 1 : df2 * (1 - a2 / q) / (df2 - 2);
        var lb = l.Select(r => DenseMath.Dot(r, beta)).ToArray();
        var lal = Sandwich(l, AdjustedCovariance);
        var inv = Linear.SymmetricInverse(lal, 0);
        double wald = Linear.QuadraticForm(lb, inv);
        return (wald / q, scaling, q, df2);
    }

    /// <summary>pbkrtest's A1, A2 and the df of .KR_adjust / Lb_ddf for a full-row-rank L.</summary>
    private (double A2, int Q, double Df) Statistics(double[][] l)
    {
        int p = _phi.GetLength(0), q = l.Length;
        var lphil = Sandwich(l, _phi);
        var inv = Linear.SymmetricInverse(lphil, 0);
        // Θ = L'(LΦL')⁻¹L
        var theta = new double[p, p];
        for (int a = 0; a < q; a++)
            for (int b = 0; b < q; b++)
                for (int i = 0; i < p; i++)
                    for (int j = 0; j < p; j++) theta[i, j] += l[a][i] * inv[a, b] * l[b][j];
        var thetaPhi = Linear.Multiply(theta, _phi);
        var u = _p.Select(pr => Linear.Multiply(Linear.Multiply(thetaPhi, pr), _phi)).ToArray();
        double a1 = 0, a2 = 0;
        int g = _p.Length;
        for (int i = 0; i < g; i++)
            for (int j = i; j < g; j++)
            {
                double e = i == j ? 1 : 2;
                a1 += e * _w[i, j] * Linear.Trace(u[i]) * Linear.Trace(u[j]);
                a2 += e * _w[i, j] * Linear.TraceOfProduct(u[i], u[j]);
            }
        double bb = (a1 + 6 * a2) / (2 * q);
        double gg = ((q + 1) * a1 - (q + 4) * a2) / ((q + 2) * a2);
        double den = 3 * q + 2 * (1 - gg);
        double c1 = gg / den, c2 = (q - gg) / den, c3 = (q + 2 - gg) / den;
        double v0 = 1 + c1 * bb, v1 = 1 - c2 * bb, v2 = 1 - c3 * bb;
        if (Math.Abs(v0) < 1e-10) v0 = 0;
        double x = 1 - a2 / q;
        double ratio = Math.Abs(x) < 1e-14 && Math.Abs(v1) < 1e-14 ? 1 : x / v1;
        double rho = ratio * ratio * v0 / v2 / q;
        double df2 = 4 + (q + 2) / (q * rho - 1);
        return (a2, q, df2);
    }

    private static double[,] Sandwich(double[][] l, double[,] v)
    {
        int q = l.Length;
        var r = new double[q, q];
        for (int a = 0; a < q; a++)
            for (int b = 0; b < q; b++)
            {
                double s = 0;
                for (int i = 0; i < l[a].Length; i++)
                    for (int j = 0; j < l[b].Length; j++) s += l[a][i] * v[i, j] * l[b][j];
                r[a, b] = s;
            }
        return r;
    }

    /// <summary>Rows grouped into the connected components of the graph joining rows that share a level of any term.</summary>
    internal static List<int[]> Components(IReadOnlyList<RandomEffectsTerm> terms, int n)
    {
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int i)
        {
            while (parent[i] != i) { parent[i] = parent[parent[i]]; i = parent[i]; }
            return i;
        }
        foreach (var t in terms)
        {
            var first = new int[t.LevelCount];
            Array.Fill(first, -1);
            for (int i = 0; i < n; i++)
            {
                int l = t.GroupIndex[i];
                if (first[l] < 0) { first[l] = i; continue; }
                int a = Find(first[l]), b = Find(i);
                if (a != b) parent[b] = a;
            }
        }
        return Enumerable.Range(0, n).GroupBy(Find).Select(grp => grp.ToArray()).ToList();
    }

    private static void AccumulateBlock(LinearMixedModel m, List<(int Term, int A, int B)> pars, int[] rows, double s2,
        double[][,] pp, double[,][,] qq, double[,] kt)
    {
        var terms = m.Design.Terms;
        int nc = rows.Length, p = m.FixedEffects.Count, g = pars.Count + 1;
        // Local random-effect columns: (term, level) → offset of its block of ColumnCount columns.
        var offsets = new Dictionary<(int, int), int>();
        int qc = 0;
        foreach (var i in rows)
            for (int k = 0; k < terms.Count; k++)
                if (!offsets.ContainsKey((k, terms[k].GroupIndex[i]))) { offsets[(k, terms[k].GroupIndex[i])] = qc; qc += terms[k].ColumnCount; }
        var z = new double[nc, qc];
        for (int r = 0; r < nc; r++)
            for (int k = 0; k < terms.Count; k++)
            {
                int o = offsets[(k, terms[k].GroupIndex[rows[r]])];
                for (int c = 0; c < terms[k].ColumnCount; c++) z[r, o + c] = terms[k].Columns[c][rows[r]];
            }
        var dg = new double[qc, qc];
        foreach (var ((k, _), o) in offsets)
        {
            var cov = m.Covariances[k].Covariance;
            for (int a = 0; a < terms[k].ColumnCount; a++)
                for (int b = 0; b < terms[k].ColumnCount; b++) dg[o + a, o + b] = cov[a, b];
        }
        // V_c = σ²I + Z Dγ Z', then S = V_c⁻¹ through its Cholesky factor.
        var zd = Linear.Multiply(z, dg);
        var v = new double[nc * nc];
        for (int a = 0; a < nc; a++)
            for (int b = 0; b <= a; b++)
            {
                double s = a == b ? s2 : 0;
                for (int c = 0; c < qc; c++) s += zd[a, c] * z[b, c];
                v[a * nc + b] = s;
            }
        if (!DenseMath.Cholesky(v, nc)) throw new ModelException("Kenward-Roger's method failed: the marginal covariance is not positive definite.");
        var li = DenseMath.InvertLower(v, nc);
        var sInv = new double[nc, nc];
        for (int a = 0; a < nc; a++)
            for (int b = 0; b <= a; b++)
            {
                double s = 0;
                for (int k = a; k < nc; k++) s += li[k * nc + a] * li[k * nc + b];
                sInv[a, b] = sInv[b, a] = s;
            }
        var x = new double[nc, p];
        for (int r = 0; r < nc; r++) for (int c = 0; c < p; c++) x[r, c] = m.Design.X.Columns[c][rows[r]];
        var tt = Linear.Multiply(sInv, x);              // S X
        var zt = Transpose(z);
        var cz = Linear.Multiply(zt, sInv);              // Z'S
        var b0 = Linear.Multiply(zt, tt);                // Z'SX
        var mm = Linear.Multiply(cz, z);                 // Z'SZ
        var ccT = Linear.Multiply(cz, Transpose(cz));    // Z'SSZ
        var cTT = Linear.Multiply(cz, tt);               // Z'SSX
        var ttT = Transpose(tt);

        // D_r as index pairs; F_r = D_r B; N_r = D_r M.
        int np = pars.Count;
        var pairs = new List<(int, int)>[np];
        for (int r = 0; r < np; r++)
        {
            var (k, a, b) = pars[r];
            var list = new List<(int, int)>();
            foreach (var ((kk, _), o) in offsets)
            {
                if (kk != k) continue;
                list.Add((o + a, o + b));
                if (a != b) list.Add((o + b, o + a));
            }
            pairs[r] = list;
        }
        var f = new double[np][,];
        var nmat = new double[np][,];
        for (int r = 0; r < np; r++)
        {
            f[r] = new double[qc, p];
            nmat[r] = new double[qc, qc];
            foreach (var (i, j) in pairs[r])
            {
                for (int c = 0; c < p; c++) f[r][i, c] += b0[j, c];
                for (int c = 0; c < qc; c++) nmat[r][i, c] += mm[j, c];
            }
        }
        for (int r = 0; r < np; r++)
        {
            var ft = Transpose(f[r]);
            var pr = Linear.Multiply(Transpose(b0), f[r]);   // B' D_r B
            Add(pp[r], pr, -1);
            var ftm = Linear.Multiply(ft, mm);
            for (int s = r; s < np; s++)
            {
                Add(qq[r, s], Linear.Multiply(ftm, f[s]), 1);
                kt[r, s] += Linear.TraceOfProduct(nmat[r], nmat[s]);
            }
            Add(qq[r, np], Linear.Multiply(ft, cTT), 1);
            double tr = 0;
            foreach (var (i, j) in pairs[r]) tr += ccT[j, i];
            kt[r, np] += tr;
        }
        Add(pp[np], Linear.Multiply(ttT, tt), -1);
        Add(qq[np, np], Linear.Multiply(Linear.Multiply(ttT, sInv), tt), 1);
        double ss = 0;
        foreach (var e in sInv) ss += e * e;
        kt[np, np] += ss;
        for (int r = 0; r < g; r++) for (int s = 0; s < r; s++) kt[r, s] = kt[s, r];
    }

    private static double[,] Transpose(double[,] a)
    {
        int n = a.GetLength(0), m = a.GetLength(1);
        var t = new double[m, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) t[j, i] = a[i, j];
        return t;
    }

    private static void Add(double[,] target, double[,] x, double factor)
    {
        for (int i = 0; i < target.GetLength(0); i++)
            for (int j = 0; j < target.GetLength(1); j++) target[i, j] += factor * x[i, j];
    }
}
