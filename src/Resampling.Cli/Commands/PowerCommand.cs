using System.CommandLine;
using System.Globalization;
using Resampling.Figures;
using Resampling.Formulas;
using Resampling.Power;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling power</c>: power of a test at a design, or along numbers of groups, by simulation (as simr).</summary>
internal static class PowerCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        data.Data.Required = false; // --design replaces --data and --formula
        var formula = new Option<string?>("--formula") { Description = "lme4 model formula (with --data)." };
        var design = new Option<string?>("--design") { Description = "A design written from scratch (JSON: levels, sizes, covariates, parameters) in place of --data and --formula." };
        var test = new Option<string?>("--test") { Description = "coef:NAME (a coefficient), term:NAME (a term's type III F test) or ranef:TERM|GROUP (a random effect)." };
        var replicates = new Option<string?>("--replicates") { Description = "Run only simulations A-B (e.g. 501-1000) of the run, a shard for --merge; in place of --nsim." };
        var shard = ShardOption.Create();
        var draws = new Option<string?>("--draws") { Description = "Also write this run's JSON (rejections and simulations used per size) to FILE: a shard's result for --merge." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --draws file." };
        var merge = new Option<string[]>("--merge") { Description = "Join the JSON outputs of shards (--replicates ranges) of one run, in place of a run.", AllowMultipleArgumentsPerToken = true };
        var method = new Option<string>("--method") { Description = "satterthwaite, kenward-roger, lrt or pb.", DefaultValueFactory = _ => "satterthwaite" };
        method.AcceptOnlyFromAmong("satterthwaite", "kenward-roger", "lrt", "pb");
        var set = new Option<string[]>("--set") { Description = "Parameter to change before simulating, e.g. \"cses:SECTOR=-0.5\", \"sd_cses|SCHOOL=0.2\", \"sigma=6\" (repeatable; names as confint's).", AllowMultipleArgumentsPerToken = false };
        var along = new Option<string?>("--along") { Description = "Grouping factor whose number of groups varies (with --sizes)." };
        var within = new Option<string?>("--within") { Description = "Grouping factor whose number of observations per group varies (with --sizes), as simr's within." };
        var sizes = new Option<string?>("--sizes") { Description = "Numbers of groups of --along (e.g. 20,40,80), or observations per group of --within." };
        var nsim = new Option<int>("--nsim") { Description = "Simulations per design.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed: simulation i uses the random stream of (seed, i).", DefaultValueFactory = _ => 1 };
        var alpha = new Option<double>("--alpha") { Description = "Significance level of the test.", DefaultValueFactory = _ => 0.05 };
        var target = new Option<double?>("--target") { Description = "Target power: report the smallest size reaching it." };
        var nullOption = new Option<bool>("--null") { Description = "Also simulate with the tested effect at zero and report the rejection rate (type I error)." };
        var plot = new Option<string?>("--plot") { Description = "Write the power curve as a PNG to this file." };
        var threads = new Option<int>("--threads") { Description = "Threads to use (0: every core).", DefaultValueFactory = _ => 0 };
        var format = new Option<string>("--format") { Description = "Output format: text, json or csv.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "csv");
        var command = new Command("power", "Power of a test by simulation from a fitted model, at the data's design or along numbers of groups (as R's simr).");
        data.AddTo(command);
        foreach (var o in new Option[] { formula, design, test, replicates, shard, draws, force, merge, method, set, along, within, sizes, nsim, seed, alpha, target, nullOption, plot, threads, format })
            command.Options.Add(o);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            OutputPaths.CheckFile(r.GetValue(plot), "--plot");
            if (r.GetValue(merge) is { Length: > 0 } shards)
            {
                if (r.GetValue(test) is not null || r.GetValue(design) is not null || r.GetValue(data.Data) is not null)
                    throw new UsageException("--merge joins finished runs: give it the shards' JSON files only (with --format, --plot).");
                Write(r, PowerResult.Merge(shards.Select(f => PowerReport.ReadJson(ReadShard(f), f)).ToList()), format, plot);
                return ExitCodes.Success;
            }
            if (r.GetValue(test) is null) throw new UsageException("--test is required: coef:NAME, term:NAME or ranef:TERM|GROUP.");
            if (r.GetValue(nsim) < 1) throw new UsageException("--nsim must be positive.");
            var (first, count) = (1L, r.GetValue(nsim));
            if (r.GetValue(replicates) is { } range)
            {
                if (r.GetResult(nsim) is { Implicit: false }) throw new UsageException("Give either --nsim or --replicates A-B, not both.");
                (first, count) = BootCommand.ParseRange(range);
            }
            if (ShardOption.Parse(r.GetValue(shard)) is { } part)
            {
                if (r.GetValue(replicates) is not null) throw new UsageException("Give either --shard K/N or --replicates A-B, not both.");
                if (r.GetValue(plot) is not null) throw new UsageException("--plot draws the whole run: give it to --merge of the shards, not to a shard.");
                (first, count) = ShardOption.Range(part, 1, count, "simulations");
            }
            ReplicateLimit.Check(count, "--nsim");
            var resultFile = r.GetValue(draws);
            OutputPaths.CheckFile(resultFile, "--draws");
            if (resultFile is not null && File.Exists(resultFile) && !r.GetValue(force))
                throw new IOException($"'{resultFile}' exists: use --force to overwrite it.");
            if (r.GetValue(threads) < 0) throw new UsageException("--threads must be 0 (every core) or a positive number.");
            if (r.GetValue(along) is not null && r.GetValue(within) is not null)
                throw new UsageException("Give either --along GROUP (numbers of groups) or --within GROUP (observations per group), not both.");
            if (r.GetValue(sizes) is not null && r.GetValue(along) is null && r.GetValue(within) is null)
                throw new UsageException("--sizes needs --along GROUP or --within GROUP.");
            var options = new PowerOptions
            {
                Test = PowerTest.Parse(r.GetValue(test)!),
                Method = PowerTest.ParseMethod(r.GetValue(method)!),
                Settings = r.GetValue(set) ?? [],
                Along = r.GetValue(along),
                Within = r.GetValue(within),
                Weights = r.GetValue(data.Weights),
                Sizes = ParseSizes(r.GetValue(sizes)),
                Simulations = count,
                FirstSimulation = first,
                Seed = r.GetValue(seed),
                Alpha = r.GetValue(alpha),
                Target = r.GetValue(target),
                Null = r.GetValue(nullOption),
                MaxThreads = r.GetValue(threads),
            };
            bool fromData = r.GetValue(data.Data) is not null;
            if (r.GetValue(design) is not null == (fromData || r.GetValue(formula) is not null))
                throw new UsageException("Give either --design FILE, or --data and --formula.");
            if (fromData != r.GetValue(formula) is not null) throw new UsageException("--data and --formula go together.");
            if (r.GetValue(design) is not null && r.GetValue(data.Weights) is not null)
                throw new UsageException("--weights goes with --data: a --design has no weights column.");
            using var progress = TerminalProgress.ForStderr("power");
            var counter = progress?.Counter("simulations");
            var result = r.GetValue(design) is { } file
                ? PowerAnalysis.Run(DesignSpec.Read(file, r.GetValue(seed)), options with { Progress = counter })
                : PowerAnalysis.Run(data.LoadFor(r, r.GetValue(formula)!), FormulaParser.Parse(r.GetValue(formula)!), options with { Progress = counter });
            progress?.Dispose();
            if (resultFile is not null)
            {
                // Through a temporary file, so that a shard killed while writing leaves no half result for collect.
                File.WriteAllText(resultFile + ".tmp", PowerReport.Json(result) + Environment.NewLine);
                File.Move(resultFile + ".tmp", resultFile, overwrite: true);
            }
            Write(r, result, format, plot);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Write(ParseResult r, PowerResult result, Option<string> format, Option<string?> plot)
    {
        if (r.GetValue(plot) is { } png) PowerFigure.Write(result, png);
        Console.Out.Write(r.GetValue(format) switch
        {
            "json" => PowerReport.Json(result) + Environment.NewLine,
            "csv" => PowerReport.Csv(result),
            _ => PowerReport.Text(result),
        });
    }

    private static string ReadShard(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new Data.DataException($"--merge '{path}': {e.Message}"); }
    }

    private static IReadOnlyList<int> ParseSizes(string? text)
    {
        if (text is null) return [];
        var sizes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int s))
                throw new UsageException($"--sizes '{text}': '{part}' is not a whole number.");
            if (s < 1) throw new UsageException($"--sizes: {s} is no design; every size must be at least 1.");
            sizes.Add(s);
        }
        if (sizes.Distinct().Count() != sizes.Count) throw new UsageException($"--sizes '{text}' repeats a size.");
        return sizes;
    }
}
