using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Resampling.Numerics;
namespace Resampling.Engine;

/// <summary>
/// Solves with the factor at its last θ: β̂ and the modes u (<see cref="Solve"/>), u given β (with or without noise),
/// the unscaled covariance of β̂ and the conditional covariances of the random effects.
/// </summary>
internal sealed partial class PlsFactor
{
    /// <summary>β̂ and the spherical random effects u at the last factored θ.</summary>
    public (double[] Beta, double[] U1, double[] URest) Solve()
    {
        if (!Ok) throw new InvalidOperationException("The factorisation failed at this θ.");
        var beta = new double[_cp.P];
        FixedEffects(beta);
        var u1 = new double[_cp.Q1];
        var u2 = new double[_cp.QRest];
        BackSubstituteEffects(beta, 0, [], [], u1, u2);
        return (beta, u1, u2);
    }

    /// <summary>β̂ from the last factorisation into a caller-owned buffer: R_X' β̂ = l_yX.</summary>
    public void FixedEffects(Span<double> beta)
    {
        int p = _cp.P, w = p + 1;
        for (int i = p - 1; i >= 0; i--)
        {
            double s = _l33[p * w + i];
            for (int k = i + 1; k < p; k++) s -= _l33[k * w + i] * beta[k];
            beta[i] = s / _l33[i * w + i];
        }
    }

    /// <summary>
    /// Spherical random effects u given β: the conditional mean L_Z'⁻¹(c − L_XZ'β) plus σ·L_Z'⁻¹z, which has covariance
    /// σ²(Λ'Z'ZΛ + I)⁻¹. With σ = 0 (or z = 0) this is the PLS solution at this θ with β held fixed; at β̂ it is
    /// <see cref="Solve"/>'s u. z1 has Q1 values, z2 QRest.
    /// </summary>
    public (double[] U1, double[] URest) ConditionalEffects(ReadOnlySpan<double> beta, double sigma, ReadOnlySpan<double> z1, ReadOnlySpan<double> z2)
    {
        if (!Ok) throw new InvalidOperationException("The factorisation failed at this θ.");
        var u1 = new double[_cp.Q1];
        var u2 = new double[_cp.QRest];
        BackSubstituteEffects(beta, sigma, z1, z2, u1, u2);
        return (u1, u2);
    }

    /// <summary>
    /// Solves L_Z' u = l_y − L_XZ' β + σ z for u (the rest blocks first, then the first block level by level), into
    /// caller-owned buffers; empty z means z = 0 (<see cref="Solve"/>). No allocation: the sampler calls this once per
    /// iteration.
    /// </summary>
    internal void BackSubstituteEffects(ReadOnlySpan<double> beta, double sigma, ReadOnlySpan<double> z1, ReadOnlySpan<double> z2,
        Span<double> u1, Span<double> u2) => BackSubstituteEffects(beta, sigma, z1, z2, u1, u2, [], []);

    /// <summary>
    /// As above, with the response's column l_y = L_Z⁻¹Λ'Z'y given (<paramref name="ly1"/>: Q1 values, <paramref name="ly2"/>:
    /// QRest; from <see cref="ResponseColumn"/>) instead of this factor's own; empty means this factor's.
    /// </summary>
    internal void BackSubstituteEffects(ReadOnlySpan<double> beta, double sigma, ReadOnlySpan<double> z1, ReadOnlySpan<double> z2,
        Span<double> u1, Span<double> u2, ReadOnlySpan<double> ly1, ReadOnlySpan<double> ly2)
    {
        var cp = _cp;
        int p = cp.P, w = p + 1, p1 = cp.P1, qr = cp.QRest;
        bool own = ly1.IsEmpty;
        for (int r = 0; r < qr; r++)
        {
            double s = own ? _l32[p * qr + r] : ly2[r];
            if (!z2.IsEmpty) s += sigma * z2[r];
            for (int k = 0; k < p; k++) s -= _l32[k * qr + r] * beta[k];
            u2[r] = s;
        }
        if (qr > 0) BackSolveRestTransposed(u2);
        if (p1 == 1)
        {
            BackSubstituteScalarFirst(beta, sigma, z1, u1, u2, ly1);
            return;
        }

        for (int j = 0; j < cp.L1; j++)
        {
            var c = u1.Slice(j * p1, p1);
            int o31 = j * w * p1, r0 = qr == 0 ? 0 : cp.Rest.FirstRowStart[j], nr = qr == 0 ? 0 : cp.Rest.FirstRowStart[j + 1] - r0;
            var rows = cp.Rest.FirstRows;
            for (int a = 0; a < p1; a++)
            {
                double s = own ? _l31[o31 + p * p1 + a] : ly1[j * p1 + a];
                if (!z1.IsEmpty) s += sigma * z1[j * p1 + a];
                for (int k = 0; k < p; k++) s -= _l31[o31 + k * p1 + a] * beta[k];
                for (int t = 0; t < nr; t++) s -= _l21[(r0 + t) * p1 + a] * u2[rows[r0 + t]];
                c[a] = s;
            }
            if (p1 == 1) c[0] /= _l11[j];
            else DenseMath.BackSolveTransposed(_l11.AsSpan(j * p1 * p1, p1 * p1), p1, c);
        }
    }

