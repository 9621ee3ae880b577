using System.CommandLine;
using System.Globalization;
using Resampling.Cluster;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Figures.Html;
using Resampling.Formulas;
using Resampling.Glmm;
using Resampling.Mcmc;
using Resampling.Model;
using Resampling.Ranking;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary>
/// <c>resampling rank</c>: rank the groups of a grouping factor with their uncertainty and write the report. With no
/// arguments: data/hsb12.csv, the walkthrough's Mod5 (cses = SES − MEANSES), schools by their random intercept. With
/// <c>--crossproducts 'parts/*.rxp'</c> every method runs from the shards' cross-products (docs/cluster.md §5).
/// </summary>
internal static class RankCommand
{
    public const string DefaultData = "data/hsb12.csv";

    public static Command Create()
    {
        var data = new DataOptions(crossproducts: true);
        data.Data.Required = false;
        data.Data.DefaultValueFactory = _ => DefaultData;
        var formula = new Option<string>("--formula") { Description = $"lme4 model formula (default: the walkthrough's Mod5, {HsbModels.Mod5}, with --compute \"{HsbModels.CsesCompute}\")." };
        var group = new Option<string>("--group") { Description = "Grouping factor whose levels are ranked (default: the model's first)." };
        var term = new Option<string>("--term") { Description = "Random-effect column to rank by.", DefaultValueFactory = _ => "(Intercept)" };
        var at = new Option<string[]>("--at") { Description = "Rank by the predicted value at a covariate profile: NAME=VALUE per model column or variable (repeatable)." };
        var method = new Option<string>("--method") { Description = "Source of the rank uncertainty.", DefaultValueFactory = _ => "all" };
        method.AcceptOnlyFromAmong([.. RankWorkflow.Methods]);
        var output = new Option<string>("--out") { Description = "Report folder (only the report's own files are written there).", DefaultValueFactory = _ => "reports" };
        var top = new Option<double>("--top") { Description = "Share of groups for P(top) and P(bottom).", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed (bootstrap and confidence sets).", DefaultValueFactory = _ => 20240601 };
        var replicates = new Option<int>("--replicates") { Description = "Type III bootstrap replicates.", DefaultValueFactory = _ => 2000 };
        var setDraws = new Option<int>("--set-draws") { Description = "Draws for the confidence sets' critical values.", DefaultValueFactory = _ => 1000 };
        var level = new Option<double>("--level") { Description = "Level of the estimate, rank and flag intervals and of the confidence sets.", DefaultValueFactory = _ => 0.95 };
        var format = FormatOption.Create(description: "Console output");
        var unit = new Option<string>("--unit") { Description = "Unit of the outcome, named in the report's text and axes (e.g. \"maths test points\"; default: \"units of\" the outcome)." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing report (rank-report.html, ranks.csv, ranks.json) in the --out folder." };
        var shard = ShardOption.Create();
        shard.Description = "Run shard K of N (K/N, K from 1, or 'slurm'): a block of the bootstrap's replicates and a share of the posterior's chains, written to --draws for --merge; no report.";
        var draws = new Option<string?>("--draws") { Description = "With --shard: the file for the shard's draws." };
        var merge = new Option<string?>("--merge") { Description = "Join these rank --shard draws files (a glob or a comma list) instead of sampling, and write the report of the whole run." };
        var command = new Command("rank", "Rank groups (e.g. schools) with rank uncertainty: bootstrap, MCMC posterior and confidence sets; writes an HTML report. Rank 1 = highest effect.");
        data.AddTo(command);
        var glmm = new GlmmOptions();
        glmm.AddTo(command);
        foreach (var o in new Option[] { formula, group, term, at, method, output, top, seed, replicates, setDraws, level, unit, format, force, shard, draws, merge }) command.Options.Add(o);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            string m = r.GetValue(method)!;
            double topShare = r.GetValue(top), lv = r.GetValue(level);
            if (!(topShare > 0 && topShare <= 1)) throw new UsageException("--top must be in (0, 1], e.g. 0.1 for the top 10%.");
            if (!(lv > 0 && lv < 1)) throw new UsageException("--level must be between 0 and 1.");
            int reps = r.GetValue(replicates), sets = r.GetValue(setDraws);
            if (reps < 1 && RankWorkflow.Uses(m, "bootstrap")) throw new UsageException("--replicates must be at least 1.");
            if (sets < 10 && RankWorkflow.Uses(m, "confidence-set")) throw new UsageException("--set-draws must be at least 10.");
            ReplicateLimit.Check(reps, "--replicates");
            ReplicateLimit.Check(sets, "--set-draws");
            var quantity = new RankedQuantity(r.GetValue(group), r.GetValue(term)!, ParseProfile(r.GetValue(at)));
            string folder = r.GetValue(output)!;
            if (glmm.Family(r) is { } family) return RankGeneralized(r, data, formula, family, glmm, quantity, m, folder, format, unit, force, shard, merge, draws,
                new RankOptions { TopFraction = topShare, Level = lv, Seed = r.GetValue(seed), BootstrapReplicates = reps, SetDraws = sets });
            var (part, plan) = ShardPlan(r, m, reps, folder, shard, merge, draws, force);

            RankTrace.Mark("start");
            using var progress = TerminalProgress.ForStderr("rank");
            progress?.Step("reading the data");
            string? f = r.GetValue(formula);
            MixedModelDesign design;
            if (r.GetValue(data.Crossproducts!) is not null)
            {
                design = data.Design(r, formula);
                f = design.Formula.Text; // the files' own: it names the run in a shard's draws file
            }
            else
            {
                // The walkthrough's default model computes cses from the file's columns: read them all then.
                var table = f is null ? data.Load(r) : data.LoadFor(r, f);
                if (f is null)
                {
                    f = HsbModels.Mod5;
                    if ((r.GetValue(data.Compute) ?? []).Length == 0 && !table.Contains("cses")) table = HsbModels.WithCses(table);
                }
                design = ModelDesigns.Build(table, f, r.GetValue(data.Weights));
            }
            RankTrace.Mark("read + design");
            progress?.Step("fitting the model");
            var model = LinearMixedModel.Fit(design, new FitOptions { Progress = progress?.Fit("fitting the model") });
            RankTrace.Mark("fit");
            CheckProfile(quantity.Profile, model);
            string afterDraws = RankWorkflow.Uses(m, "confidence-set") ? "confidence sets and summaries" : "summaries";
            var options = new RankOptions
            {
                TopFraction = topShare, Level = lv, Seed = r.GetValue(seed), BootstrapReplicates = reps, SetDraws = sets,
                PosteriorProgress = progress?.Counter("MCMC posterior", RankWorkflow.Uses(m, "bootstrap") ? "bootstrap" : afterDraws),
                Progress = progress?.Counter("bootstrap", afterDraws),
            };
            progress?.Step(RankWorkflow.Uses(m, "mcmc") ? "MCMC posterior" : RankWorkflow.Uses(m, "bootstrap") ? "bootstrap" : afterDraws);
            if (plan is not null) return RunShard(model, quantity, m, options, plan, r.GetValue(draws)!, f, part!);
            var report = r.GetValue(merge) is { } files
                ? JoinShards(model, quantity, m, options, CrossproductsOption.Expand(files), f)
                : RankWorkflow.Run(model, quantity, m, options);
            string dataName = data.DataName(r);
            string summary = SummaryWriter.Write(model, dataName);
            RankTrace.Mark("model summary");
            return WriteReport(report, folder, summary, dataName, r.GetValue(unit), r.GetValue(format) == "json", progress);
        }));
        return command;
    }

    /// <summary>
    /// --shard and --draws, or the report folder: a shard's plan (its replicates and chains) when --shard is given, after
    /// checking --draws; else null, after checking --out. Linear and GLMM ranks alike.
    /// </summary>
    private static (Cluster.Shard? Part, RankShardFile.Plan? Plan) ShardPlan(ParseResult r, string m, int reps, string folder, Option<string?> shard,
        Option<string?> merge, Option<string?> draws, Option<bool> force)
    {
        var part = ShardOption.Parse(r.GetValue(shard));
        int bootReps = RankWorkflow.Uses(m, "bootstrap") ? reps : 0, chainCount = RankWorkflow.Uses(m, "mcmc") ? RankWorkflow.PosteriorOptions(0).Chains : 0;
        if (part is not null)
        {
            if (r.GetValue(merge) is not null) throw new UsageException("give either --shard (run a part) or --merge (join the parts), not both.");
            var target = r.GetValue(draws) ?? throw new UsageException("--shard needs --draws: the shards' draws files are what --merge (or collect) joins.");
            OutputPaths.CheckFile(target, "--draws");
            if (File.Exists(target) && !r.GetValue(force)) throw new IOException($"'{target}' exists: use --force to overwrite it.");
            try
            {
                return (part, RankShardFile.For(part, bootReps, chainCount));
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--shard {part}: {e.Message}");
            }
        }
        if (r.GetValue(draws) is not null) throw new UsageException("--draws holds a shard's draws: give it with --shard.");
        OutputPaths.CheckFolder(folder, "--out");
        if (!r.GetValue(force)
            && new[] { RankReportFolder.HtmlFile, RankReportFolder.CsvFile, RankReportFolder.JsonFile }
                .Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists) is { } existing)
            throw new IOException($"'{existing}' exists: use --force to overwrite the report in '{folder}'.");
        return (null, null);
    }

    /// <summary>The line a rank shard prints: what it ran and where its draws are.</summary>
    private static int ShardDone(Cluster.Shard part, RankShardFile.Plan plan, string path)
    {
        string reps = plan.Replicates.Count > 0 ? $"replicates {plan.Replicates.First}-{plan.Replicates.First + plan.Replicates.Count - 1}" : "no replicates";
        string ch = plan.Chains.Count > 0 ? $"chains {plan.Chains.First}-{plan.Chains.First + plan.Chains.Count - 1}" : "no chains";
        Console.Out.WriteLine($"rank shard {part}: {reps}, {ch}; draws in {path} (join the shards with rank --merge)");
        return ExitCodes.Success;
    }

    /// <summary>
    /// rank --family: a GLMM's groups by the GLMM sampler's posterior, the type III bootstrap and the confidence sets, on the
    /// link scale; the report as the linear one's, with glmer's summary beside it.
    /// </summary>
    private static int RankGeneralized(ParseResult r, DataOptions data, Option<string> formula, GlmmFamily family, GlmmOptions glmm, RankedQuantity quantity,
        string method, string folder, Option<string> format, Option<string> unit, Option<bool> force, Option<string?> shard, Option<string?> merge,
        Option<string?> draws, RankOptions options)
    {
        if (data.Crossproducts is not null && r.GetValue(data.Crossproducts) is not null)
            throw new UsageException("--crossproducts holds a linear model's sufficient statistics: give --data with --family.");
        if (r.GetValue(formula) is not { } f) throw new UsageException("give --formula with --family (the default model is a linear one).");
        var (part, plan) = ShardPlan(r, method, options.BootstrapReplicates, folder, shard, merge, draws, force);
        using var progress = TerminalProgress.ForStderr("rank");
        progress?.Step("fitting the model");
        var problem = GlmmProblem.Build(data.LoadFor(r, f), f, family, r.GetValue(data.Weights));
        var model = GeneralizedLinearMixedModel.Fit(problem, new GlmmFitOptions { Nagq = glmm.Nagq(r) });
        foreach (var w in model.Warnings) DataOptions.Warn(w);
        if (quantity.Profile is { } profile)
        {
            var columns = model.FixedEffects.Select(x => x.Name).Concat(problem.Design.Terms.SelectMany(t => t.ColumnNames)).Distinct().ToList();
            var known = columns.SelectMany(c => c.Split(':').Append(c)).ToHashSet(StringComparer.Ordinal);
            if (profile.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknownName)
                throw new UsageException($"--at {unknownName}: not a column or variable of the model; its columns are {string.Join(", ", columns)}.");
        }
        string afterDraws = RankWorkflow.Uses(method, "confidence-set") ? "confidence sets and summaries" : "summaries";
        progress?.Step(RankWorkflow.Uses(method, "mcmc") ? "MCMC posterior" : RankWorkflow.Uses(method, "bootstrap") ? "bootstrap" : afterDraws);
        options = options with
        {
            PosteriorProgress = progress?.Counter("MCMC posterior", RankWorkflow.Uses(method, "bootstrap") ? "bootstrap" : afterDraws),
            Progress = progress?.Counter("bootstrap", afterDraws),
        };
        if (plan is not null)
        {
            GlmmRankShards.Run(model, quantity, method, options, plan, r.GetValue(draws)!, f);
            progress?.Dispose();
            return ShardDone(part!, plan, r.GetValue(draws)!);
        }
        var report = r.GetValue(merge) is { } files
            ? GlmmRankShards.Join(model, quantity, method, options, CrossproductsOption.Expand(files), f)
            : GlmmRankWorkflow.Run(model, quantity, method, options);
        string dataName = data.DataName(r);
        return WriteReport(report, folder, GlmmSummaryWriter.Write(model, dataName), dataName, r.GetValue(unit), r.GetValue(format) == "json", progress);
    }

    /// <summary>The report folder, then the table (or JSON) on stdout and where the report is: linear and GLMM ranks alike.</summary>
    private static int WriteReport(RankReport report, string folder, string modelSummary, string dataName, string? unit, bool json,
        TerminalProgress? progress)
    {
        progress?.Step("writing the report");
        var info = new RankReportInfo { DataName = dataName, Unit = unit };
        var written = RankReportFolder.Write(folder, report, modelSummary, info: info);
        RankTrace.Mark("report files");
        progress?.Dispose();
        string html = Path.GetFullPath(Path.Combine(folder, RankReportFolder.HtmlFile));
        if (json)
        {
            Console.Out.WriteLine(RankJsonWriter.Write(report));
            Console.Error.WriteLine($"Report: {html} ({written.Count} files in {Path.GetFullPath(folder)})");
        }
        else
        {
            Console.Out.Write(RankTableWriter.Write(report));
            Console.Out.WriteLine();
            Console.Out.WriteLine($"Report: {html} (figures, ranks.csv and ranks.json beside it)");
        }
        RankTrace.Mark("stdout");
        return ExitCodes.Success;
    }

    /// <summary>A shard: its replicates and chains, written to its draws file; no report.</summary>
    private static int RunShard(LinearMixedModel model, RankedQuantity quantity, string method, RankOptions options, RankShardFile.Plan plan, string path,
        string formula, Cluster.Shard part)
    {
        var target = RankTarget.Resolve(model, quantity);
        var run = RankShardFile.Run(method, RankWorkflow.Uses(method, "bootstrap") ? options.BootstrapReplicates : 0, options.Seed, target, model, formula);
        var posterior = RankWorkflow.PosteriorOptions(options.Seed);
        McmcResult? chains = plan.Chains.Count > 0
            ? McmcSampler.Run(model, posterior with { FirstChain = plan.Chains.First, Chains = plan.Chains.Count, Progress = options.PosteriorProgress, SummarisedFactors = [] })
            : null;
        TypeThreeBootstrapResult? boot = plan.Replicates.Count > 0
            ? TypeThreeBootstrap.Run(target, plan.Replicates.Count, options.Seed, maxThreads: options.MaxThreads, progress: options.Progress, firstReplicate: plan.Replicates.First)
            : null;
        RankShardFile.Write(path, run, plan.Replicates, boot, target.Levels, chains, McmcShardFile.Run(posterior, model, formula));
        return ShardDone(part, plan, path);
    }

    /// <summary>The whole run's report from the shards' draws files: every replicate and chain once, of this run.</summary>
    private static RankReport JoinShards(LinearMixedModel model, RankedQuantity quantity, string method, RankOptions options, IReadOnlyList<string> files, string formula)
    {
        var target = RankTarget.Resolve(model, quantity);
        int replicates = RankWorkflow.Uses(method, "bootstrap") ? options.BootstrapReplicates : 0;
        var run = RankShardFile.Run(method, replicates, options.Seed, target, model, formula);
        var posterior = RankWorkflow.PosteriorOptions(options.Seed, target);
        var mcmcRun = McmcShardFile.Run(posterior, model, formula);
        var names = McmcSampler.ParameterNames(model);
        var parts = files.Select(p => RankShardFile.Read(p, run, target.Levels.Count, mcmcRun, names, posterior.DrawsPerChain)).ToArray();
        McmcResult? mcmc = null;
        if (RankWorkflow.Uses(method, "mcmc"))
        {
            try
            {
                mcmc = McmcSampler.FromChains(model, posterior with { MaxThreads = options.MaxThreads }, parts.SelectMany(p => p.Chains).ToArray(), 0);
            }
            catch (ArgumentException e)
            {
                throw new DataException($"--merge: {e.Message}");
            }
        }
        var boot = replicates > 0 ? RankShardFile.JoinBootstrap(parts, replicates, options.Seed, target.Levels) : null;
        return RankWorkflow.Join(model, quantity, method, options, mcmc, boot);
    }

    /// <summary>Every --at name must be a model column or a variable of one (a typo would otherwise be printed as used).</summary>
    private static void CheckProfile(IReadOnlyDictionary<string, double>? profile, LinearMixedModel model)
    {
        if (profile is null) return;
        var columns = model.FixedEffects.Select(f => f.Name).Concat(model.Design.Terms.SelectMany(t => t.ColumnNames)).Distinct().ToList();
        var known = columns.SelectMany(c => c.Split(':').Append(c)).ToHashSet(StringComparer.Ordinal);
        if (profile.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
            throw new UsageException($"--at {unknown}: not a column or variable of the model; its columns are {string.Join(", ", columns)}.");
    }

    private static Dictionary<string, double>? ParseProfile(string[]? items)
    {
        if (items is null || items.Length == 0) return null;
        var profile = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            int eq = item.IndexOf('=');
            if (eq <= 0 || !double.TryParse(item[(eq + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw new UsageException($"--at expects NAME=VALUE with a number, got '{item}'.");
            profile[item[..eq].Trim()] = v;
        }
        return profile;
    }
}
