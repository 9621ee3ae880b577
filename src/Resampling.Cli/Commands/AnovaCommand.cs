using System.CommandLine;
using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Glmm;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary>
/// <c>resampling anova</c>: with one --formula, lmerTest's type III F tests (and --contrast tests); with several,
/// lme4's likelihood-ratio table of the nested models (refitted by ML).
/// </summary>
internal static class AnovaCommand
{
    public static Command Create()
    {
        var data = new DataOptions(crossproducts: true);
        var formulas = new Option<string[]>("--formula")
        {
            Description = "lme4 model formula; repeat it to compare nested models by likelihood-ratio tests (required with --data).",
            AllowMultipleArgumentsPerToken = false,
        };
        var ml = new Option<bool>("--ml") { Description = "Fit by maximum likelihood instead of REML (one model)." };
        var ddf = DdfOption.Create(allowNone: false);
        var contrasts = new Option<string[]>("--contrast")
        {
            Description = "Test a contrast of the fixed effects, e.g. \"cses:MEANSES = 0\" or \"SECTOR - MEANSES = 0\" (repeatable; one model).",
            AllowMultipleArgumentsPerToken = false,
        };
        var bootstrap = new Option<int?>("--bootstrap") { Description = "Add pbkrtest's parametric bootstrap p-values (PBmodcomp) with N replicates (two models)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the bootstrap's random streams.", DefaultValueFactory = _ => 1 };
        var format = FormatOption.Create();
        var command = new Command("anova", "Type III F tests of one model's fixed effects, or likelihood-ratio tests of nested models.");
        data.AddTo(command);
        command.Options.Add(formulas);
        command.Options.Add(ml);
        command.Options.Add(ddf);
        command.Options.Add(contrasts);
        command.Options.Add(bootstrap);
        command.Options.Add(seed);
        command.Options.Add(format);
        var bootstrapDraws = new LrtDrawsOptions("anova");
        bootstrapDraws.AddTo(command);
        var glmm = new GlmmOptions();
        glmm.AddTo(command);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            var fs = r.GetValue(formulas) ?? [];
            var specs = r.GetValue(contrasts) ?? [];
            int? asked = r.GetValue(bootstrap);
            if (asked is < 1) throw new UsageException($"--bootstrap {asked}: give the number of replicates, at least 1.");
            int replicates = asked ?? 0;
            ReplicateLimit.Check(replicates, "--bootstrap");
            if (glmm.Family(r) is { } family)
            {
                if (fs.Length < 2) throw new UsageException("anova with --family compares nested models by likelihood-ratio tests: give two or more --formula options.");
                if (r.GetValue(ml)) throw new UsageException("--ml goes with linear models: a generalised model is always fitted by maximum likelihood.");
                if (specs.Length > 0) throw new UsageException("--contrast is not yet supported with --family.");
                if (r.GetResult(ddf) is { Implicit: false }) throw new UsageException("--ddf goes with linear models: a generalised model's tests are likelihood-ratio tests.");
                if (r.GetValue(data.Crossproducts!) is not null) throw new UsageException("--crossproducts holds a linear model's sufficient statistics: give --data with --family.");
                if (fs.Length > 2 && replicates > 0) throw new UsageException("--bootstrap compares exactly two nested models.");
                if (bootstrapDraws.Given(r)) throw new UsageException("--draws, --resume, --force and --shard are not yet supported with --family.");
                return AnovaGeneralized(r, data, fs, family, glmm.Nagq(r), replicates, r.GetValue(seed), r.GetValue(format) == "json");
            }
            bool byMl = r.GetValue(ml);
            var method = DdfOption.Parse(r.GetValue(ddf), byMl && fs.Length == 1) ?? DdfMethod.Satterthwaite;
            if (fs.Length > 1 && specs.Length > 0) throw new UsageException("--contrast tests one model: give a single --formula.");
            if (fs.Length == 1 && replicates > 0) throw new UsageException("--bootstrap compares two models: give two --formula options.");
            if (fs.Length > 2 && replicates > 0) throw new UsageException("--bootstrap compares exactly two nested models.");
            if (replicates == 0 && bootstrapDraws.Given(r)) throw new UsageException("--draws, --resume, --force and --shard apply to --bootstrap.");
            var (first, count) = replicates > 0 ? bootstrapDraws.Range(r, 1, replicates) : (1, 0);
            bool json = r.GetValue(format) == "json";
            var options = new FitOptions { Reml = !byMl };
            List<LinearMixedModel> models;
            if (data.Crossproducts is not null && r.GetValue(data.Crossproducts) is { } shards)
            {
                if (r.GetValue(data.Data) is not null) throw new UsageException("give either --data or --crossproducts, not both.");
                if (fs.Length > 1) throw new UsageException("--crossproducts holds one model: likelihood-ratio tests of several need --data.");
                // lmerTest's type III contrasts are built from the model frame (every level's indicator), which needs the rows.
                if (specs.Length == 0) throw new UsageException("type III tests need the data rows: with --crossproducts give --contrast tests (or use --data).");
                models = [LinearMixedModel.Fit(CrossproductsOption.Design(shards, fs.FirstOrDefault()), options)];
            }
            else
            {
                if (fs.Length == 0) throw new UsageException("give --formula (or --crossproducts).");
                var table = data.LoadFor(r, fs);
                models = fs.Select(f => LinearMixedModel.Fit(ModelDesigns.Build(table, f, r.GetValue(data.Weights)), options)).ToList();
            }
            string dataName = data.DataName(r);
            if (models.Count > 1)
            {
                var lrt = LikelihoodRatioTest.Compare(models);
                if (replicates > 0)
                {
                    var run = new BootstrapOptions { Replicates = count, FirstReplicate = first, Seed = r.GetValue(seed) };
                    var boot = LikelihoodRatioBootstrap.With(lrt, bootstrapDraws.Run(r, lrt.Models[0], lrt.Models[1], run));
                    var pb = boot.Bootstrap;
                    Console.Error.WriteLine(FormattableString.Invariant(
                        $"parametric bootstrap: {pb.Replicates} replicates (seed {r.GetValue(seed)}), {pb.PositiveCount} usable, {pb.FailedCount} failed refits, {pb.Elapsed.TotalSeconds:F1} s"));
                    lrt = boot.Table;
                }
                if (lrt.Refitted && !json) Console.Error.WriteLine("refitting model(s) with ML (instead of REML)");
                Console.Out.Write(json ? AnovaWriter.Json(lrt) + Environment.NewLine : AnovaWriter.Text(lrt, dataName));
                return ExitCodes.Success;
            }
            var model = models[0];
            AnovaTable result;
            if (specs.Length > 0) result = ContrastAnova.Test(model, specs, method);
            else result = FixedEffectsAnova.TypeThree(model, method);
            Console.Out.Write(json ? AnovaWriter.Json(result) + Environment.NewLine : AnovaWriter.Text(result));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>glmer's anova(m0, m1, ...): the nested GLMMs' likelihood-ratio table, with PBmodcomp's p-values for --bootstrap.</summary>
    private static int AnovaGeneralized(ParseResult r, DataOptions data, string[] fs, GlmmFamily family, int nagq, int replicates, ulong seed, bool json)
    {
        var table = data.LoadFor(r, fs);
        var models = fs.Select(f => GeneralizedLinearMixedModel.Fit(GlmmProblem.Build(table, f, family, r.GetValue(data.Weights)), new GlmmFitOptions { Nagq = nagq })).ToList();
        for (int i = 0; i < models.Count; i++)
            foreach (var w in models[i].Warnings) DataOptions.Warn($"MODEL{i + 1}: {w}");
        var lrt = GlmmLikelihoodRatioTest.Compare(models, fs);
        var result = lrt.Table;
        if (replicates > 0)
        {
            var pb = GlmmParametricBootstrapLrt.Run(lrt.Models[0], lrt.Models[1], new BootstrapOptions { Replicates = replicates, Seed = seed });
            Console.Error.WriteLine(FormattableString.Invariant(
                $"parametric bootstrap: {pb.Replicates} replicates (seed {seed}), {pb.PositiveCount} usable, {pb.FailedCount} failed refits, {pb.Elapsed.TotalSeconds:F1} s"));
            double[] p = [pb.PValueBootstrap, pb.PValueBartlett, pb.PValueGamma];
            for (int k = 0; k < LikelihoodRatioBootstrap.Columns.Count; k++)
                result = result.WithColumn(new ExtraColumn(LikelihoodRatioBootstrap.Columns[k].Header, LikelihoodRatioBootstrap.Columns[k].JsonName, [null, p[k]]));
        }
        Console.Out.Write(json ? AnovaWriter.Json(result) + Environment.NewLine : AnovaWriter.Text(result, data.DataName(r)));
        return ExitCodes.Success;
    }
}
