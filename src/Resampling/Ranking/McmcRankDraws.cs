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
        var values = new double[n, groups];
        int offset = 0;
        foreach (var term in terms)
        {
            for (int c = 0; c < term.Names.Count; c++)
            {
                double coef = target.EffectCoefficients[offset + c];
                if (coef == 0) continue;
                for (int j = 0; j < groups; j++)
                {
                    var d = term.Draws(j, c);
                    for (int i = 0; i < n; i++) values[i, j] += coef * d[i];
                }
            }
            offset += term.Names.Count;
        }
        var fixedNames = target.Model.FixedEffects.Select(f => f.Name).ToList();
        for (int k = 0; k < fixedNames.Count; k++)
        {
            double coef = target.FixedCoefficients[k];
            if (coef == 0) continue;
            var d = mcmc.Draws(fixedNames[k]);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < groups; j++) values[i, j] += coef * d[i];
        }
        var chains = Enumerable.Range(0, n).Select(i => i / terms[0].DrawsPerChain).ToArray();
        return new RankDraws("mcmc", target.Levels, values, chains, copy: false);
    }
}