    /// <summary>
    /// The first block's part of the effects' back-substitution for a scalar first block (a random intercept: one
    /// student per level, 10,645 on the Tennessee design, once per posterior draw) without the general loop's slicing:
    /// the same products and differences in the same order, so the same bits.
    /// </summary>
    private void BackSubstituteScalarFirst(ReadOnlySpan<double> beta, double sigma, ReadOnlySpan<double> z1, Span<double> u1,
        ReadOnlySpan<double> u2, ReadOnlySpan<double> ly1)
    {
        var cp = _cp;
        int p = cp.P, w = p + 1, l1 = cp.L1, qr = cp.QRest;
        if (u1.Length < l1 || _l31.Length < l1 * w || _l11.Length < l1 || beta.Length < p || (!z1.IsEmpty && z1.Length < l1))
            throw new InvalidOperationException("The buffers do not match the factor's layout.");
        ref double l31 = ref MemoryMarshal.GetArrayDataReference(_l31);
        ref double l11 = ref MemoryMarshal.GetArrayDataReference(_l11);
        ref double b = ref MemoryMarshal.GetReference(beta);
        ref double u = ref MemoryMarshal.GetReference(u1);
        bool noise = !z1.IsEmpty, own = ly1.IsEmpty;
        if (!own && ly1.Length < l1) throw new InvalidOperationException("The response column does not match the factor's layout.");
        var firstRowStart = qr > 0 ? cp.Rest.FirstRowStart : null;
        var rows = firstRowStart is null ? [] : cp.Rest.FirstRows;
        var l21 = _l21;
        for (int j = 0; j < l1; j++)
        {
            ref double l31j = ref Unsafe.Add(ref l31, j * w);
            double s = own ? Unsafe.Add(ref l31j, p) : ly1[j];
            if (noise) s += sigma * z1[j];
            for (int k = 0; k < p; k++) s -= Unsafe.Add(ref l31j, k) * Unsafe.Add(ref b, k);
            if (firstRowStart is not null)
                for (int t = firstRowStart[j], end = firstRowStart[j + 1]; t < end; t++) s -= l21[t] * u2[rows[t]];
            Unsafe.Add(ref u, j) = s / Unsafe.Add(ref l11, j);
        }
    }

    /// <summary>
    /// The response's column of this factor, l_y = L_Z⁻¹Λ'Z'y, for the response of <paramref name="other"/>: cross-products
    /// of the same design (the same X and Z, another y), at this factor's θ. L_Z and L_XZ depend on θ and the design only,
    /// so a factor made on one response serves another through this forward solve (L11 level by level, then the rest
    /// blocks' L22) instead of a second factorisation: the type III bootstrap draws the effects given the ORIGINAL y at
    /// a refit's θ* with the refit's own factor, made on y*.
    /// </summary>
    internal void ResponseColumn(Crossproducts other, Span<double> ly1, Span<double> ly2)
    {
        if (!Ok) throw new InvalidOperationException("The factorisation failed at this θ.");
        var cp = _cp;
        if (!ReferenceEquals(other.Design, cp.Design) || other.ZXy1.Length != cp.ZXy1.Length || other.ZrXy.Length != cp.ZrXy.Length)
            throw new ArgumentException("The cross-products are not of this factor's design.", nameof(other));
        int p = cp.P, w = p + 1, p1 = cp.P1, qr = cp.QRest;
        var t1 = _t[0];
        for (int j = 0; j < cp.L1; j++)
        {
            var c = ly1.Slice(j * p1, p1);
            var zxy = other.ZXy1.AsSpan(j * p1 * w, p1 * w);
            if (p1 == 1)
            {
                c[0] = zxy[p] * t1[0] / _l11[j];
                continue;
            }
            for (int b = 0; b < p1; b++)
            {
                double s = 0;
                for (int a = 0; a < p1; a++) s += zxy[a * w + p] * t1[a * p1 + b];
                c[b] = s;
            }
            DenseMath.ForwardSolve(_l11.AsSpan(j * p1 * p1, p1 * p1), p1, c);
        }
        if (qr == 0) return;
        // Λr'Zr'y − Σ_j L21_j l_y1,j, then L22⁻¹ (as the factor's L32 row of y).
        for (int r = 0; r < qr; r++) ly2[r] = other.ZrXy[r * w + p];
        ApplyRestTransposeToRows(ly2, 1);
        var rest = cp.Rest;
        for (int j = 0; j < cp.L1; j++)
        {
            int r0 = rest.FirstRowStart[j], nr = rest.FirstRowStart[j + 1] - r0;
            for (int t = 0; t < nr; t++)
            {
                double s = 0;
                for (int a = 0; a < p1; a++) s += _l21[(r0 + t) * p1 + a] * ly1[j * p1 + a];
                ly2[rest.FirstRows[r0 + t]] -= s;
            }
        }
        ForwardSolveRest(ly2);
    }

