using Resampling.Engine;

namespace Resampling.Inference;

/// <summary>
/// lmerTest's coefficient table: every fixed effect with its denominator df and two-sided p-value, by Satterthwaite's
/// method (lmerTest's default summary) or Kenward–Roger's (summary(m, ddf = "Kenward-Roger"): adjusted standard errors
/// and t values as well).
/// </summary>
public static class FixedEffectsInference
{
    public static IReadOnlyList<FixedEffect> Satterthwaite(LinearMixedModel m) => Table(m, new SatterthwaiteApproximation(m).Contrast);

    public static IReadOnlyList<FixedEffect> KenwardRoger(LinearMixedModel m) => Table(m, new KenwardRogerAdjustment(m).Contrast);

    public static IReadOnlyList<FixedEffect> Compute(LinearMixedModel m, DdfMethod method) => method switch
    {
        DdfMethod.Satterthwaite => Satterthwaite(m),
        DdfMethod.KenwardRoger => KenwardRoger(m),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    private static IReadOnlyList<FixedEffect> Table(LinearMixedModel m, Func<double[], (double Variance, double Df)> contrast)
    {
        int p = m.FixedEffects.Count;
        var result = new List<FixedEffect>(p);
        for (int i = 0; i < p; i++)
        {
            var l = new double[p];
            l[i] = 1;
            var (variance, df) = contrast(l);
            var fe = m.FixedEffects[i];
            double se = Math.Sqrt(variance), t = fe.Estimate / se;
            result.Add(fe with { StdError = se, TValue = t, Df = df, P = PValues.TwoSidedT(t, df) });
        }
        return result;
    }
}
