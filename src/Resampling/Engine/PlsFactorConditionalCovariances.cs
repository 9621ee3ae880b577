using Resampling.Numerics;
using Resampling.Numerics.Sparse;
namespace Resampling.Engine;

/// <summary>
/// The conditional covariances of the random effects on the sparse path, from the selected inverse of S instead of one
/// solve with L22 per level: with N_j = L21_j L11_j⁻¹ and t the rest rows level j of the first block touches,
/// (M⁻¹)_jj = M11_j⁻¹ + N_j' S⁻¹_tt N_j, and a rest level's block of M⁻¹ is its diagonal block of S⁻¹ (docs/engine.md §7,
/// §9). Both lie on S's pattern, so the whole set costs about one factorisation where the solves cost one per level
/// (10,000 students × a solve of order 1,300 on a students × teachers × schools design).
/// </summary>
internal sealed partial class PlsFactor
{
    private double[][][] SelectedConditionalCovariances()
    {
        var cp = _cp;
        var schur = cp.Schur!;
        var rest = cp.Rest;
        int p1 = cp.P1;
        var selected = new SelectedInverse(_sparse!);
        selected.Compute();
        var sInverse = new double[schur.Pattern.NonZeros];
        selected.OnMatrixPattern(sInverse);
        var result = new double[cp.Blocks.Count][][];
        result[0] = new double[cp.L1][];
        int maxTouched = 0;
        for (int j = 0; j < cp.L1; j++) maxTouched = Math.Max(maxTouched, rest.FirstRowStart[j + 1] - rest.FirstRowStart[j]);
        var stt = new double[maxTouched * maxTouched];
        var n = new double[maxTouched * p1];
        var sn = new double[maxTouched * p1];
        var e = new double[p1];
        for (int j = 0; j < cp.L1; j++)
        {
            int r0 = rest.FirstRowStart[j], nt = rest.FirstRowStart[j + 1] - r0, pos = schur.CliqueStart[j];
            var l11 = _l11.AsSpan(j * p1 * p1, p1 * p1);
            for (int ia = 0; ia < nt; ia++)
                for (int ib = 0; ib <= ia; ib++)
                {
                    double v = sInverse[schur.CliquePositions[pos++]];
                    stt[ia * nt + ib] = v;
                    stt[ib * nt + ia] = v;
                }
            // N's rows n_t = L11_j⁻ᵀ l21_t, then S⁻¹_tt N.
            _l21.AsSpan(r0 * p1, nt * p1).CopyTo(n);
            for (int t = 0; t < nt; t++) DenseMath.BackSolveTransposed(l11, p1, n.AsSpan(t * p1, p1));
            for (int ia = 0; ia < nt; ia++)
                for (int c = 0; c < p1; c++)
                {
                    double s = 0;
                    for (int ib = 0; ib < nt; ib++) s += stt[ia * nt + ib] * n[ib * p1 + c];
                    sn[ia * p1 + c] = s;
                }
            var m = new double[p1 * p1];
            for (int c = 0; c < p1; c++)
            {
                // Column c of M11_j⁻¹ = L11⁻ᵀL11⁻¹.
                Array.Clear(e);
                e[c] = 1;
                DenseMath.ForwardSolve(l11, p1, e);
                DenseMath.BackSolveTransposed(l11, p1, e);
                for (int a = 0; a < p1; a++)
                {
                    double s = e[a];
                    for (int t = 0; t < nt; t++) s += n[t * p1 + a] * sn[t * p1 + c];
                    m[a * p1 + c] = s;
                }
            }
            result[0][j] = m;
        }
        for (int bi = 1; bi < cp.Blocks.Count; bi++)
        {
            var blk = cp.Blocks[bi];
            int size = blk.Size;
            result[bi] = new double[blk.LevelCount][];
            for (int l = 0; l < blk.LevelCount; l++)
            {
                int baseIndex = cp.RestOffsets[bi] + l * size;
                var m = new double[size * size];
                for (int a = 0; a < size; a++)
                    for (int b = 0; b < size; b++) m[a * size + b] = selected.Entry(baseIndex + a, baseIndex + b);
                result[bi][l] = m;
            }
        }
        return result;
    }
}
