using Resampling.Engine;
using Resampling.Formulas;

namespace Resampling.Inference.Deletion;

/// <summary>
/// lmerTest's drop1(model): an F test for each fixed term that can be dropped while respecting the hierarchy (no other
/// term contains it), with Satterthwaite's or Kenward–Roger's df. For such a term the marginal contrast is the type III
/// one (both test the term's own coefficients with nothing above it), so the rows are the type III table's.
/// Maths: docs/analysis.md §2.
/// </summary>
public static class FixedTermDeletion
{
    public static AnovaTable Compute(LinearMixedModel m, DdfMethod method = DdfMethod.Satterthwaite)
    {
        if (m.Design.AliasedColumns.Count > 0)
            throw new Model.ModelException("drop1 with aliased fixed-effect columns is not supported (lmerTest rebuilds the contrasts from reduced model matrices there).");
        var terms = m.Formula.Fixed.Terms;
        var marginal = terms.Where(t => !terms.Any(o => !ReferenceEquals(o, t) && o.Order > t.Order && Contains(o, t)))
            .Select(t => t.Label).ToHashSet();
        var typeThree = FixedEffectsAnova.TypeThree(m, method);
        var rows = typeThree.Rows.Where(r => marginal.Contains(r.Term)).ToList();
        return new AnovaTable($"Single term deletions using {method.Possessive()} method:\n\nModel:\n{m.Formula.Text}", method, rows, typeThree.Warnings);
    }

    private static bool Contains(ModelTerm outer, ModelTerm inner) =>
        inner.Variables.All(v => outer.Variables.Any(o => o.Label == v.Label));
}
