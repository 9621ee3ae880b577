using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;
using Resampling.Numerics;

namespace Resampling.Inference;

/// <summary>
/// The contrast matrix L of each fixed-effects term for a type III test, as lmerTest builds it for treatment
/// contrasts (get_contrasts_type3): regress the "fully dummy-coded" design (every term with indicators for all levels)
/// on X, then make each term's columns orthogonal to those of the terms that contain it (same numeric variables, a
/// strict superset of variables), highest order first. For numeric covariates and their interactions no term
/// contains another and each L is one unit row (F = t²). A model with a single term uses lmerTest's type I
/// (Doolittle) contrasts instead, as lmerTest does.
/// Maths: docs/inference.md §3.
/// </summary>
internal static class TypeThreeContrasts
{
    public static IReadOnlyList<(string Term, double[][] L)> Build(LinearMixedModel m)
    {
        var design = m.Design;
        var fixedTerms = design.Formula.Fixed;
        var terms = fixedTerms.Terms;
        var source = design.Frame();
        var xNames = design.X.Names;
        int p = xNames.Count, n = design.RowCount;
        var map = TermColumns(fixedTerms, source, xNames);

        if (p <= 1 || terms.Count <= 1) return TypeOne(design, terms, map);

        // rdX: intercept, then each term on its own with indicator coding of every factor.
        var rdNames = new List<string>();
        var rdColumns = new List<double[]>();
        if (fixedTerms.Intercept) { rdNames.Add("(Intercept)"); rdColumns.Add(Enumerable.Repeat(1.0, n).ToArray()); }
        foreach (var t in terms)
        {
            var mm = ModelMatrixBuilder.Build(new TermList(false, [t]), source);
            rdNames.AddRange(mm.Names);
            rdColumns.AddRange(mm.Columns);
        }
        int rd = rdNames.Count;

        // L (rd × p): coefficients of each rdX column regressed on X (ginv(X) rdX for full-rank X), transposed.
        var xtx = new double[p, p];
        for (int a = 0; a < p; a++)
            for (int b = 0; b <= a; b++) xtx[a, b] = xtx[b, a] = DenseMath.Dot(design.X.Columns[a], design.X.Columns[b]);
        var xtxInv = Linear.SymmetricInverse(xtx, 0);
        var l = new double[rd, p];
        var xty = new double[p];
        for (int c = 0; c < rd; c++)
        {
            for (int a = 0; a < p; a++) xty[a] = DenseMath.Dot(design.X.Columns[a], rdColumns[c]);
            for (int a = 0; a < p; a++)
            {
                double s = 0;
                for (int b = 0; b < p; b++) s += xtxInv[a, b] * xty[b];
                l[c, a] = s;
            }
        }
        ZapSmall(l);

        var contains = Containment(terms, source);
        var order = Enumerable.Range(0, terms.Count).OrderByDescending(i => terms[i].Order).ToList(); // stable, as R's order()
        foreach (var i in order)
        {
            if (contains[i].Count == 0) continue;
            var basisCols = contains[i].SelectMany(j => map[j]).ToArray();
            ResidualiseColumns(l, map[i], basisCols);
        }

        var rowOf = xNames.Select(name => rdNames.IndexOf(name)).ToArray();
        if (rowOf.Any(r => r < 0))
            throw new ModelException("Type III contrasts could not be formed for this model's fixed-effects columns.");
        var result = new List<(string, double[][])>();
        for (int i = 0; i < terms.Count; i++)
        {
            var rows = map[i].Select(j => rowOf.Select(r => l[r, j]).ToArray())
                .Where(r => r.Sum(Math.Abs) > 1e-8).ToArray();
            result.Add((terms[i].Label, rows));
        }
        return result;
    }

    /// <summary>The kept X columns of each term (R's "assign"), found by building the term list one term at a time.</summary>
    private static List<int[]> TermColumns(TermList fixedTerms, VariableSource source, IReadOnlyList<string> kept)
    {
        var full = ModelMatrixBuilder.Build(fixedTerms, source).Names;
        var assign = new int[full.Count];
        int start = fixedTerms.Intercept ? 1 : 0;
        if (fixedTerms.Intercept) assign[0] = -1;
        for (int t = 0; t < fixedTerms.Terms.Count; t++)
        {
            int end = ModelMatrixBuilder.Build(new TermList(fixedTerms.Intercept, fixedTerms.Terms.Take(t + 1).ToList()), source).Names.Count;
            for (int c = start; c < end; c++) assign[c] = t;
            start = end;
        }
        var map = Enumerable.Range(0, fixedTerms.Terms.Count).Select(_ => new List<int>()).ToList();
        for (int j = 0; j < kept.Count; j++)
        {
            int idx = full.ToList().IndexOf(kept[j]);
            if (idx >= 0 && assign[idx] >= 0) map[assign[idx]].Add(j);
        }
        return map.Select(x => x.ToArray()).ToList();
    }

