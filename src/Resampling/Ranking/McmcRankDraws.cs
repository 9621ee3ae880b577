using Resampling.Mcmc;

namespace Resampling.Ranking;

/// <summary>
/// The ranked quantity's posterior draws from an MCMC run: φ_j = c'b_j (+ x₀'β with a profile) per draw, chain-major,
/// with each draw's chain id. The factor's terms are concatenated in lme4 order, as the engine's block does.
/// </summary>
public static class McmcRankDraws
{
    public static RankDraws From(McmcResult mcmc, RankTarget target)
    {
        var terms = mcmc.RandomEffects.Where(t => t.Factor == target.Group).ToList();
        int columns = terms.Sum(t => t.Names.Count);
        if (terms.Count == 0 || columns != target.EffectCoefficients.Count)
            throw new ArgumentException($"The MCMC run kept no random-effect draws for {target.Group} (KeepRandomEffects).");
        int n = terms[0].DrawCount, groups = target.Levels.Count;
        var chains = Enumerable.Range(0, n).Select(i => i / terms[0].DrawsPerChain).ToArray();
        var fixedNames = target.FixedEffectNames;
        // Group-major, as the MCMC keeps them. When φ_j is one effect column itself (coefficient 1, no fixed part: a
        // random intercept, the common case) the run's own arrays are the draws, shared rather than copied (640 MB for
        // 20,000 groups × 4,000 draws).
        var single = SingleColumn(terms, target);
        if (single is var (term, column) && target.FixedCoefficients.All(c => c == 0))
        {
            var shared = new double[groups][];
            for (int j = 0; j < groups; j++) shared[j] = term.DrawArray(j, column);
            return new RankDraws("mcmc", target.Levels, shared, chains);
        }
        var fixedDraws = new List<(double Coef, double[] Draws)>();
        for (int k = 0; k < fixedNames.Count; k++)
        {
            double coef = target.FixedCoefficients[k];
            if (coef != 0) fixedDraws.Add((coef, mcmc.Draws(fixedNames[k]).ToArray()));
        }
        var values = new double[groups][];
        for (int j = 0; j < groups; j++)
        {
            // The same sums in the same order as element by element: 0, each effect column's c·b in term order, then
            // each fixed effect's x₀β in model order.
            var v = new double[n];
            int offset = 0;
            foreach (var t in terms)
            {
                for (int c = 0; c < t.Names.Count; c++)
                {
                    double coef = target.EffectCoefficients[offset + c];
                    if (coef == 0) continue;
                    var d = t.Draws(j, c);
                    for (int i = 0; i < n; i++) v[i] += coef * d[i];
                }
                offset += t.Names.Count;
            }
            foreach (var (coef, d) in fixedDraws)
                for (int i = 0; i < n; i++) v[i] += coef * d[i];
            values[j] = v;
        }
        return new RankDraws("mcmc", target.Levels, values, chains);
    }

    /// <summary>The one effect column with a non-zero coefficient when that coefficient is 1; null otherwise.</summary>
    private static (TermEffectDraws Term, int Column)? SingleColumn(List<TermEffectDraws> terms, RankTarget target)
    {
        (TermEffectDraws, int)? found = null;
        int offset = 0;
        foreach (var t in terms)
        {
            for (int c = 0; c < t.Names.Count; c++)
            {
                double coef = target.EffectCoefficients[offset + c];
                if (coef == 0) continue;
                if (coef != 1 || found is not null) return null;
                found = (t, c);
            }
            offset += t.Names.Count;
        }
        return found;
    }
}
