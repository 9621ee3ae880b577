using Resampling.Numerics;
using Resampling.Randomness;

namespace Resampling.Mcmc;

/// <summary>
/// Exact Gibbs moves of the Poisson sampler along directions of x = [b; β] that leave every row's linear predictor
/// unchanged (docs/mcmc.md §8, "Shift moves"), so that only the Gaussian priors change along them and the conditional
/// of the shift is Gaussian:
/// <list type="bullet">
/// <item>a fixed shift per random-effects term with an intercept column: β_j += δ_j for the fixed-effects columns j that
/// are constant within the term's levels (the intercept, a level-level covariate such as a school's sector), and each
/// level's intercept effect −= Σ_j δ_j v_{l,j}, v_{l,j} the column's value in level l;</item>
/// <item>a nested shift per level of a term whose levels contain whole levels of another term (both with intercept
/// columns): the parent's intercept effect += δ, each child level's intercept effect −= δ.</item>
/// </list>
/// The per-level Metropolis steps move β and the effects one block at a time, so they crawl along these directions when
/// a covariate is constant within a factor's levels or factors are nested (grouseticks); these moves take the whole
/// step at once. A translation has Jacobian 1, so drawing δ from the posterior restricted to the line is a valid Gibbs
/// update in the coordinates (δ, the rest).
/// </summary>
internal sealed class GlmmShiftMoves
{
    private readonly FixedShift[] _fixed;
    private readonly NestedShift[] _nested;
    private readonly int _q;

    private GlmmShiftMoves(FixedShift[] fixedShifts, NestedShift[] nested, int q)
    {
        _fixed = fixedShifts;
        _nested = nested;
        _q = q;
    }

    /// <summary>Term, its intercept column, the fixed columns constant within its levels and their values (level-major).</summary>
    private sealed record FixedShift(GlmmTermLayout Term, int Column, int[] Fixed, double[] Values, double[] Gram);

    /// <summary>Parent and child terms (intercept columns), and each child level's parent level.</summary>
    private sealed record NestedShift(GlmmTermLayout Parent, int ParentColumn, GlmmTermLayout Child, int ChildColumn, int[] ParentOf, int[] ChildCount);

    public int FixedCount => _fixed.Length;
    public int NestedCount => _nested.Length;

    /// <summary>The shift directions of this model: found once from the rows of A = [Z | X].</summary>
    public static GlmmShiftMoves For(GlmmMcmcModel m)
    {
        int n = m.N, e = m.Entries, betaEntry = m.EntryOffset[m.Terms.Length];
        var intercept = new int[m.Terms.Length];
        for (int t = 0; t < m.Terms.Length; t++)
        {
            intercept[t] = -1;
            for (int c = 0; c < m.Terms[t].P && intercept[t] < 0; c++)
            {
                bool ones = true;
                for (int i = 0; i < n && ones; i++) ones = m.Values[i * e + m.EntryOffset[t] + c] == 1;
                if (ones) intercept[t] = c;
            }
        }

        var fixedShifts = new List<FixedShift>();
        for (int t = 0; t < m.Terms.Length; t++)
        {
            if (intercept[t] < 0) continue;
            var term = m.Terms[t];
            var group = m.TermGroups[t];
            var columns = new List<int>();
            var values = new List<double[]>();
            for (int j = 0; j < m.P; j++)
            {
                var v = new double[term.LevelCount];
                var seen = new bool[term.LevelCount];
                bool constant = true;
                for (int i = 0; i < n && constant; i++)
                {
                    double x = m.Values[i * e + betaEntry + j];
                    int l = group[i];
                    if (!seen[l]) { seen[l] = true; v[l] = x; }
                    else constant = v[l] == x;
                }
                if (!constant || v.All(x => x == 0)) continue;
                columns.Add(j);
                values.Add(v);
            }
            if (columns.Count == 0) continue;
            int r = columns.Count;
            var flat = new double[term.LevelCount * r];
            var gram = new double[r * r];
            for (int l = 0; l < term.LevelCount; l++)
                for (int a = 0; a < r; a++)
                {
                    flat[l * r + a] = values[a][l];
                    for (int b = 0; b < r; b++) gram[a * r + b] += values[a][l] * values[b][l];
                }
            fixedShifts.Add(new FixedShift(term, intercept[t], columns.ToArray(), flat, gram));
        }

        var nested = new List<NestedShift>();
        for (int parent = 0; parent < m.Terms.Length; parent++)
            for (int child = 0; child < m.Terms.Length; child++)
            {
                if (parent == child || intercept[parent] < 0 || intercept[child] < 0) continue;
                var pt = m.Terms[parent];
                var ct = m.Terms[child];
                // The child has more levels (or as many, taken once), and each child level lies in one parent level.
                if (ct.LevelCount < pt.LevelCount || (ct.LevelCount == pt.LevelCount && child < parent)) continue;
                var parentOf = new int[ct.LevelCount];
                Array.Fill(parentOf, -1);
                bool isNested = true;
                for (int i = 0; i < n && isNested; i++)
                {
                    int l = m.TermGroups[child][i], g = m.TermGroups[parent][i];
                    if (parentOf[l] < 0) parentOf[l] = g;
                    else isNested = parentOf[l] == g;
                }
                if (!isNested) continue;
                var count = new int[pt.LevelCount];
                foreach (int g in parentOf) count[g]++;
                nested.Add(new NestedShift(pt, intercept[parent], ct, intercept[child], parentOf, count));
            }
        return new GlmmShiftMoves(fixedShifts.ToArray(), nested.ToArray(), m.Q);
    }

