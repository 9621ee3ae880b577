using Resampling.Engine;
using Resampling.Model;
using Resampling.Numerics;

namespace Resampling.Inference;

/// <summary>
/// pbkrtest's Kenward–Roger adjustment (vcovAdj, Lb_ddf, KRmodcomp), for REML fits. The marginal covariance is
/// V = Σ_r γ_r G_r + σ²I with γ the variances and covariances of each random-effects term (lower triangle, column by
/// column, terms in lme4's order) and G_r = Z E_r Z' their derivative matrices. Everything KR needs is a sum over the
/// blocks on which V is block diagonal: the connected components of rows linked by any shared grouping level (one
/// per school in HSB). <see cref="KenwardRogerBlocks"/> reduces each block to its q_c random-effect columns through
/// the Woodbury identity (no n_c×n_c matrix), so the work is a few q_c³ per block; crossed factors make one block of
/// all their levels: fine for thousands of random effects, refused beyond <see cref="MaxBlockEffects"/>.
/// Maths: docs/inference.md §2.
/// </summary>
internal sealed class KenwardRogerAdjustment
{
    public const int MaxBlockEffects = 4000;

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
        var pars = Parameters(terms);
        int g = pars.Count + 1;
        _phi = m.FixedCovariance.ToArray();

        var blocks = new KenwardRogerBlocks(m, pars);
        foreach (var rows in Components(terms, design.RowCount))
        {
            int q = blocks.EffectCount(rows);
            if (q > MaxBlockEffects)
                throw new ModelException($"Kenward-Roger's method needs a dense {q}×{q} block of the random effects' covariance (crossed grouping factors); the limit is {MaxBlockEffects} random effects per block. Use Satterthwaite's method.");
            blocks.Add(rows);
        }
        blocks.Symmetrise();
        var (pp, qq, kt) = (blocks.P, blocks.Q, blocks.K);

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

    /// <summary>γ's entries as (term, row, column) of a term's covariance: lower triangles by column, terms in order.</summary>
    internal static List<(int Term, int A, int B)> Parameters(IReadOnlyList<RandomEffectsTerm> terms)
    {
        var pars = new List<(int Term, int A, int B)>();
        for (int k = 0; k < terms.Count; k++)
            for (int c = 0; c < terms[k].ColumnCount; c++)
                for (int r = c; r < terms[k].ColumnCount; r++) pars.Add((k, r, c));
        return pars;
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
}