    /// <summary>lmerTest's term_contain: term i is contained in j when j has all of i's variables and more, and the same numeric ones.</summary>
    private static List<List<int>> Containment(IReadOnlyList<ModelTerm> terms, VariableSource source)
    {
        var vars = terms.Select(t => t.Variables.Select(v => v.Label).ToHashSet()).ToList();
        var numerics = terms.Select(t => t.Variables.Where(v => source.Categorical(v) is null).Select(v => v.Label).ToHashSet()).ToList();
        return Enumerable.Range(0, terms.Count).Select(i => Enumerable.Range(0, terms.Count)
            .Where(j => vars[i].IsSubsetOf(vars[j]) && vars[j].Count > vars[i].Count && numerics[i].SetEquals(numerics[j]))
            .ToList()).ToList();
    }

    /// <summary>Replaces columns <paramref name="target"/> of l by their least-squares residuals on columns <paramref name="basis"/> (over l's rows).</summary>
    private static void ResidualiseColumns(double[,] l, int[] target, int[] basis)
    {
        int rows = l.GetLength(0);
        var q = new List<double[]>();
        foreach (var b in basis)
        {
            var v = new double[rows];
            for (int r = 0; r < rows; r++) v[r] = l[r, b];
            double norm0 = Math.Sqrt(v.Sum(x => x * x));
            for (int pass = 0; pass < 2; pass++)
                foreach (var u in q)
                {
                    double d = 0;
                    for (int r = 0; r < rows; r++) d += u[r] * v[r];
                    for (int r = 0; r < rows; r++) v[r] -= d * u[r];
                }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            if (norm0 == 0 || norm <= 1e-7 * norm0) continue; // aliased, as lm.fit's pivoting drops it
            for (int r = 0; r < rows; r++) v[r] /= norm;
            q.Add(v);
        }
        var res = new double[rows, target.Length];
        for (int t = 0; t < target.Length; t++)
        {
            var y = new double[rows];
            for (int r = 0; r < rows; r++) y[r] = l[r, target[t]];
            for (int pass = 0; pass < 2; pass++)
                foreach (var u in q)
                {
                    double d = 0;
                    for (int r = 0; r < rows; r++) d += u[r] * y[r];
                    for (int r = 0; r < rows; r++) y[r] -= d * u[r];
                }
            for (int r = 0; r < rows; r++) res[r, t] = y[r];
        }
        ZapSmall(res);
        for (int t = 0; t < target.Length; t++)
            for (int r = 0; r < rows; r++) l[r, target[t]] = res[r, t];
    }

    /// <summary>Type I contrasts from the Doolittle decomposition of X'X (lmerTest's get_contrasts_type1).</summary>
    private static IReadOnlyList<(string, double[][])> TypeOne(MixedModelDesign design, IReadOnlyList<ModelTerm> terms, List<int[]> map)
    {
        int p = design.X.ColumnCount;
        var result = new List<(string, double[][])>();
        if (p == 0 || terms.Count == 0) return result;
        var xtx = new double[p, p];
        for (int a = 0; a < p; a++)
            for (int b = 0; b < p; b++) xtx[a, b] = DenseMath.Dot(design.X.Columns[a], design.X.Columns[b]);
        var lower = Doolittle(xtx, 1e-6);
        // Rows of t(L) for the term's columns: row j of t(L) is column j of L.
        for (int i = 0; i < terms.Count; i++)
            result.Add((terms[i].Label, map[i].Select(j => Enumerable.Range(0, p).Select(k => lower[k, j]).ToArray()).ToArray()));
        return result;
    }

    /// <summary>The unit lower-triangular factor of the Doolittle LU decomposition, small entries zeroed as lmerTest's.</summary>
    private static double[,] Doolittle(double[,] x, double eps)
    {
        int n = x.GetLength(0);
        var l = new double[n, n];
        var u = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            l[i, i] = 1;
            for (int j = 0; j < n; j++)
            {
                double s = x[i, j];
                for (int k = 0; k < i; k++) s -= l[i, k] * u[k, j];
                u[i, j] = s;
            }
            for (int j = i + 1; j < n; j++)
            {
                double s = x[j, i];
                for (int k = 0; k < i; k++) s -= l[j, k] * u[k, i];
                l[j, i] = Math.Abs(u[i, i]) < eps ? 0 : s / u[i, i];
            }
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (Math.Abs(l[i, j]) < eps) l[i, j] = 0;
        return l;
    }

    /// <summary>R's zapsmall (7 digits): rounds every entry at the precision of the largest.</summary>
    private static void ZapSmall(double[,] a)
    {
        double mx = 0;
        foreach (var v in a) mx = Math.Max(mx, Math.Abs(v));
        int digits = mx > 0 ? Math.Max(0, 7 - (int)Math.Ceiling(Math.Log10(mx))) : 7;
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++) a[i, j] = Math.Round(a[i, j], Math.Min(digits, 15));
    }
}
