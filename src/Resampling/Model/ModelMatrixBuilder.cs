using Resampling.Formulas;

namespace Resampling.Model;

/// <summary>
/// Builds R's model.matrix for a term list with treatment contrasts. A categorical variable F in term T is coded by
/// contrasts (first level dropped) when T without F is also in the model (the empty term being the intercept), and
/// by indicators for every level otherwise: R's rule, which gives full dummy coding to <c>0 + f</c>.
/// Within a term, columns vary fastest in the first variable, as in R.
/// </summary>
internal static class ModelMatrixBuilder
{
    public static ModelMatrix Build(TermList terms, VariableSource source)
    {
        var names = new List<string>();
        var columns = new List<double[]>();
        int n = source.RowCount;
        if (terms.Intercept)
        {
            names.Add("(Intercept)");
            columns.Add(Enumerable.Repeat(1.0, n).ToArray());
        }
        var present = new HashSet<string>(terms.Terms.Select(t => Key(t.Variables.Select(v => v.Label))));
        if (terms.Intercept) present.Add("");
        RefuseTooLarge(terms, source, present);
        foreach (var term in terms.Terms)
        {
            // Each variable contributes a set of (name, column) factors; the term's columns are their products.
            var parts = new List<List<(string Name, double[] Column)>>();
            foreach (var v in term.Variables)
            {
                if (source.Categorical(v) is { } cat)
                {
                    var rest = term.Variables.Where(w => w.Label != v.Label).Select(w => w.Label);
                    bool contrasts = present.Contains(Key(rest));
                    var list = new List<(string, double[])>();
                    for (int level = contrasts ? 1 : 0; level < cat.Levels.Count; level++)
                    {
                        var col = new double[n];
                        for (int i = 0; i < n; i++) col[i] = cat.Codes[i] == level ? 1 : 0;
                        list.Add((v.Label + cat.Levels[level], col));
                    }
                    parts.Add(list);
                }
                else if (v.Basis is PolyBasis)
                {
                    parts.Add(source.Polynomials(v));
                }
                else
                {
                    parts.Add([(v.Label, source.Numeric(v))]);
                }
            }
            foreach (var (name, col) in Product(parts, n))
            {
                names.Add(name);
                columns.Add(col);
            }
        }
        return new ModelMatrix(names, columns.ToArray(), n);
    }

    /// <summary>
    /// The matrix is n doubles per column, and dropping aliased columns holds two more copies while it works: a matrix
    /// that cannot fit (a factor with thousands of levels as a fixed effect on millions of rows) is refused before any.
    /// </summary>
    private static void RefuseTooLarge(TermList terms, VariableSource source, HashSet<string> present)
    {
        long columns = terms.Intercept ? 1 : 0;
        foreach (var term in terms.Terms)
        {
            long product = 1;
            foreach (var v in term.Variables)
                if (source.Categorical(v) is { } cat)
                {
                    bool contrasts = present.Contains(Key(term.Variables.Where(w => w.Label != v.Label).Select(w => w.Label)));
                    product *= Math.Max(0, cat.Levels.Count - (contrasts ? 1 : 0));
                }
                else if (v.Basis is PolyBasis poly) product *= poly.Degree;
            columns += product;
        }
        double bytes = 3.0 * 8 * columns * source.RowCount;
        if (bytes < 1 << 20) return; // small: not worth asking the runtime
        long limit = MemoryLimit.Bytes;
        if (bytes > limit)
            throw MemoryLimit.Exceeded($"The model matrix ({source.RowCount} rows × {columns} columns)", (long)Math.Min(bytes, long.MaxValue), limit);
    }

    private static string Key(IEnumerable<string> labels) => string.Join("\u0001", labels.Order(StringComparer.Ordinal));

    private static IEnumerable<(string, double[])> Product(List<List<(string Name, double[] Column)>> parts, int n)
    {
        IEnumerable<(string Name, double[] Column)> acc = parts[0];
        for (int k = 1; k < parts.Count; k++)
        {
            var next = parts[k];
            // The first variable varies fastest: iterate the new variable in the outer loop.
            acc = next.SelectMany(b => acc.Select(a => (a.Name + ":" + b.Name, Multiply(a.Column, b.Column, n)))).ToList();
        }
        return acc;
    }

    private static double[] Multiply(double[] a, double[] b, int n)
    {
        var r = new double[n];
        for (int i = 0; i < n; i++) r[i] = a[i] * b[i];
        return r;
    }
}