    /// <summary>
    /// Draws every shift once, in order, from its exact conditional given the covariances <paramref name="cov"/> (per term,
    /// row-major) and the fixed-effects prior; x is updated in place and η = A x is unchanged.
    /// </summary>
    public void Apply(Span<double> x, double[][] cov, FixedEffectsPrior prior, RandomStream rng)
    {
        if (_fixed.Length == 0 && _nested.Length == 0) return;
        var precisions = new Dictionary<int, double[]>();
        double[]? Inverse(GlmmTermLayout t)
        {
            if (precisions.TryGetValue(t.Index, out var known)) return known;
            var chol = (double[])cov[t.Index].Clone();
            var inverse = DenseMath.Cholesky(chol, t.P) ? DenseMath.InverseFromCholesky(chol, t.P) : null;
            if (inverse is not null) precisions[t.Index] = inverse;
            return inverse;
        }
        // (Σ⁻¹ b_l)_c: the prior's gradient direction for column c of level l.
        static double Row(ReadOnlySpan<double> x, GlmmTermLayout t, double[] inverse, int l, int c)
        {
            double s = 0;
            for (int k = 0; k < t.P; k++) s += inverse[c * t.P + k] * x[t.Offset + l * t.P + k];
            return s;
        }

        double lambda = 0, mean = 0;
        if (prior is NormalFixedEffectsPrior np)
        {
            lambda = 1 / (np.Sd * np.Sd);
            mean = np.Mean;
        }
        foreach (var f in _fixed)
        {
            var inv = Inverse(f.Term);
            if (inv is null) continue;
            int r = f.Fixed.Length, c = f.Column, p = f.Term.P;
            double s00 = inv[c * p + c];
            // Along β_sub + δ, b_{l,c} − v_lᵀδ: precision s00·Σ v_l v_lᵀ + λI, linear term Σ v_l (Σ⁻¹b_l)_c − λ(β_sub − m).
            var precision = new double[r * r];
            var mu = new double[r];
            for (int a = 0; a < r; a++)
            {
                for (int b = 0; b < r; b++) precision[a * r + b] = s00 * f.Gram[a * r + b];
                precision[a * r + a] += lambda;
                mu[a] = -lambda * (x[_q + f.Fixed[a]] - mean);
            }
            for (int l = 0; l < f.Term.LevelCount; l++)
            {
                double g = Row(x, f.Term, inv, l, c);
                for (int a = 0; a < r; a++) mu[a] += f.Values[l * r + a] * g;
            }
            if (!DenseMath.Cholesky(precision, r)) continue;
            // δ = P⁻¹h + L⁻ᵀz: L⁻¹h then adding z before the back substitution gives mean plus N(0, P⁻¹) noise.
            DenseMath.ForwardSolve(precision, r, mu);
            for (int a = 0; a < r; a++) mu[a] += rng.NextNormal();
            DenseMath.BackSolveTransposed(precision, r, mu);
            for (int a = 0; a < r; a++) x[_q + f.Fixed[a]] += mu[a];
            for (int l = 0; l < f.Term.LevelCount; l++)
            {
                double shift = 0;
                for (int a = 0; a < r; a++) shift += f.Values[l * r + a] * mu[a];
                x[f.Term.Offset + l * p + c] -= shift;
            }
        }

        foreach (var s in _nested)
        {
            var pInv = Inverse(s.Parent);
            var cInv = Inverse(s.Child);
            if (pInv is null || cInv is null) continue;
            int pp = s.Parent.P, cp = s.Child.P, pc = s.ParentColumn, cc = s.ChildColumn;
            double pDiag = pInv[pc * pp + pc], cDiag = cInv[cc * cp + cc];
            // δ_m for parent level m: precision (Σ_p⁻¹)_cc + n_m(Σ_c⁻¹)_cc, linear Σ_children (Σ_c⁻¹b)_cc − (Σ_p⁻¹b_m)_pc.
            var linear = new double[s.Parent.LevelCount];
            for (int m = 0; m < linear.Length; m++) linear[m] = -Row(x, s.Parent, pInv, m, pc);
            for (int l = 0; l < s.ParentOf.Length; l++) linear[s.ParentOf[l]] += Row(x, s.Child, cInv, l, cc);
            var delta = new double[linear.Length];
            for (int m = 0; m < linear.Length; m++)
            {
                double precision = pDiag + s.ChildCount[m] * cDiag;
                delta[m] = linear[m] / precision + rng.NextNormal() / Math.Sqrt(precision);
                x[s.Parent.Offset + m * pp + pc] += delta[m];
            }
            for (int l = 0; l < s.ParentOf.Length; l++) x[s.Child.Offset + l * cp + cc] -= delta[s.ParentOf[l]];
        }
    }
}
