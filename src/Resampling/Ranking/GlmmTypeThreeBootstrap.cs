using Resampling.Bootstrap;
using Resampling.Glmm;
using Resampling.Model;
using Resampling.Numerics.Sparse;
using Resampling.Randomness;
using Resampling.Replication;

namespace Resampling.Ranking;

/// <summary>
/// The Laird &amp; Louis "type III" parametric bootstrap for the groups of a generalised linear mixed model, the analogue
/// of <see cref="TypeThreeBootstrap"/>: replicate i simulates y* from the fit (<see cref="GlmmResponseSimulator"/>),
/// refits it (<see cref="GlmmRefitter"/>) to get (θ*, β*), then draws the group effects from b | y, θ*, β* (the ORIGINAL
/// y). That conditional is not Gaussian for a GLMM: its Laplace approximation is used, the normal with mean the mode ũ*
/// (PIRLS on the original response at θ*, β*) and covariance M⁻¹, M = (ZΛ)'W(ZΛ) + I at the mode (the same factor
/// glmer's condVar uses): u = ũ* + P'L⁻ᵀz with L Lᵀ = P M P' and z standard normal, b = Λ(θ*)u. Replicate i simulates
/// and then draws z from the one stream (seed, <see cref="StreamPurpose.Replicate"/>, i), so the draws do not depend on
/// the thread count. A refit that fails (or whose PIRLS at (θ*, β*) does not factorise) is counted in
/// <see cref="TypeThreeBootstrapResult.Failed"/>. docs/ranking.md §7, docs/glmm.md.
/// </summary>
public static class GlmmTypeThreeBootstrap
{
    /// <summary>
    /// Replicates <paramref name="firstReplicate"/> … <paramref name="firstReplicate"/> + <paramref name="replicates"/> − 1
    /// (a shard of a run, <c>rank --family --shard</c>: replicate i draws from the stream (seed, i) wherever it runs, so the
    /// shards' kept rows in replicate order are the whole run's draws).
    /// </summary>
    public static TypeThreeBootstrapResult Run(RankTarget target, int replicates, ulong seed, int maxThreads = Threads.AllCores,
        IProgress<RunProgress>? progress = null, CancellationToken cancellation = default, long firstReplicate = 1)
    {
        if (replicates < 1) throw new ArgumentOutOfRangeException(nameof(replicates), "need at least one replicate");
        var model = target.Generalized ?? throw new ModelException("This bootstrap ranks the groups of a generalised linear mixed model: use TypeThreeBootstrap for a linear one.");
        var simulator = new GlmmResponseSimulator(model);
        var design = model.Problem.Design;
        // The ranked factor's terms (each with its offset into u) and their coefficients, as RankTarget.Resolve reads them.
        var terms = new List<(int Offset, int Columns, int Term)>();
        int q = 0;
        for (int t = 0; t < design.Terms.Count; t++)
        {
            if (design.Terms[t].GroupName == target.Group) terms.Add((q, design.Terms[t].ColumnCount, t));
            q += design.Terms[t].LevelCount * design.Terms[t].ColumnCount;
        }
        int groups = target.Levels.Count;
        var schedule = new ReplicateSchedule(seed, StreamPurpose.Replicate, firstReplicate, replicates)
        {
            MaxThreads = maxThreads, Progress = progress, Cancellation = cancellation,
        };
        var all = new double[replicates, groups];
        var run = ReplicateRunner.Run(schedule, () => new GlmmThreadState(model, simulator, q), (local, random, index) =>
        {
            simulator.Simulate(random, local.Refitter.Response, local.Simulated);
            var refit = local.Refitter.Fit();
            var theta = refit.Theta.ToArray();
            var beta = refit.Beta.ToArray();
            var pirls = local.Pirls;
            pirls.SetTheta(theta);
            pirls.SetBeta(beta);
            pirls.Reset(ReadOnlySpan<double>.Empty);
            pirls.Solve();
            var factor = pirls.Factor;
            if (factor.Status != CholeskyStatus.Success || !double.IsFinite(pirls.LogDeterminant))
                throw new GlmmException("PIRLS on the original response could not factorise M at the refit's (θ, β)");
            // u = ũ* + P'L⁻ᵀz: L⁻ᵀz has covariance (L Lᵀ)⁻¹ = P M⁻¹ P' in the factor's order; P' takes it back.
            var z = local.Z;
            random.FillNormal(z);
            factor.SolveLowerTransposed(z);
            var perm = factor.Symbolic.Permutation;
            var u = local.U;
            var mode = pirls.Solution;
            for (int k = 0; k < q; k++) u[perm[k]] = z[k];
            for (int k = 0; k < q; k++) u[k] += mode[k];
            double fixedPart = 0;
            for (int k = 0; k < beta.Length; k++) fixedPart += target.FixedCoefficients[k] * beta[k];
            int row = (int)(index - firstReplicate);
            for (int j = 0; j < groups; j++) all[row, j] = fixedPart;
            int c0 = 0;
            foreach (var (offset, p, t) in terms)
            {
                var lambda = Lambda(theta, design.Terms, t);
                for (int j = 0; j < groups; j++)
                {
                    double s = 0;
                    for (int a = 0; a < p; a++)
                    {
                        double b = 0; // b_a = Σ_{c ≤ a} Λ[a, c] u_c
                        for (int c = 0; c <= a; c++) b += lambda[a, c] * u[offset + j * p + c];
                        s += target.EffectCoefficients[c0 + a] * b;
                    }
                    all[row, j] += s;
                }
                c0 += p;
            }
            return new FilledRow(row);
        });
        return TypeThreeBootstrap.Collect(run, all, target.Levels, replicates, seed, firstReplicate);
    }

    /// <summary>Term t's lower-triangular relative covariance factor from θ (lme4's order: by columns within each term).</summary>
    private static double[,] Lambda(double[] theta, IReadOnlyList<RandomEffectsTerm> terms, int term)
    {
        int th = 0;
        for (int t = 0; t < term; t++) th += terms[t].ColumnCount * (terms[t].ColumnCount + 1) / 2;
        int p = terms[term].ColumnCount;
        var lambda = new double[p, p];
        for (int c = 0; c < p; c++)
            for (int r = c; r < p; r++) lambda[r, c] = theta[th++];
        return lambda;
    }
}

/// <summary>One thread's refit worker, PIRLS on the original response and buffers, reused by every replicate it runs.</summary>
internal sealed class GlmmThreadState(GeneralizedLinearMixedModel model, GlmmResponseSimulator simulator, int q)
{
    public GlmmRefitter Refitter { get; } = new(model);
    /// <summary>PIRLS (u only, β fixed) on the ORIGINAL response, for the conditional draws.</summary>
    public PirlsEvaluator Pirls { get; } = new(model.Problem, joint: false);
    public double[] Simulated { get; } = new double[simulator.EffectCount];
    public double[] Z { get; } = new double[q];
    public double[] U { get; } = new double[q];
}
