using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Model;
using Resampling.Randomness;
using Resampling.Replication;

namespace Resampling.Ranking;

/// <summary>
/// Laird &amp; Louis (1987) "type III" parametric bootstrap: for each replicate, simulate y* from the fit, refit to get
/// (β*, θ*, σ*), then draw the group effects from b | y, β*, θ*, σ* (the ORIGINAL y): normal with mean the PLS solution
/// at θ* with β fixed at β*, covariance σ*²Λ(Λ'Z'ZΛ + I)⁻¹Λ'. Ranking within each draw then carries the uncertainty
/// of the effects given the parameters and of the parameters themselves. Replicates 1..R run through the
/// <see cref="ReplicateRunner"/>: replicate i simulates y* and then draws its effects from the one stream
/// (seed, <see cref="StreamPurpose.Replicate"/>, i), so the draws do not depend on the thread count. A refit that fails
/// is counted in <see cref="TypeThreeBootstrapResult.Failed"/> (its replicate has no draw).
/// </summary>
public static class TypeThreeBootstrap
{
    /// <summary>
    /// Replicates <paramref name="firstReplicate"/> … <paramref name="firstReplicate"/> + <paramref name="replicates"/> − 1
    /// (a shard of a run: replicate i draws from the stream (seed, i) wherever it runs, so the shards' kept rows, put
    /// one after the other in replicate order, are the whole run's draws).
    /// </summary>
    public static TypeThreeBootstrapResult Run(RankTarget target, int replicates, ulong seed, IResponseSimulator? simulator = null,
        int maxThreads = Threads.AllCores, IProgress<RunProgress>? progress = null, CancellationToken cancellation = default, long firstReplicate = 1)
    {
        if (replicates < 1) throw new ArgumentOutOfRangeException(nameof(replicates), "need at least one replicate");
        var model = target.Model ?? throw new ModelException("The type III bootstrap ranks the groups of a linear mixed model: use the posterior or the confidence sets for a generalised one.");
        // The default simulator writes y* into the refit's cross-products, so a fit from shards' cross-products (pseudo-rows)
        // gets the residual its rows leave out (docs/cluster.md §5); a caller's simulator gives data rows only.
        if (simulator is not null && model.Design.FromCrossproducts)
            throw new ArgumentException("A model fitted from cross-products is simulated by the default simulator only.", nameof(simulator));
        var module = simulator is null ? new BootstrapModuleSimulator(model) : null;
        var cp = model.Crossproducts;
        int groups = target.Levels.Count;
        var schedule = new ReplicateSchedule(seed, StreamPurpose.Replicate, firstReplicate, replicates)
        {
            MaxThreads = maxThreads, Progress = progress, Cancellation = cancellation,
        };
        // Each replicate writes its draw straight into its own row of the final matrix (row i − 1 for replicate i), so the
        // draws are held once: not as per-replicate arrays and again as the matrix (320 MB each at 20,000 groups).
        var all = new double[replicates, groups];
        // Per thread: a lean refit worker (whose factor at θ* also serves the conditional draws) with its own
        // y-columns (only θ*, β*, σ* are needed, not a whole fitted model per replicate) and the buffers (ThreadState).
        // Every array a replicate needs is the thread's own and reused (y*, the simulation's scratch, z, u, the effects):
        // at 20,000 groups each is on the large-object heap, and 2,000 replicates' worth of them would be garbage
        // collected only by full collections (the peak grew by a gigabyte).
        var run = ReplicateRunner.Run(schedule, () => new ThreadState(cp, model, module, groups), (local, random, index) =>
        {
            if (module is not null) module.SimulateInto(random, local.Worker, local.Simulation!);
            else local.Worker.SetResponse(simulator!.Simulate(random));
            var refit = local.Worker.Fit();
            // The refit's own factor is at θ* already; given the ORIGINAL y it differs only in the response's column,
            // which one forward solve gives (PlsFactor.ResponseColumn), not a second factorisation on the original
            // cross-products.
            var pls = local.Worker.Factor;
            pls.ResponseColumn(cp, local.Ly1, local.Ly2);
            var (z1, z2, u1, u2) = (local.Z1, local.Z2, local.U1, local.U2);
            random.FillNormal(z1);
            random.FillNormal(z2);
            var beta = refit.Beta;
            pls.BackSubstituteEffects(beta, refit.Sigma, z1, z2, u1, u2, local.Ly1, local.Ly2);
            var effects = local.Effects;
            RankTarget.EffectValues(pls, target.Block, u1, u2, target.EffectCoefficients, effects);
            double fixedPart = 0;
            for (int k = 0; k < beta.Length; k++) fixedPart += target.FixedCoefficients[k] * beta[k];
            int row = (int)(index - firstReplicate);
            for (int j = 0; j < groups; j++) all[row, j] = effects[j] + fixedPart;
            return new FilledRow(row);
        });
        return Collect(run, all, target.Levels, replicates, seed, firstReplicate);
    }

