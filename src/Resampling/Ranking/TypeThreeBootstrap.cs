using Resampling.Randomness;
using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Model;

namespace Resampling.Ranking;

/// <summary>
/// Laird &amp; Louis (1987) "type III" parametric bootstrap: for each replicate, simulate y* from the fit, refit to get
/// (β*, θ*, σ*), then draw the group effects from b | y, β*, θ*, σ* (the ORIGINAL y): normal with mean the PLS solution
/// at θ* with β fixed at β*, covariance σ*²Λ(Λ'Z'ZΛ + I)⁻¹Λ'. Ranking within each draw then carries the uncertainty
/// of the effects given the parameters and of the parameters themselves. Replicates run in parallel; replicate i uses
/// streams derived from (seed, i) only, so the draws do not depend on the thread count.
/// </summary>
public static class TypeThreeBootstrap
{
    /// <summary>Offset of the conditional-draw streams, apart from the simulator's streams 0..replicates−1.</summary>
    private const long DrawStreamOffset = 1L << 40;

    public static TypeThreeBootstrapResult Run(RankTarget target, int replicates, long seed, IResponseSimulator? simulator = null, int? maxThreads = null)
    {
        if (replicates < 1) throw new ArgumentOutOfRangeException(nameof(replicates), "need at least one replicate");
        var model = target.Model;
        simulator ??= new BootstrapModuleSimulator(model, seed);
        var cp = model.Crossproducts;
        int groups = target.Levels.Count;
        var values = new double[replicates, groups];
        var ok = new bool[replicates];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount };
        // Per thread: a factor on the ORIGINAL cross-products for the conditional draws, and a lean refit worker with
        // its own y-columns (only θ*, β*, σ* are needed, not a whole fitted model per replicate).
        Parallel.For(0, replicates, options, () => (Pls: new PlsFactor(cp), Worker: new RefitWorker(model)), (i, _, local) =>
        {
            var pls = local.Pls;
            RefitOutcome refit;
            try
            {
                local.Worker.SetResponse(simulator.Simulate(i));
                refit = local.Worker.Fit();
            }
            catch (Exception e) when (e is BootstrapRefitException or ModelException) { return local; }
            pls.Factor(refit.Theta);
            if (!pls.Ok) return local;
            var random = new RandomStream(seed, DrawStreamOffset + i);
            var z1 = new double[cp.Q1];
            var z2 = new double[cp.QRest];
            random.FillNormal(z1);
            random.FillNormal(z2);
            var beta = refit.Beta;
            var (u1, u2) = pls.ConditionalEffects(beta, refit.Sigma, z1, z2);
            var effects = RankTarget.EffectValues(pls, target.Block, u1, u2, target.EffectCoefficients);
            double fixedPart = 0;
            for (int k = 0; k < beta.Length; k++) fixedPart += target.FixedCoefficients[k] * beta[k];
            for (int j = 0; j < groups; j++) values[i, j] = effects[j] + fixedPart;
            ok[i] = true;
            return local;
        }, _ => { });
        int kept = ok.Count(x => x);
        if (kept == 0) throw new ModelException("Every bootstrap refit failed.");
        var draws = new double[kept, groups];
        for (int i = 0, d = 0; i < replicates; i++)
        {
            if (!ok[i]) continue;
            for (int j = 0; j < groups; j++) draws[d, j] = values[i, j];
            d++;
        }
        return new TypeThreeBootstrapResult(new RankDraws("bootstrap", target.Levels, draws), replicates, replicates - kept, seed);
    }
}

/// <summary>The bootstrap's draws of the ranked quantity (failed refits dropped and counted).</summary>
public sealed record TypeThreeBootstrapResult(RankDraws Draws, int Replicates, int Failed, long Seed);
