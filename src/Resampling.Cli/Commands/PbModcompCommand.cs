using System.CommandLine;
using Resampling.Bootstrap;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Glmm;
using Resampling.Model;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling pbmodcomp</c>: pbkrtest's parametric bootstrap comparison of a smaller model with a larger one.</summary>
internal static class PbModcompCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var formulas = new Option<string[]>("--formula") { Description = "The smaller (null) model, then the larger one.", Required = true };
        var replicates = new Option<string>("--replicates") { Description = "Number of simulated data sets (1000), or a range such as 5001-10000.", DefaultValueFactory = _ => "1000" };
        var seed = new Option<ulong>("--seed") { Description = "Seed: replicate i uses the random stream of (seed, i).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Threads to use (0: every core).", DefaultValueFactory = _ => 0 };
        var format = FormatOption.Create();
        var drawsOptions = new LrtDrawsOptions("pbmodcomp");
        var command = new Command("pbmodcomp", "Parametric bootstrap likelihood-ratio test of two nested models (pbkrtest's PBmodcomp).");
        data.AddTo(command);
        foreach (var o in new Option[] { formulas, replicates, seed, threads, format }) command.Options.Add(o);
        drawsOptions.AddTo(command);
        var glmm = new GlmmOptions();
        glmm.AddTo(command);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            var f = r.GetValue(formulas) ?? [];
            if (f.Length != 2) throw new UsageException("Give exactly two --formula options: the smaller model, then the larger one.");
            var (first, count) = BootCommand.ParseRange(r.GetValue(replicates)!);
            ReplicateLimit.Check(count, "--replicates");
            if (r.GetValue(threads) < 0) throw new UsageException("--threads must be 0 (every core) or a positive number.");
            if (glmm.Family(r) is { } family)
            {
                if (drawsOptions.Given(r)) throw new UsageException("--draws, --resume, --force and --shard are not yet supported with --family.");
                var rows = data.LoadFor(r, f);
                var fitOptions = new GlmmFitOptions { Nagq = glmm.Nagq(r) };
                if (FormulaParser.Parse(f[0]).Random.Count == 0)
                    throw new UsageException("With --family both models need random effects: a smaller GLM without them is not yet supported.");
                var models = f.Select(x => GeneralizedLinearMixedModel.Fit(GlmmProblem.Build(rows, x, family, r.GetValue(data.Weights)), fitOptions)).ToArray();
                foreach (var w in models.SelectMany(m => m.Warnings)) DataOptions.Warn(w);
                var pb = GlmmParametricBootstrapLrt.Run(models[0], models[1], new BootstrapOptions
                {
                    Replicates = count, FirstReplicate = first, Seed = r.GetValue(seed), MaxThreads = r.GetValue(threads),
                });
                Console.Out.Write(r.GetValue(format) == "json" ? BootstrapReport.PbModcompJson(pb) + Environment.NewLine : BootstrapReport.PbModcompText(pb, f[1], f[0]));
                return ExitCodes.Success;
            }
            (first, count) = drawsOptions.Range(r, first, count);
            using var progress = TerminalProgress.ForStderr("pbmodcomp");
            progress?.Step("reading the data");
            var table = data.LoadFor(r, f);
            // A smaller formula with no random term is a linear model (pbkrtest's PBmodcomp(lmer, lm)).
            var smallFormula = FormulaParser.Parse(f[0]);
            var small = smallFormula.Random.Count == 0 ? null
                : LinearMixedModel.Fit(ModelDesigns.Build(table, f[0], r.GetValue(data.Weights)), new FitOptions { Reml = false, Progress = progress?.Fit("fitting the smaller model") });
            var large = LinearMixedModel.Fit(ModelDesigns.Build(table, f[1], r.GetValue(data.Weights)), new FitOptions { Reml = false, Progress = progress?.Fit("fitting the larger model") });
            progress?.Step("replicates");
            var options = new BootstrapOptions
            {
                Replicates = count, FirstReplicate = first, Seed = r.GetValue(seed), MaxThreads = r.GetValue(threads), Progress = progress?.Counter("replicates"),
            };
            if (small is null && drawsOptions.Given(r))
                throw new UsageException("--draws, --resume and --shard need two mixed models: a linear smaller model runs on one machine.");
            var result = small is null
                ? ParametricBootstrapLrt.RunAgainstLinearModel(smallFormula, large, options)
                : drawsOptions.Run(r, small, large, options);
            progress?.Dispose();
            Console.Out.Write(r.GetValue(format) == "json"
                ? BootstrapReport.PbModcompJson(result) + Environment.NewLine
                : BootstrapReport.PbModcompText(result, f[1], f[0]));
            return ExitCodes.Success;
        }));
        return command;
    }
}
