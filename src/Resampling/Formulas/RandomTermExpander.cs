namespace Resampling.Formulas;

/// <summary>Turns one <c>(lhs | g)</c> or <c>(lhs || g)</c> into lme4's list of random-effects terms.</summary>
internal static class RandomTermExpander
{
    public static IEnumerable<RandomTerm> Expand(BarNode bar, string text)
    {
        TermList lhs = new TermAlgebra(text).Build(bar.Lhs, onBar: null);
        if (!lhs.Intercept && lhs.Terms.Count == 0)
            throw new FormulaException("random-effects term has no intercept and no variables", text, bar.Position);

        IEnumerable<TermList> parts = bar.Independent ? Split(lhs) : [lhs];
        // As lme4's expandDoubleVerts runs before the nested-grouping expansion, each part is expanded per grouping.
        return parts.SelectMany(part => bar.Groupings.Select(g => new RandomTerm(part, g.Variables) { GroupName = g.Name })).ToList();
    }

    // (x || g) is (1 | g) + (0 + x | g): uncorrelated effects, one term each, intercept first.
    private static IEnumerable<TermList> Split(TermList lhs)
    {
        if (lhs.Intercept)
            yield return new TermList(true, []);
        foreach (ModelTerm term in lhs.Terms)
            yield return new TermList(false, [term]);
    }
}
