using System.CommandLine;
using System.Diagnostics;
using Resampling.Bootstrap;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Glmm;
using Resampling.Model;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary>
/// <c>resampling boot</c>: parametric, case or residual bootstrap of one model; prints the intervals table (or JSON),
/// streams draws to a CSV, runs a range of replicates, resumes an interrupted run. The parametric bootstrap also runs
/// from shards' cross-products (<c>--crossproducts 'parts/*.rxp'</c>, docs/cluster.md §5).
/// </summary>
internal static class BootCommand
{
    public static Command Create()
    {
        var data = new DataOptions(crossproducts: true);
        var formula = new Option<string>("--formula") { Description = "lme4 model formula (required with --data; with --crossproducts, the files' own)." };
        var ml = new Option<bool>("--ml") { Description = "Fit (and refit) by maximum likelihood instead of REML." };
        var replicates = new Option<string>("--replicates") { Description = "Number of replicates (1000), or a range such as 5001-10000.", DefaultValueFactory = _ => "1000" };
        var seed = new Option<ulong>("--seed") { Description = "Seed: replicate i uses the random stream of (seed, i).", DefaultValueFactory = _ => 1 };
        var type = new Option<string>("--type") { Description = "parametric, case or residual.", DefaultValueFactory = _ => "parametric" };
        type.AcceptOnlyFromAmong("parametric", "case", "residual");
        var useU = new Option<bool>("--use-u") { Description = "Parametric: simulate conditional on the estimated random effects (lme4's use.u = TRUE)." };
        var within = new Option<bool>("--within") { Description = "Case: also resample the observations within each resampled (innermost) group." };
        var resampleLevels = new Option<string?>("--resample-levels")
        {
            Description = "Case: resample at each level or not, as lmeresampler's resample: true/false per grouping factor, outermost first, then the observations (e.g. true,false,true).",
        };
        var level = new Option<double>("--level") { Description = "Confidence level of the intervals.", DefaultValueFactory = _ => 0.95 };
        var draws = new Option<string?>("--draws") { Description = "CSV file to stream the draws to." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --draws: replicates already there are not run again." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --draws file." };
        var threads = new Option<int>("--threads") { Description = "Threads to use (0: every core).", DefaultValueFactory = _ => 0 };
        var shard = ShardOption.Create();
        var format = FormatOption.Create();
        var glmm = new GlmmOptions();
        var command = new Command("boot", "Bootstrap a linear mixed model, or a generalised one (--family, parametric): intervals for every parameter (as lme4's bootMer / confint(method = \"boot\")).");
        data.AddTo(command);
        foreach (var o in new Option[] { formula, ml, replicates, seed, type, useU, within, resampleLevels, level, draws, resume, force, threads, shard, format }) command.Options.Add(o);
        glmm.AddTo(command);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            var sw = Stopwatch.StartNew();
            if (glmm.Family(r) is { } family)
            {
                // Only the parametric bootstrap of a GLMM so far; the options that belong to the other schemes or to linear
                // models are refused rather than ignored.
                if (r.GetValue(type) != "parametric") throw new UsageException($"--type {r.GetValue(type)} is not yet supported with --family: a generalised model has the parametric bootstrap.");
                if (r.GetValue(useU)) throw new UsageException("--use-u is not yet supported with --family: a generalised model's bootstrap simulates new random effects.");
                if (r.GetValue(ml)) throw new UsageException("--ml goes with linear models: a generalised model is always fitted by maximum likelihood.");
                if (r.GetValue(data.Crossproducts!) is not null) throw new UsageException("--crossproducts holds a linear model's sufficient statistics: give --data with --family.");
                return BootGeneralized(r, data, formula, family, glmm.Nagq(r), replicates, seed, level, threads, format, sw, (draws, resume, force, shard));
            }
            bool fromCrossproducts = r.GetValue(data.Crossproducts!) is not null;
            if (fromCrossproducts && r.GetValue(type) != "parametric")
                throw new UsageException($"--type {r.GetValue(type)} resamples the data's rows, which cross-products do not keep: give --data (the parametric bootstrap runs from --crossproducts).");
            double lv = r.GetValue(level);
            if (!(lv > 0 && lv < 1)) throw new UsageException("--level must be between 0 and 1.");
            if (r.GetValue(threads) < 0) throw new UsageException("--threads must be 0 (every core) or a positive number.");
            var (first, count) = ParseRange(r.GetValue(replicates)!);
            var levels = r.GetValue(resampleLevels) is { } rl ? ParseLevels(rl) : null;
            if (levels is not null && r.GetValue(within))
                throw new UsageException("Give either --within or --resample-levels, not both.");
            if (levels is not null && r.GetValue(type) != "case")
                throw new UsageException("--resample-levels applies to the case bootstrap (--type case) only.");
            if (r.GetValue(within) && r.GetValue(type) != "case")
                throw new UsageException("--within applies to the case bootstrap (--type case) only.");
            if (r.GetValue(useU) && r.GetValue(type) != "parametric")
                throw new UsageException("--use-u applies to the parametric bootstrap (--type parametric) only.");
            ReplicateLimit.Check(count, "--replicates");
            if (ShardOption.Parse(r.GetValue(shard)) is { } part)
            {
                if (r.GetValue(draws) is null) throw new UsageException("--shard needs --draws: the shards' draws files are what merge (or collect) joins.");
                (first, count) = ShardOption.Range(part, first, count);
            }
            OutputPaths.CheckFile(r.GetValue(draws), "--draws");
            using var progress = TerminalProgress.ForStderr("boot");
            progress?.Step("reading the data");
            // From cross-products the formula is the files' own, as they write it (it names the run in a draws file).
            var design = fromCrossproducts ? data.Design(r, formula) : null;
            var f = design?.Formula.Text ?? r.GetValue(formula) ?? throw new UsageException("give --formula (or --crossproducts).");
            design ??= ModelDesigns.Build(data.LoadFor(r, f), f, r.GetValue(data.Weights));
            var model = LinearMixedModel.Fit(design, new FitOptions { Reml = !r.GetValue(ml), Progress = progress?.Fit() });
            var kind = Enum.Parse<BootstrapType>(r.GetValue(type)!, ignoreCase: true);
            var path = r.GetValue(draws);
            if (path is not null && File.Exists(path) && !r.GetValue(resume) && !r.GetValue(force))
                throw new IOException($"'{path}' exists: use --resume to continue that run or --force to overwrite it.");

            return RunReplicates(token =>
            {
                var options = new BootstrapOptions
                {
                    Replicates = count, FirstReplicate = first, Seed = r.GetValue(seed), UseU = r.GetValue(useU),
                    ResampleWithinGroups = r.GetValue(within), ResampleLevels = levels,
                    MaxThreads = r.GetValue(threads), Cancellation = token, Progress = progress?.Counter("replicates"),
                };
                // With --draws the library streams every draw to the file (and resumes it): an interruption keeps the work.
                return path is null
                    ? BootstrapRun.Run(model, kind, options)
                    : DrawsFileRun.Run(model, kind, options, path, r.GetValue(resume) ? DrawsFileMode.Resume : DrawsFileMode.Overwrite, f);
            }, path, lv, r.GetValue(format)!, sw, progress);
        }));
        return command;
    }

    private static int BootGeneralized(ParseResult r, DataOptions data, Option<string> formula, GlmmFamily family, int nagq,
        Option<string> replicates, Option<ulong> seed, Option<double> level, Option<int> threads, Option<string> format, Stopwatch sw,
        (Option<string?> Draws, Option<bool> Resume, Option<bool> Force, Option<string?> Shard) file)
    {
        double lv = r.GetValue(level);
        if (!(lv > 0 && lv < 1)) throw new UsageException("--level must be between 0 and 1.");
        if (r.GetValue(threads) < 0) throw new UsageException("--threads must be 0 (every core) or a positive number.");
        var (first, count) = ParseRange(r.GetValue(replicates)!);
        ReplicateLimit.Check(count, "--replicates");
        var path = r.GetValue(file.Draws);
        if (ShardOption.Parse(r.GetValue(file.Shard)) is { } part)
        {
            if (path is null) throw new UsageException("--shard needs --draws: the shards' draws files are what merge (or collect) joins.");
            (first, count) = ShardOption.Range(part, first, count);
        }
        OutputPaths.CheckFile(path, "--draws");
        if (r.GetValue(formula) is not { } f) throw new UsageException("give --formula.");
        if (path is not null && File.Exists(path) && !r.GetValue(file.Resume) && !r.GetValue(file.Force))
            throw new IOException($"'{path}' exists: use --resume to continue that run or --force to overwrite it.");
        using var progress = TerminalProgress.ForStderr("boot");
        progress?.Step("reading the data");
        var problem = GlmmProblem.Build(data.LoadFor(r, f), f, family, r.GetValue(data.Weights));
        progress?.Step("fitting the model");
        var model = GeneralizedLinearMixedModel.Fit(problem, new GlmmFitOptions { Nagq = nagq });
        foreach (var w in model.Warnings) DataOptions.Warn(w);
        return RunReplicates(token =>
        {
            var options = new BootstrapOptions
            {
                Replicates = count, FirstReplicate = first, Seed = r.GetValue(seed), MaxThreads = r.GetValue(threads),
                Cancellation = token, Progress = progress?.Counter("replicates"),
            };
            // As the linear path: with --draws every draw is streamed to the file (and a run there resumed).
            return path is null
                ? GlmmParametricBootstrap.Run(model, options)
                : DrawsFileRun.Run(model, options, path, r.GetValue(file.Resume) ? DrawsFileMode.Resume : DrawsFileMode.Overwrite, f);
        }, path, lv, r.GetValue(format)!, sw, progress);
    }

    /// <summary>
    /// Runs the replicates with Ctrl+C cancelling them (what is done is kept, reported and, with --draws, saved for
    /// --resume), then writes the report; shared by the linear and generalised bootstraps.
    /// </summary>
    private static int RunReplicates(Func<CancellationToken, BootstrapResult> run, string? path, double level, string format, Stopwatch sw,
        TerminalProgress? progress)
    {
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            progress?.Step("replicates");
            var result = run(cts.Token);
            progress?.Dispose();
            if (cts.IsCancellationRequested)
                Console.Error.WriteLine($"interrupted: {result.Replicates} replicates done" + (path is null ? "" : $" and saved in {path} (run again with --resume)"));
            Console.Out.Write(format == "json"
                ? BootstrapReport.Json(result, level, sw.Elapsed.TotalSeconds) + Environment.NewLine
                : BootstrapReport.Text(result, level));
            return cts.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Success;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>"true,false,..." (also TRUE/FALSE, T/F, 1/0): lmeresampler's resample vector.</summary>
    internal static bool[] ParseLevels(string text) => text.Split(',').Select(part => part.Trim().ToLowerInvariant() switch
    {
        "true" or "t" or "1" => true,
        "false" or "f" or "0" => false,
        _ => throw new UsageException($"--resample-levels '{text}': give true or false per level, separated by commas (e.g. true,false,true)."),
    }).ToArray();

    /// <summary>"N" (replicates 1..N) or "A-B" (replicates A..B).</summary>
    internal static (long First, int Count) ParseRange(string text)
    {
        var parts = text.Split('-');
        if (parts.Length == 1 && int.TryParse(parts[0], out var n) && n > 0) return (1, n);
        if (parts.Length == 2 && long.TryParse(parts[0], out var a) && long.TryParse(parts[1], out var b) && a >= 1 && b >= a && b - a < int.MaxValue)
            return (a, (int)(b - a + 1));
        throw new UsageException($"--replicates '{text}': give a positive number or a range such as 5001-10000.");
    }
}
