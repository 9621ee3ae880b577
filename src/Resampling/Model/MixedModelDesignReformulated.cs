using Resampling.Formulas;

namespace Resampling.Model;

/// <summary>The same data under another formula (lmerTest's ranova refits reduced models to the table of the full one).</summary>
public sealed partial class MixedModelDesign
{
    /// <summary>
    /// The design of <paramref name="formula"/> built from the table this design was built from. The caller checks that
    /// the rows are the same (a formula with fewer variables may keep rows this one dropped). Prior weights are kept.
    /// </summary>
    public MixedModelDesign Reformulated(Formula formula) => Build(_data, formula, WeightsColumn);
}
