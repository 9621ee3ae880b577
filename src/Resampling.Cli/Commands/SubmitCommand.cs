using System.CommandLine;
using System.Globalization;
using Resampling.Cluster;
using Resampling.Data;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary>
/// <c>resampling submit --scheduler slurm --tasks N -- boot …</c>: writes a run folder (<see cref="RunFolder"/>) and
/// submits a job array of N shards and a collect job that starts after all of them ended well; <c>--resume DIR</c>
/// submits again only the shards not complete, and a new collect job.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var scheduler = new Option<string>("--scheduler") { Description = "The cluster's scheduler.", DefaultValueFactory = _ => "slurm" };
        scheduler.AcceptOnlyFromAmong("slurm", "kubernetes");
        var image = new Option<string>("--image") { Description = "Kubernetes: the container image with resampling on its PATH.", DefaultValueFactory = _ => "resampling:latest" };
        var claim = new Option<string>("--claim") { Description = "Kubernetes: the persistent volume claim mounted at this working folder (data and run folder).", DefaultValueFactory = _ => "resampling-work" };
        var tasks = new Option<int>("--tasks") { Description = "Number of shards (array tasks); at most the number of replicates. A fit over files runs one task per file." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (sbatch --partition)." };
        var time = new Option<string?>("--time") { Description = "Time limit per task (sbatch --time, e.g. 1:00:00)." };
        var mem = new Option<string?>("--mem") { Description = "Memory per task (sbatch --mem, e.g. 2G)." };
        var runDir = new Option<string?>("--run-dir") { Description = "The run folder to write (default: resampling-run-<UTC time> here); must not exist." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Write the run folder and scripts but submit nothing." };
        var wait = new Option<bool>("--wait") { Description = "Wait for the collect job, print its output and exit with its status." };
        var resume = new Option<string?>("--resume") { Description = "Submit again the shards of this run folder that are not complete, and a new collect job." };
        var command = new Argument<string[]>("command") { Description = "After --: the resampling command and its options (boot, pbmodcomp, anova --bootstrap, or fit --data 'parts/*.csv').", Arity = ArgumentArity.ZeroOrMore };
        var submit = new Command("submit", "Run a bootstrap on a Slurm cluster as a job array of shards and a collect job that merges them; or a fit of data split over files (one task per file, the collect job fits).");
        foreach (var o in new Option[] { scheduler, tasks, partition, time, mem, runDir, dryRun, wait, resume, image, claim }) submit.Options.Add(o);
        submit.Arguments.Add(command);
        submit.SetAction(r => CommandRunner.Guard(() =>
        {
            try
            {
                var args = r.GetValue(command) ?? [];
                if (r.GetValue(resume) is { } dir)
                {
                    if (args.Length > 0) throw new UsageException("--resume takes the run folder's own command: give no command after --.");
                    if (RunManifest.Read(new RunFolder(dir).Manifest).Scheduler != "slurm")
                        throw new UsageException("--resume submits to Slurm; this run folder was written for Kubernetes: delete the failed Job and apply its manifests again.");
                    return Resume(new RunFolder(dir), r.GetValue(dryRun), r.GetValue(wait));
                }
                bool kubernetes = r.GetValue(scheduler) == "kubernetes";
                if (kubernetes && (!r.GetValue(dryRun) || r.GetValue(wait)))
                    throw new UsageException("--scheduler kubernetes writes the Job manifests only: give --dry-run (without --wait), then apply them with kubectl.");
                var manifest = Manifest(args, r.GetValue(tasks), r.GetValue(partition), r.GetValue(time), r.GetValue(mem), out bool force);
                if (kubernetes) manifest = manifest with { Scheduler = "kubernetes", Program = ["resampling"] };
                var folder = new RunFolder(r.GetValue(runDir) ?? $"resampling-run-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
                if (Directory.Exists(folder.Path) || File.Exists(folder.Path)) throw new IOException($"--run-dir '{folder.Path}' exists: give a new folder (or --resume it).");
                OutputPaths.CheckFolder(folder.Path, "--run-dir");
                if (File.Exists(manifest.Draws) && !force) throw new IOException($"'{manifest.Draws}' exists: use --force to overwrite it.");
                if (!r.GetValue(dryRun)) SlurmScheduler.CheckAvailable();
                if (!manifest.IsFit) manifest = manifest with { Draws = manifest.Draws.Length == 0 ? folder.DefaultDraws : manifest.Draws };
                Directory.CreateDirectory(folder.Shards);
                Directory.CreateDirectory(folder.Logs);
                manifest.Write(folder.Manifest);
                if (kubernetes)
                {
                    File.WriteAllText(KubernetesManifests.ShardsFile(folder), KubernetesManifests.Shards(manifest, folder, r.GetValue(image)!, r.GetValue(claim)!));
                    File.WriteAllText(KubernetesManifests.CollectFile(folder), KubernetesManifests.Collect(manifest, folder, r.GetValue(image)!, r.GetValue(claim)!));
                    string job = KubernetesManifests.JobName(folder) + "-shards";
                    Console.Out.WriteLine($"wrote {folder.Path}; run it with: kubectl apply -f {KubernetesManifests.ShardsFile(folder)} && " +
                                          $"kubectl wait --for=condition=complete --timeout=-1s job/{job} && kubectl apply -f {KubernetesManifests.CollectFile(folder)}");
                    return ExitCodes.Success;
                }
                File.WriteAllText(folder.ShardScript, SlurmScripts.Shard(manifest, folder));
                File.WriteAllText(folder.CollectScript, SlurmScripts.Collect(manifest, folder));
                if (r.GetValue(dryRun))
                {
                    Console.Out.WriteLine($"wrote {folder.Path}; submit it with: resampling submit --resume {folder.Path}");
                    return ExitCodes.Success;
                }
                return Submit(folder, manifest, null, r.GetValue(wait));
            }
            catch (SchedulerUnavailableException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return ExitCodes.Unavailable;
            }
        }));
        return submit;
    }

    private static int Resume(RunFolder folder, bool dryRun, bool wait)
    {
        var manifest = RunManifest.Read(folder.Manifest);
        var incomplete = RunCollector.Check(folder, manifest).Where(s => !s.Complete).ToArray();
        string? array = incomplete.Length > 0 ? RunCollector.ArrayList(incomplete) : null;
        if (dryRun)
        {
            Console.Out.WriteLine(array is null
                ? $"every shard is complete: collect with 'resampling collect {folder.Path}'"
                : $"shards to run again: {array} (sbatch --array={array} {folder.ShardScript})");
            return ExitCodes.Success;
        }
        SlurmScheduler.CheckAvailable();
        return Submit(folder, manifest, array, wait);
    }

    /// <summary>Submits the shards (all, or the <paramref name="array"/> list; none when empty) and the collect job after them.</summary>
    private static int Submit(RunFolder folder, RunManifest manifest, string? array, bool wait)
    {
        bool all = array is null && !File.Exists(folder.Jobs);
        File.Delete(folder.CollectExit);
        long? shards = all || array is not null
            ? SlurmScheduler.Submit(folder.ShardScript, array is null ? [] : ["--array=" + array])
            : null;
        long collect = SlurmScheduler.Submit(folder.CollectScript,
            shards is null ? [] : [$"--dependency=afterok:{shards}", "--kill-on-invalid-dep=yes"]);
        string which = array ?? (all ? $"1-{manifest.Tasks}" : "none");
        File.AppendAllText(folder.Jobs, $"{DateTime.UtcNow:O} shards={(shards?.ToString(CultureInfo.InvariantCulture) ?? "-")} array={which} collect={collect}{Environment.NewLine}");
        var status = wait ? Console.Error : Console.Out;
        status.WriteLine($"submitted: shards job {(shards?.ToString(CultureInfo.InvariantCulture) ?? "-")} (tasks {which}), collect job {collect}; run folder {folder.Path}");
        if (!wait) return ExitCodes.Success;
        SlurmScheduler.WaitFor(collect, TimeSpan.FromSeconds(2));
        if (!File.Exists(folder.CollectExit))
        {
            var failed = RunCollector.Check(folder, manifest).Where(s => !s.Complete).ToArray();
            throw new DataException($"the collect job did not run: shard(s) {RunCollector.ArrayList(failed)} failed (see {folder.Logs}); resubmit them with 'resampling submit --resume {folder.Path}'.");
        }
        int code = int.Parse(File.ReadAllText(folder.CollectExit).Trim(), CultureInfo.InvariantCulture);
        var output = folder.Combine(manifest.Output);
        if (code == ExitCodes.Success && File.Exists(output)) Console.Out.Write(File.ReadAllText(output));
        else Console.Error.WriteLine($"collect job {collect} ended with exit code {code}: see {Path.Combine(folder.Logs, "collect.err")}");
        return code;
    }

    /// <summary>Checks the command as the command itself would (at once, not on the cluster) and records what identifies the run.</summary>
    private static RunManifest Manifest(string[] args, int tasks, string? partition, string? time, string? mem, out bool force)
    {
        if (args.Length == 0) throw new UsageException("give the command to run after --, e.g. submit --tasks 8 -- boot --data d.csv --formula \"y ~ x + (1|g)\".");
        if (args[0] == "fit")
        {
            force = false;
            return FitManifest(args, tasks, partition, time, mem);
        }
        if (args[0] is not ("boot" or "pbmodcomp" or "anova" or "mcmc" or "rank" or "power"))
            throw new UsageException($"submit runs boot, pbmodcomp, anova --bootstrap, mcmc (by chains), rank, power, or fit of data split over files, on a cluster; '{args[0]}' is not supported by submit yet.");
        if (tasks < 1) throw new UsageException("--tasks must be a positive number of shards.");
        var inner = new RootCommand { args[0] switch { "boot" => BootCommand.Create(), "pbmodcomp" => PbModcompCommand.Create(), "mcmc" => McmcCommand.Create(), "rank" => RankCommand.Create(), "power" => PowerCommand.Create(), _ => AnovaCommand.Create() } }.Parse(args);
        if (inner.Errors.Count > 0) throw new UsageException("the command after --: " + inner.Errors[0].Message.ReplaceLineEndings(" "));
        if (inner.GetValue<string?>("--shard") is not null) throw new UsageException("the command after -- must not give --shard: submit splits it into --tasks shards.");
        if (args[0] is not ("boot" or "mcmc" or "rank") && args.Any(a => a == "--family" || a.StartsWith("--family=", StringComparison.Ordinal)))
            throw new UsageException($"submit runs boot, mcmc and rank with --family; {args[0]} --family runs on one machine.");
        var (first, count) = ReplicatesOf(inner, args[0]);
        string unit = args[0] == "mcmc" || (args[0] == "rank" && first == 0) ? "chains" : args[0] == "power" ? "simulations" : "replicates";
        if (unit == "replicates") ReplicateLimit.Check(count, "--replicates");
        if (tasks > count) throw new UsageException($"--tasks {tasks}: more shards than the {count} {unit}.");
        // power may run on a design written from scratch instead of data: the design file then identifies the run.
        string? dataOption = args[0] == "power" ? inner.GetValue<string?>("--data") ?? inner.GetValue<string?>("--design") : inner.GetValue<string?>("--data");
        // boot, mcmc and rank may run from shards' cross-products: the .rxp files then identify the run (checked now, as
        // the command will read them), and the formula is theirs.
        string? crossproducts = args[0] is "boot" or "mcmc" or "rank" ? inner.GetValue<string?>("--crossproducts") : null;
        if (dataOption is null && crossproducts is null) throw new UsageException("the command after -- needs --data: submit runs it on the data file.");
        string formula;
        if (crossproducts is not null)
        {
            if (inner.GetResult("--data") is System.CommandLine.Parsing.OptionResult { Implicit: false })
                throw new UsageException("give either --data or --crossproducts, not both.");
            formula = CrossproductsOption.Design(crossproducts, inner.GetValue<string?>("--formula")).Formula.Text;
        }
        else if (args[0] == "power")
        {
            formula = inner.GetValue<string?>("--formula") ?? "design";
            if (inner.GetValue<string?>("--test") is null) throw new UsageException("the power after -- needs --test.");
            if (inner.GetValue<string[]>("--merge") is { Length: > 0 }) throw new UsageException("the power after -- must not give --merge: collect merges the shards.");
        }
        else if (args[0] == "rank") formula = inner.GetValue<string?>("--formula") ?? Model.HsbModels.Mod5;
        else if (args[0] is "boot" or "mcmc")
            formula = inner.GetValue<string?>("--formula") ?? throw new UsageException($"the {args[0]} after -- needs --formula.");
        else
        {
            var pair = inner.GetValue<string[]>("--formula") ?? [];
            if (pair.Length != 2) throw new UsageException($"the {args[0]} after -- compares two models: give two --formula options.");
            // As the draws files record the pair (parsed text, tab-separated); collect accepts either order (anova sorts its models).
            formula = Bootstrap.PbModcompDrawsRun.Formula(Formulas.FormulaParser.Parse(pair[0]).Text, Formulas.FormulaParser.Parse(pair[1]).Text);
        }
        var inputs = crossproducts is null ? [] : CrossproductsOption.Expand(crossproducts).Select(Path.GetFullPath).ToArray();
        var data = crossproducts ?? Path.GetFullPath(dataOption!);
        if (crossproducts is null && !File.Exists(data)) throw new DataException($"Data file '{data}' not found.");
        var draws = inner.GetValue<string?>("--draws");
        OutputPaths.CheckFile(draws, "--draws");
        force = inner.GetValue<bool>("--force");
        return new RunManifest
        {
            Command = args,
            Program = ProgramPath(),
            WorkingDirectory = Environment.CurrentDirectory,
            Tasks = tasks,
            Seed = inner.GetValue<ulong>("--seed"),
            Formula = formula,
            FirstReplicate = Math.Max(first, 1),
            Replicates = unit == "chains" && args[0] == "rank" ? 0 : count,
            Data = data,
            DataSha256 = crossproducts is null ? RunManifest.Checksum(data) : RunManifest.Checksum(inputs),
            Inputs = inputs,
            Draws = draws is null ? "" : Path.GetFullPath(draws),
            Output = inner.GetValue<string>("--format") == "json" ? "output.json" : "output.txt",
            Partition = partition,
            Time = time,
            Memory = mem,
        };
    }

    /// <summary>What the shards split: boot's and pbmodcomp's --replicates, anova's --bootstrap (which submit needs), mcmc's --chains, power's --nsim.</summary>
    private static (long First, int Count) ReplicatesOf(ParseResult inner, string name)
    {
        if (name == "mcmc") return (1, inner.GetValue<int>("--chains"));
        if (name == "power")
        {
            if (inner.GetValue<string?>("--replicates") is not null) throw new UsageException("the power after -- gives --nsim: submit splits it into --tasks shards (not --replicates).");
            return (1, inner.GetValue<int>("--nsim"));
        }
        if (name == "rank")
        {
            // The bootstrap's replicates split (the chains go along); without a bootstrap, the posterior's chains (first 0 says so).
            string method = inner.GetValue<string>("--method")!;
            if (Ranking.RankWorkflow.Uses(method, "bootstrap")) return (1, inner.GetValue<int>("--replicates"));
            if (Ranking.RankWorkflow.Uses(method, "mcmc")) return (0, Ranking.RankWorkflow.PosteriorOptions(0).Chains);
            throw new UsageException($"rank --method {method} has no draws to split: run it without submit.");
        }
        if (name != "anova") return BootCommand.ParseRange(inner.GetValue<string>("--replicates")!);
        int? n = inner.GetValue<int?>("--bootstrap");
        if (n is not > 0) throw new UsageException("submit runs anova's parametric bootstrap: give --bootstrap N (N replicates) in the command after --.");
        return (1, n.Value);
    }

    /// <summary>
    /// A fit of data split over files (<c>fit --data 'parts/*.csv'</c>): one array task per file writes its cross-products,
    /// the collect job fits from them. Checked at once as fit would check it.
    /// </summary>
    private static RunManifest FitManifest(string[] args, int tasks, string? partition, string? time, string? mem)
    {
        var inner = new RootCommand { FitCommand.Create() }.Parse(args);
        if (inner.Errors.Count > 0) throw new UsageException("the command after --: " + inner.Errors[0].Message.ReplaceLineEndings(" "));
        if (inner.GetValue<string?>("--crossproducts") is not null) throw new UsageException("the fit after -- reads --data files: submit maps over them (give --data 'parts/*.csv').");
        var pattern = inner.GetValue<string?>("--data") ?? throw new UsageException("the fit after -- needs --data (a glob such as 'parts/*.csv', or files separated by commas).");
        var formula = inner.GetValue<string?>("--formula") ?? throw new UsageException("the fit after -- needs --formula.");
        _ = Formulas.FormulaParser.Parse(formula);
        var files = CrossproductsOption.Expand(pattern).Select(Path.GetFullPath).ToArray();
        foreach (var f in files) if (!File.Exists(f)) throw new DataException($"Data file '{f}' not found.");
        if (tasks != 0 && tasks != files.Length) throw new UsageException($"--tasks {tasks}: a fit over files runs one task per file ({files.Length}); leave --tasks out.");
        return new RunManifest
        {
            Command = args,
            Program = ProgramPath(),
            WorkingDirectory = Environment.CurrentDirectory,
            Tasks = files.Length,
            Seed = 0,
            Formula = formula,
            FirstReplicate = 0,
            Replicates = 0,
            Data = pattern,
            DataSha256 = RunManifest.Checksum(files),
            Inputs = files,
            Draws = "",
            Output = inner.GetValue<string>("--format") == "json" ? "output.json" : "output.txt",
            Partition = partition,
            Time = time,
            Memory = mem,
        };
    }

    /// <summary>How to start this program again on a node: its executable, or the dotnet host and this assembly.</summary>
    internal static string[] ProgramPath()
    {
        var process = Environment.ProcessPath ?? "resampling";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            // The assembly beside the host's argument (AppContext.BaseDirectory), not Assembly.Location, which a
            // single-file or NativeAOT build (scripts/publish-aot.sh) does not have: that build is its own executable.
            ? [process, Path.Combine(AppContext.BaseDirectory, typeof(SubmitCommand).Assembly.GetName().Name + ".dll")]
            : [process];
    }
}
