using Resampling.Data;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Prediction;

/// <summary>
/// The model matrices of new data built exactly as the fit's: the same terms, factor levels and contrasts (taken from the
/// fitted rows), I() terms and interactions evaluated on the new values, and the fit's aliased columns dropped. Random-effects
/// terms give their Z columns and each row's level of the fitted grouping factor, −1 for a level the model never saw.
/// The response need not be present.
/// </summary>
public sealed class NewDataDesign
{
    private NewDataDesign(int rows, double[][] x, IReadOnlyList<double[][]> z, IReadOnlyList<int[]> levels, double[]? offset)
    {
        Offset = offset;
        RowCount = rows;
        X = x;
        Z = z;
        Levels = levels;
    }

    public int RowCount { get; }

    /// <summary>Fixed-effects columns, in the order of the fitted model's.</summary>
    internal double[][] X { get; }

    /// <summary>Per fitted random-effects term (lme4 order): its columns on the new rows; empty when not built.</summary>
    internal IReadOnlyList<double[][]> Z { get; }

    /// <summary>The formula's <c>offset()</c> terms summed on the new rows (null when it has none), as R's predict adds them.</summary>
    internal double[]? Offset { get; }

    /// <summary>Per fitted term: each new row's level index in the fitted term, −1 for a new level.</summary>
    internal IReadOnlyList<int[]> Levels { get; }

    /// <param name="fitted">the fitted model's design (it keeps the table it was built from, whose factor levels define the coding).</param>
    /// <param name="newData">the rows to predict.</param>
    /// <param name="includeRandom">whether to build Z and the group levels (needed for predictions conditional on groups).</param>
    /// <param name="groupsOptional">with <paramref name="includeRandom"/>: a missing grouping column makes every row a new
    /// level instead of an error (population-level prediction intervals need Z, not the groups).</param>
    public static NewDataDesign Build(MixedModelDesign fitted, DataTable newData, bool includeRandom, bool groupsOptional = false)
    {
        var formula = fitted.Formula;
        int n = newData.RowCount;
        if (n == 0) throw new DataException("The new data has no rows.");
        foreach (var name in formula.Fixed.Terms.SelectMany(t => t.Variables).SelectMany(v => v.Expression.Variables()).Distinct())
            if (!newData.Contains(name))
                throw new DataException($"The new data has no column '{name}', which the model's fixed effects use.");
        var reference = fitted.Frame();
        var source = new VariableSource(newData, Enumerable.Range(0, n).ToArray(), reference);

        var full = ModelMatrixBuilder.Build(formula.Fixed, source);
        var x = fitted.X.Names.Select(name =>
        {
            int k = IndexOf(full.Names, name);
            if (k < 0) throw new DataException($"The new data gives no column '{name}' of the model matrix.");
            return full.Columns[k];
        }).ToArray();

        var z = new List<double[][]>();
        var levels = new List<int[]>();
        var terms = includeRandom ? MatchTerms(fitted, formula) : null;
        for (int k = 0; k < fitted.Terms.Count; k++)
        {
            if (terms is null) { z.Add([]); levels.Add([]); continue; }
            var (rt, term) = terms[k];
            bool groupsPresent = rt.Grouping.All(newData.Contains);
            var needed = rt.Lhs.Terms.SelectMany(t => t.Variables).SelectMany(v => v.Expression.Variables());
            if (!groupsOptional) needed = rt.Grouping.Concat(needed);
            foreach (var name in needed)
                if (!newData.Contains(name))
                    throw new DataException($"The new data has no column '{name}', which the random effects use (predict at population level with --re-form NA).");
            var zt = ModelMatrixBuilder.Build(rt.Lhs, source);
            z.Add(term.ColumnNames.Select(c => zt.Columns[IndexOf(zt.Names, c)]).ToArray());
            levels.Add(groupsPresent ? GroupLevels(rt, term, newData) : Enumerable.Repeat(-1, n).ToArray());
        }
        return new NewDataDesign(n, x, z, levels, OffsetOf(formula, newData));
    }

    private static double[]? OffsetOf(Formula formula, DataTable newData)
    {
        foreach (var o in formula.Offsets)
            foreach (var name in o.Variables())
                if (!newData.Contains(name))
                    throw new DataException($"The new data has no column '{name}', which the model's offset({o}) uses.");
        return MixedModelDesign.Offset(newData, formula, Enumerable.Range(0, newData.RowCount).ToArray());
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }

    /// <summary>Pairs each fitted term (lme4 order) with its formula term: same grouping name and columns, in order.</summary>
    private static (RandomTerm, RandomEffectsTerm)[] MatchTerms(MixedModelDesign fitted, Formula formula)
    {
        var used = new bool[formula.Random.Count];
        var result = new (RandomTerm, RandomEffectsTerm)[fitted.Terms.Count];
        for (int k = 0; k < fitted.Terms.Count; k++)
        {
            var term = fitted.Terms[k];
            int match = -1;
            for (int i = 0; i < formula.Random.Count && match < 0; i++)
                if (!used[i] && formula.Random[i].GroupName == term.GroupName) match = i;
            if (match < 0) throw new InvalidOperationException($"No formula term for '{term.GroupName}'.");
            used[match] = true;
            result[k] = (formula.Random[match], term);
        }
        return result;
    }

    private static int[] GroupLevels(RandomTerm rt, RandomEffectsTerm term, DataTable newData)
    {
        var order = rt.GroupName == rt.GroupLabel ? rt.Grouping : rt.Grouping.Reverse().ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < term.Levels.Count; i++) index[term.Levels[i]] = i;
        var columns = order.Select(name => newData[name]).ToArray();
        var codes = new int[newData.RowCount];
        for (int r = 0; r < codes.Length; r++)
        {
            var parts = columns.Select(c => c.TextAt(r)).ToArray();
            codes[r] = parts.All(p => p is not null) && index.TryGetValue(string.Join(":", parts), out var l) ? l : -1;
        }
        return codes;
    }
}
