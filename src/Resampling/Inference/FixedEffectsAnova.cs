using Resampling.Engine;

namespace Resampling.Inference;

/// <summary>
/// F tests of fixed effects as lmerTest's anova(model) and contestMD give them: type III tests per term, and tests of
/// user contrasts Lβ = 0, with Satterthwaite's or Kenward–Roger's denominator df.
/// </summary>
public static class FixedEffectsAnova
{
    /// <summary>
    /// Type III table. The contrasts need the model frame's factors, which the model's design keeps (the table it was
    /// fitted to), so no table is passed again.
    /// </summary>
    public static AnovaTable TypeThree(LinearMixedModel m, DdfMethod method = DdfMethod.Satterthwaite)
    {
        var contrasts = TypeThreeContrasts.Build(m);
        var tester = Tester.Create(m, method);
        var rows = contrasts.Where(c => c.L.Length > 0).Select(c => tester.Test(c.Term, c.L)).ToList();
        return new AnovaTable($"Type III Analysis of Variance Table with {method.Possessive()} method", method, rows, tester.Warnings);
    }

    /// <summary>
    /// F test of Lβ = 0 for a user contrast matrix (rows of length p, in the order of the fixed effects). A one-row
    /// contrast also carries its estimate, SE and t test (<see cref="FTestRow.Estimate"/>), as lmerTest's contest1D.
    /// </summary>
    public static FTestRow Contrast(LinearMixedModel m, string name, double[][] l, DdfMethod method = DdfMethod.Satterthwaite)
    {
        int p = m.FixedEffects.Count;
        if (l.Length == 0 || l.Any(r => r.Length != p))
            throw new Model.ModelException($"A contrast needs rows of {p} coefficients, one per fixed effect.");
        var tester = Tester.Create(m, method);
        var row = tester.Test(name, l);
        return l.Length == 1 ? row with { Estimate = tester.Estimate(l[0]) } : row;
    }

    private sealed class Tester
    {
        private readonly LinearMixedModel _m;
        private readonly SatterthwaiteApproximation? _sat;
        private readonly KenwardRogerAdjustment? _kr;

        private Tester(LinearMixedModel m, SatterthwaiteApproximation? sat, KenwardRogerAdjustment? kr)
        {
            _m = m; _sat = sat; _kr = kr;
        }

        public static Tester Create(LinearMixedModel m, DdfMethod method) => method == DdfMethod.KenwardRoger
            ? new Tester(m, null, new KenwardRogerAdjustment(m))
            : new Tester(m, new SatterthwaiteApproximation(m), null);

        public IReadOnlyList<string> Warnings => _sat?.Warnings ?? [];

        /// <summary>contest1D: Lβ̂, √(L V L') with V_β or KR's adjusted V_β, the method's df, t and two-sided p.</summary>
        public ContrastEstimate Estimate(double[] l)
        {
            var (v, df) = _kr is not null ? _kr.Contrast(l) : _sat!.Contrast(l);
            double est = Numerics.DenseMath.Dot(l, _m.Beta.ToArray());
            double se = Math.Sqrt(v);
            double t = est / se;
            return new ContrastEstimate(est, se, df, t, PValues.TwoSidedT(t, df));
        }

        public FTestRow Test(string name, double[][] l)
        {
            double s2 = _m.Sigma * _m.Sigma;
            var beta = _m.Beta.ToArray();
            if (_kr is not null)
            {
                var (fu, scaling, q, df) = _kr.FTest(l, beta);
                double f = fu * scaling;
                return new FTestRow(name, fu * s2 * q, fu * s2, q, df, f, PValues.UpperF(f, q, df));
            }
            var (fs, nq, ddf) = _sat!.FTest(l, beta);
            return new FTestRow(name, fs * s2 * nq, fs * s2, nq, ddf, fs, PValues.UpperF(fs, nq, ddf));
        }
    }
}
