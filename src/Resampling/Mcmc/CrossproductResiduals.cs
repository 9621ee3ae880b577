using Resampling.Engine;

namespace Resampling.Mcmc;

/// <summary>
/// Quadratic and bilinear forms over the precomputed cross-products of [Z X y], so that no sampler step touches the n
/// rows. Random-effect vectors come in the engine's layout: d1 for the first block (level-major), d2 for the others.
/// ‖y − Xβ − Zb‖² = g'[X y]'[X y]g + 2b'Z'[X y]g + b'Z'Zb with g = [β; −1], i.e. y'y − 2γ'W'y + γ'W'Wγ for W = [Z X],
/// γ = [b; β]. Each form costs O(ℓ·p1·(p1 + p) + q_rest·(q_rest + ℓ·p1)).
/// Maths: docs/mcmc.md §2.
/// </summary>
internal static class CrossproductResiduals
{
    public static double SumOfSquares(Crossproducts cp, ReadOnlySpan<double> beta, ReadOnlySpan<double> b1, ReadOnlySpan<double> b2)
    {
        int w = cp.P + 1;
        Span<double> g = w <= 64 ? stackalloc double[w] : new double[w];
        FillG(beta, g);
        double s = 0;
        var xy = cp.XyXy;
        for (int a = 0; a < w; a++)
        {
            double row = 0;
            for (int c = 0; c < w; c++) row += xy[a * w + c] * g[c];
            s += g[a] * row;
        }
        return s + 2 * EffectsTimesXy(cp, b1, b2, g) + ZtZ(cp, b1, b2, b1, b2);
    }

    /// <summary>(Z d)'(y − Xβ − Zb): the inner product of the fit of d with the residual at (β, b).</summary>
    public static double ResidualInner(Crossproducts cp, ReadOnlySpan<double> beta, ReadOnlySpan<double> b1, ReadOnlySpan<double> b2,
        ReadOnlySpan<double> d1, ReadOnlySpan<double> d2)
    {
        int w = cp.P + 1;
        Span<double> g = w <= 64 ? stackalloc double[w] : new double[w];
        FillG(beta, g);
        // (Zd)'(y − Xβ) = −d'Z'[X y]g
        return -EffectsTimesXy(cp, d1, d2, g) - ZtZ(cp, d1, d2, b1, b2);
    }

    private static void FillG(ReadOnlySpan<double> beta, Span<double> g)
    {
        beta.CopyTo(g);
        g[beta.Length] = -1;
    }

    /// <summary>d'Z'[X y]g.</summary>
    public static double EffectsTimesXy(Crossproducts cp, ReadOnlySpan<double> d1, ReadOnlySpan<double> d2, ReadOnlySpan<double> g)
    {
        int w = cp.P + 1, p1 = cp.P1, qr = cp.QRest;
        var zx = cp.ZXy1;
        double s = 0;
        for (int i = 0; i < d1.Length; i++)
        {
            double da = d1[i];
            if (da == 0) continue;
            double cross = 0;
            int o = i * w;
            for (int k = 0; k < w; k++) cross += zx[o + k] * g[k];
            s += da * cross;
        }
        var zrxy = cp.ZrXy;
        for (int r = 0; r < qr; r++)
        {
            double dr = d2[r];
            if (dr == 0) continue;
            double cross = 0;
            for (int k = 0; k < w; k++) cross += zrxy[r * w + k] * g[k];
            s += dr * cross;
        }
        return s;
    }

    /// <summary>
    /// d'Z'Z e for two random-effect vectors d = (d1, d2), e = (e1, e2). The scale moves' vectors hold one term's column
    /// and zeros elsewhere: a part of the sum whose every product has a zero factor (d2 or e2 all zero, or a cross term's
    /// first-block half) is skipped. That leaves the sum's bits as they were: for finite values such products are ±0,
    /// and adding ±0 to a running sum that started at +0 never changes it (the sum is never −0).
    /// </summary>
    public static double ZtZ(Crossproducts cp, ReadOnlySpan<double> d1, ReadOnlySpan<double> d2, ReadOnlySpan<double> e1, ReadOnlySpan<double> e2)
    {
        int p1 = cp.P1, qr = cp.QRest;
        var zz = cp.ZZ1;
        double s = 0;
        for (int j = 0; j < cp.L1; j++)
        {
            int o = j * p1;
            for (int a = 0; a < p1; a++)
            {
                double da = d1[o + a];
                if (da == 0) continue;
                double t = 0;
                for (int c = 0; c < p1; c++) t += zz[(o + a) * p1 + c] * e1[o + c];
                s += da * t;
            }
        }
        if (qr == 0) return s;
        bool dRestZero = IsZero(d2), eRestZero = d2 == e2 ? dRestZero : IsZero(e2);
        bool dFirstZero = IsZero(d1), eFirstZero = d1 == e1 ? dFirstZero : IsZero(e1);
        var rest = cp.Rest;
        if (!dRestZero && !eRestZero)
        {
            // Zr'Zr by pairs of rest levels (u ≥ v): both triangles of an off-diagonal pair.
            var zrzr = cp.ZrZr;
            for (int u = 0; u < rest.LevelCount; u++)
            {
                int su = rest.LevelSize(u), ru = rest.LevelRow[u];
                for (int k = rest.PairStart[u]; k < rest.PairStart[u + 1]; k++)
                {
                    int v = rest.PairLevel[k], sv = rest.LevelSize(v), rv = rest.LevelRow[v], o = rest.PairValueStart[k];
                    for (int a = 0; a < su; a++)
                        for (int b = 0; b < sv; b++)
                        {
                            double m = zrzr[o + a * sv + b];
                            s += d2[ru + a] * m * e2[rv + b];
                            if (u != v) s += d2[rv + b] * m * e2[ru + a];
                        }
                }
            }
        }
        // Cross terms between the first block and the others, both ways, on the rows each level touches: per row
        // d2_r·(m'e1_j) + e2_r·(m'd1_j), a half zero when its rest factor or its first-block vector is.
        bool deZero = dRestZero || eFirstZero, edZero = eRestZero || dFirstZero;
        if (deZero && edZero) return s;
        var zrz1 = cp.ZrZ1;
        var firstRowStart = rest.FirstRowStart;
        var firstRows = rest.FirstRows;
        for (int j = 0; j < cp.L1; j++)
            for (int t = firstRowStart[j]; t < firstRowStart[j + 1]; t++)
            {
                int r = firstRows[t];
                if (edZero)
                {
                    double dr = d2[r];
                    if (dr == 0) continue;
                    double de = 0;
                    for (int c = 0; c < p1; c++) de += zrz1[t * p1 + c] * e1[j * p1 + c];
                    s += dr * de;
                }
                else if (deZero)
                {
                    double er = e2[r];
                    if (er == 0) continue;
                    double ed = 0;
                    for (int c = 0; c < p1; c++) ed += zrz1[t * p1 + c] * d1[j * p1 + c];
                    s += er * ed;
                }
                else
                {
                    double de = 0, ed = 0;
                    for (int c = 0; c < p1; c++)
                    {
                        double m = zrz1[t * p1 + c];
                        de += m * e1[j * p1 + c];
                        ed += m * d1[j * p1 + c];
                    }
                    s += d2[r] * de + e2[r] * ed;
                }
            }
        return s;
    }

    /// <summary>Whether every entry is zero (±0; a NaN is not).</summary>
    private static bool IsZero(ReadOnlySpan<double> v)
    {
        foreach (double x in v)
            if (x != 0) return false;
        return true;
    }
}