    /// <summary>
    /// The result of a run whose replicates wrote their draws into rows of <paramref name="all"/> (row i − first for
    /// replicate i): the kept rows in replicate order (a copy only when some failed or were cancelled). Shared by the
    /// linear and the generalised bootstrap.
    /// </summary>
    internal static TypeThreeBootstrapResult Collect(ReplicateRun<FilledRow> run, double[,] all, IReadOnlyList<string> levels, int replicates,
        ulong seed, long firstReplicate)
    {
        int groups = levels.Count;
        int kept = run.Results.Count;
        if (kept == 0)
            throw new ModelException(run.Attempted == 0 ? "The bootstrap was stopped before any replicate finished."
                : "Every bootstrap refit failed" + (run.FirstFailure is { } e ? $" (the first: {e.Message})." : "."));
        var draws = all;
        if (kept < replicates)
        {
            // Failed or cancelled replicates leave rows unfilled: the kept ones, in replicate order, as before.
            draws = new double[kept, groups];
            for (int d = 0; d < kept; d++)
            {
                int row = run.Results[d].Row;
                for (int j = 0; j < groups; j++) draws[d, j] = all[row, j];
            }
        }
        return new TypeThreeBootstrapResult(new RankDraws("bootstrap", levels, draws, null, copy: false), run.Attempted, run.Failed, seed)
        {
            KeptReplicates = run.Results.Select(r => r.Row + firstReplicate).ToArray(),
        };
    }
}

/// <summary>One thread's refit worker and buffers, reused by every replicate it runs.</summary>
internal sealed class ThreadState(Crossproducts cp, LinearMixedModel model, BootstrapModuleSimulator? module, int groups)
{
    /// <summary>A lean refit worker with its own y-columns (only θ*, β*, σ* are needed, not a whole fitted model).</summary>
    public RefitWorker Worker { get; } = new(model);
    public BootstrapModuleSimulator.Buffers? Simulation { get; } = module?.NewBuffers();
    public double[] Z1 { get; } = new double[cp.Q1];
    public double[] Z2 { get; } = new double[cp.QRest];
    public double[] U1 { get; } = new double[cp.Q1];
    public double[] U2 { get; } = new double[cp.QRest];
    /// <summary>The ORIGINAL response's column of the refit's factor (first block, rest blocks).</summary>
    public double[] Ly1 { get; } = new double[cp.Q1];
    public double[] Ly2 { get; } = new double[cp.QRest];
    public double[] Effects { get; } = new double[groups];
}

/// <summary>The row a finished replicate filled.</summary>
internal sealed record FilledRow(int Row);

/// <summary>
/// The bootstrap's draws of the ranked quantity. <see cref="Replicates"/> counts the replicates run (fewer than asked
/// when cancelled); the <see cref="Failed"/> ones have no draw.
/// </summary>
public sealed record TypeThreeBootstrapResult(RankDraws Draws, int Replicates, int Failed, ulong Seed)
{
    /// <summary>The replicate number of each row of <see cref="Draws"/> (increasing; failed replicates have none).</summary>
    public IReadOnlyList<long> KeptReplicates { get; init; } = [];
}