    /// <summary>(R_X'R_X)⁻¹, the unscaled covariance of β̂ at the last factored θ.</summary>
    public double[] UnscaledFixedCovariance() => DenseMath.InverseFromCholesky(FixedFactor(), _cp.P);

    /// <summary>
    /// Diagonal blocks of (L_Z L_Z')⁻¹ = (Λ'Z'ZΛ + I)⁻¹ per level of each block, as lme4's condVar uses them (β held fixed):
    /// result[b][level] is a Size×Size row-major matrix on the spherical scale.
    /// </summary>
    public double[][][] SphericalConditionalCovariances()
    {
        // Sparse path: from the selected inverse, not one solve with L22 per level (docs/engine.md §7).
        if (_sparse is not null) return SelectedConditionalCovariances();
        var cp = _cp;
        int p1 = cp.P1, qr = cp.QRest;
        var result = new double[cp.Blocks.Count][][];
        result[0] = new double[cp.L1][];
        var x1 = new double[p1 * p1];
        var x2 = new double[p1 * qr];
        for (int j = 0; j < cp.L1; j++)
        {
            var l11 = _l11.AsSpan(j * p1 * p1, p1 * p1);
            int r0 = qr == 0 ? 0 : cp.Rest.FirstRowStart[j], nr = qr == 0 ? 0 : cp.Rest.FirstRowStart[j + 1] - r0;
            var l21 = _l21.AsSpan(r0 * p1, nr * p1);
            // Columns of L_Z⁻¹ for this level: x1 = L11_j⁻¹ e_c, x2 = L22⁻¹ (−L21_j x1).
            for (int c = 0; c < p1; c++)
            {
                var e = x1.AsSpan(c * p1, p1);
                e.Clear();
                e[c] = 1;
                DenseMath.ForwardSolve(l11, p1, e);
                if (qr == 0) continue;
                var f = x2.AsSpan(c * qr, qr);
                f.Clear();
                for (int t = 0; t < nr; t++)
                {
                    double s = 0;
                    for (int a = 0; a < p1; a++) s -= l21[t * p1 + a] * e[a];
                    f[cp.Rest.FirstRows[r0 + t]] = s;
                }
                ForwardSolveRest(f);
            }
            var m = new double[p1 * p1];
            for (int a = 0; a < p1; a++)
                for (int b = 0; b < p1; b++)
                {
                    double s = 0;
                    for (int k = 0; k < p1; k++) s += x1[a * p1 + k] * x1[b * p1 + k];
                    for (int r = 0; r < qr; r++) s += x2[a * qr + r] * x2[b * qr + r];
                    m[a * p1 + b] = s;
                }
            result[0][j] = m;
        }
        for (int bi = 1; bi < cp.Blocks.Count; bi++)
        {
            var blk = cp.Blocks[bi];
            int size = blk.Size;
            result[bi] = new double[blk.LevelCount][];
            var cols = new double[size * qr];
            for (int l = 0; l < blk.LevelCount; l++)
            {
                int baseIndex = cp.RestOffsets[bi] + l * size;
                for (int c = 0; c < size; c++)
                {
                    var f = cols.AsSpan(c * qr, qr);
                    f.Clear();
                    f[baseIndex + c] = 1;
                    ForwardSolveRest(f);
                }
                var m = new double[size * size];
                for (int a = 0; a < size; a++)
                    for (int b = 0; b < size; b++)
                    {
                        double s = 0;
                        for (int r = 0; r < qr; r++) s += cols[a * qr + r] * cols[b * qr + r];
                        m[a * size + b] = s;
                    }
                result[bi][l] = m;
            }
        }
        return result;
    }

    /// <summary>R_X' (the top-left p×p of L33, lower), copied out.</summary>
    internal double[] FixedFactor()
    {
        int p = _cp.P, w = p + 1;
        var rx = new double[p * p];
        for (int a = 0; a < p; a++)
            for (int b = 0; b <= a; b++) rx[a * p + b] = _l33[a * w + b];
        return rx;
    }
}
