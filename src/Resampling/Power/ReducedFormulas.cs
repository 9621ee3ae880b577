using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Power;

/// <summary>
/// The model without the tested effect, for likelihood-ratio tests and the null: the fixed-effects term removed (for
/// <c>coef:</c>, the term whose removal removes exactly that coefficient), or the random-effects column removed from
/// its term (a term left with no column is dropped).
/// </summary>
internal static class ReducedFormulas
{
    public static Formula WithoutFixedTerm(Formula f, string label)
    {
        if (label == "(Intercept)") return f with { Fixed = f.Fixed with { Intercept = false } };
        var terms = f.Fixed.Terms.Where(t => t.Label != label).ToList();
        if (terms.Count == f.Fixed.Terms.Count) throw new ModelException($"No fixed-effects term '{label}' in the model; its terms are {string.Join(", ", f.Fixed.Terms.Select(t => t.Label))}.");
        return f with { Fixed = f.Fixed with { Terms = terms } };
    }

    /// <summary>Candidate terms whose removal might remove a coefficient: the intercept and every fixed term.</summary>
    public static IEnumerable<string> FixedLabels(Formula f) =>
        (f.Fixed.Intercept ? new[] { "(Intercept)" } : []).Concat(f.Fixed.Terms.Select(t => t.Label));

    public static Formula WithoutRandomColumn(Formula f, string column, string group)
    {
        var random = new List<RandomTerm>();
        bool found = false;
        foreach (var rt in f.Random)
        {
            if (found || rt.GroupName != group) { random.Add(rt); continue; }
            TermList lhs;
            if (column == "(Intercept)" && rt.Lhs.Intercept) lhs = rt.Lhs with { Intercept = false };
            else if (rt.Lhs.Terms.Any(t => t.Label == column)) lhs = rt.Lhs with { Terms = rt.Lhs.Terms.Where(t => t.Label != column).ToList() };
            else { random.Add(rt); continue; }
            found = true;
            if (lhs.Intercept || lhs.Terms.Count > 0) random.Add(rt with { Lhs = lhs });
        }
        if (!found) throw new ModelException($"The random-effects column '{column}' of '{group}' is not a term of the formula (a factor's columns cannot be tested one at a time).");
        if (random.Count == 0) throw new ModelException($"ranef:{column}|{group} is the model's only random effect: a model without random effects cannot be fitted here.");
        return f with { Random = random };
    }
}
