using System.CommandLine;
using Resampling.Cluster;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Figures;
using Resampling.Formulas;
using Resampling.Glmm;
using Resampling.Mcmc;
using Resampling.Model;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling mcmc</c>: REML fit for starting values, then the blocked Gibbs sampler; summary table or JSON.</summary>
internal static class McmcCommand
{
    public static Command Create()
    {
        var data = new DataOptions(crossproducts: true);
        var formula = new Option<string>("--formula") { Description = "lme4 model formula, e.g. \"MATHACH ~ cses + (1 + cses|SCHOOL)\" (required with --data)." };
        var chains = new Option<int>("--chains") { Description = "Number of chains (run in parallel).", DefaultValueFactory = _ => 4 };
        var iterations = new Option<int>("--iterations") { Description = "Iterations per chain, warm-up included.", DefaultValueFactory = _ => 2000 };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up iterations per chain (discarded).", DefaultValueFactory = _ => 1000 };
        var thin = new Option<int>("--thin") { Description = "Keep every n-th draw after warm-up.", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same seed gives the same draws for any thread count.", DefaultValueFactory = _ => 1 };
        var draws = new Option<string?>("--draws") { Description = "Write every draw to this CSV file (posterior/bayesplot can read it)." };
        var plots = new Option<string?>("--plots") { Description = "Write trace and density PNGs of the scalar parameters to this directory." };
        var ranef = new Option<bool>("--ranef") { Description = "Also summarise every random effect." };
        var priorCov = new Option<string>("--prior-cov") { Description = "Covariance prior: 'huang-wand' (default, nu = 2, A = 1e5) or 'inv-wishart' (df = p + 1, scale I).", DefaultValueFactory = _ => "huang-wand" };
        priorCov.AcceptOnlyFromAmong("huang-wand", "inv-wishart");
        var priorScale = new Option<double?>("--prior-scale") { Description = "Scale of the covariance prior: A of Huang-Wand's half-t, or the inverse-Wishart scale." };
        var priorSigma = new Option<double?>("--prior-sigma") { Description = "Half-t(3, s) prior on sigma with this scale s (default: Jeffreys 1/sigma^2)." };
        var noCollapsed = new Option<bool>("--no-collapsed") { Description = "Plain blocked Gibbs: leave out the collapsed Metropolis-Hastings move on the variance parameters." };
        var format = FormatOption.Create();
        var command = new Command("mcmc", "Sample the posterior of a linear mixed model (or a generalised one, --family) by blocked Gibbs sampling and summarise it.");
        data.AddTo(command);
        var glmm = new GlmmOptions();
        glmm.AddTo(command);
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --draws file or plots in the --plots directory." };
        var shard = ShardOption.Create();
        shard.Description = "Run shard K of N of the chains (K/N, K from 1; chain c draws from the stream (seed, c) wherever it runs), or 'slurm'; --draws gets the shard's chains for --merge.";
        var merge = new Option<string?>("--merge") { Description = "Join the chains of these mcmc --shard draws files (a glob or a comma list) instead of sampling: the single-machine run." };
        foreach (var o in new Option[] { formula, chains, iterations, warmup, thin, seed, draws, plots, ranef, priorCov, priorScale, priorSigma, noCollapsed, format, force, shard, merge })
            command.Options.Add(o);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            CheckRun(r.GetValue(chains), r.GetValue(iterations), r.GetValue(warmup), r.GetValue(thin));
            OutputPaths.CheckFile(r.GetValue(draws), "--draws");
            OutputPaths.CheckFolder(r.GetValue(plots), "--plots");
            if (r.GetValue(draws) is { } early && File.Exists(early) && !r.GetValue(force))
                throw new IOException($"'{early}' exists: use --force to overwrite it.");
            double? scale = r.GetValue(priorScale);
            if (scale is { } sc && !(sc > 0 && double.IsFinite(sc))) throw new UsageException($"--prior-scale must be a positive finite number (got {sc}).");
            double? sigmaScale = r.GetValue(priorSigma);
            if (sigmaScale is { } ss && !(ss > 0 && double.IsFinite(ss))) throw new UsageException($"--prior-sigma must be a positive finite number (got {ss}).");
            var part = ShardOption.Parse(r.GetValue(shard));
            var (firstChain, chainCount) = part is null ? (1L, r.GetValue(chains)) : ShardOption.Range(part, 1, r.GetValue(chains), "chains");
            if (part is not null && r.GetValue(draws) is null) throw new UsageException("--shard needs --draws: the shards' draws files are what --merge (or collect) joins.");
            if (part is not null && r.GetValue(plots) is not null) throw new UsageException("--plots draws the whole run: give it to the --merge step, not to a shard.");
            if (part is not null && r.GetValue(merge) is not null) throw new UsageException("give either --shard (run some chains) or --merge (join them), not both.");
            // The options both samplers take from the command line.
            var sampling = new McmcOptions
            {
                Chains = r.GetValue(chains),
                Iterations = r.GetValue(iterations),
                Warmup = r.GetValue(warmup),
                Thin = r.GetValue(thin),
                Seed = r.GetValue(seed),
                Covariance = r.GetValue(priorCov) == "inv-wishart"
                    ? CovariancePrior.InverseWishart(0, scale ?? 1)
                    : CovariancePrior.HuangWand(2, scale ?? 1e5),
            };
            if (glmm.Family(r) is { } family)
            {
                if (sigmaScale is not null) throw new UsageException("--prior-sigma is the residual sd's prior: a generalised model has no sigma.");
                if (r.GetValue(noCollapsed)) throw new UsageException("--no-collapsed goes with linear models: the generalised sampler has no collapsed move.");
                if (data.Crossproducts is not null && r.GetValue(data.Crossproducts) is not null)
                    throw new UsageException("--crossproducts holds a linear model's sufficient statistics: give --data with --family.");
                if (r.GetValue(formula) is not { } f) throw new UsageException("give --formula.");
                if (glmm.Nagq(r) != 1) throw new UsageException("--nagq goes with fit: the sampler integrates the random effects exactly.");
                using var glmmProgress = TerminalProgress.ForStderr("mcmc");
                glmmProgress?.Step("fitting the starting values");
                var problem = GlmmProblem.Build(data.LoadFor(r, f), f, family, r.GetValue(data.Weights));
                var start = GeneralizedLinearMixedModel.Fit(problem);
                if (r.GetValue(plots) is { } glmmPlots && !r.GetValue(force)
                    && McmcPlots.FileNames(GlmmMcmcSampler.ParameterNames(start), glmmPlots).FirstOrDefault(File.Exists) is { } there)
                    throw new IOException($"'{there}' exists: use --force to overwrite the plots in '{glmmPlots}'.");
                var glmmOptions = sampling with { Progress = glmmProgress?.Counter("sampling", "writing") };
                // Shards and their join as the linear path's, through the same shard file (which records the family).
                var glmmRun = McmcShardFile.Run(glmmOptions, start, f);
                GlmmMcmcResult sampled;
                if (r.GetValue(merge) is { } glmmShards)
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var names = GlmmMcmcSampler.ParameterNames(start);
                    var chainsRead = CrossproductsOption.Expand(glmmShards).SelectMany(p => McmcShardFile.Read(p, glmmRun, names, glmmOptions.DrawsPerChain)).ToArray();
                    try
                    {
                        sampled = GlmmMcmcSampler.FromChains(start, glmmOptions with { Progress = null }, chainsRead, clock.Elapsed.TotalSeconds);
                    }
                    catch (ArgumentException e)
                    {
                        throw new DataException($"--merge: {e.Message}");
                    }
                }
                else
                {
                    glmmProgress?.Step("sampling");
                    sampled = GlmmMcmcSampler.Run(start, glmmOptions with { FirstChain = (int)firstChain, Chains = chainCount });
                }
                if (part is not null) McmcShardFile.Write(sampled.Draws, glmmRun, r.GetValue(draws)!);
                else if (r.GetValue(draws) is { } glmmDraws) McmcDrawsCsv.Write(sampled.Draws, glmmDraws);
                if (r.GetValue(plots) is { } glmmDir) McmcPlots.Write(sampled.Draws, glmmDir);
                glmmProgress?.Dispose();
                Console.Out.Write(r.GetValue(format) == "json"
                    ? McmcReport.Json(sampled.Draws, r.GetValue(ranef), sampled) + Environment.NewLine
                    : McmcReport.Text(sampled.Draws, r.GetValue(ranef), null, sampled));
                return ExitCodes.Success;
            }
            using var progress = TerminalProgress.ForStderr("mcmc");
            progress?.Step("reading the data");
            var design = data.Design(r, formula);
            var fit = LinearMixedModel.Fit(design, new FitOptions { Progress = progress?.Fit() });
            if (r.GetValue(draws) is { } target && File.Exists(target) && !r.GetValue(force))
                throw new IOException($"'{target}' exists: use --force to overwrite it.");
            if (r.GetValue(plots) is { } plotDir && !r.GetValue(force)
                && McmcPlots.FileNames(McmcSampler.ParameterNames(fit), plotDir).FirstOrDefault(File.Exists) is { } existing)
                throw new IOException($"'{existing}' exists: use --force to overwrite the plots in '{plotDir}'.");
            var options = sampling with
            {
                Residual = sigmaScale is { } s ? ResidualPrior.HalfT(3, s) : ResidualPrior.Jeffreys,
                CollapsedMove = !r.GetValue(noCollapsed),
                Progress = progress?.Counter("sampling", "writing"),
            };
            var run = McmcShardFile.Run(options, fit, r.GetValue(formula) ?? fit.Formula.Text);
            McmcResult result;
            if (r.GetValue(merge) is { } shards)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var names = McmcSampler.ParameterNames(fit);
                var parts = CrossproductsOption.Expand(shards).SelectMany(f => McmcShardFile.Read(f, run, names, options.DrawsPerChain)).ToArray();
                try
                {
                    result = McmcSampler.FromChains(fit, options with { Progress = null }, parts, clock.Elapsed.TotalSeconds);
                }
                catch (ArgumentException e)
                {
                    throw new DataException($"--merge: {e.Message}");
                }
            }
            else
            {
                progress?.Step("sampling");
                result = McmcSampler.Run(fit, options with { FirstChain = (int)firstChain, Chains = chainCount });
            }
            if (part is not null) McmcShardFile.Write(result, run, r.GetValue(draws)!);
            else if (r.GetValue(draws) is { } path) McmcDrawsCsv.Write(result, path);
            if (r.GetValue(plots) is { } dir) McmcPlots.Write(result, dir);
            progress?.Dispose();
            Console.Out.Write(r.GetValue(format) == "json"
                ? McmcReport.Json(result, r.GetValue(ranef)) + Environment.NewLine
                : McmcReport.Text(result, r.GetValue(ranef)));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The run's lengths are the command line's: wrong ones are a usage error before any data is read (the sampler's own check, in the same words).</summary>
    private static void CheckRun(int chains, int iterations, int warmup, int thin)
    {
        if (chains < 1) throw new UsageException($"Chains must be at least 1 (got {chains}).");
        if (warmup < 0) throw new UsageException($"Warm-up must not be negative (got {warmup}).");
        if (thin < 1) throw new UsageException($"Thin must be at least 1 (got {thin}).");
        if (iterations <= warmup) throw new UsageException($"Iterations ({iterations}) must exceed warm-up ({warmup}).");
        long kept = (long)chains * ((iterations - warmup + thin - 1) / thin);
        if (kept > ReplicateLimit.Max)
            throw new UsageException($"{chains} chains of {kept / chains} kept draws: at most {ReplicateLimit.Max:N0} draws per run (lower --iterations or raise --thin).");
    }
}
