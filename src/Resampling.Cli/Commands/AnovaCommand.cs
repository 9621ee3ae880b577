using Resampling.Bootstrap;
using System.CommandLine;
using Resampling.Engine;
using Resampling.Formulas;
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
        var data = new DataOptions();
        var formulas = new Option<string[]>("--formula")
        {
            Description = "lme4 model formula; repeat it to compare nested models by likelihood-ratio tests.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var ml = new Option<bool>("--ml") { Description = "Fit by maximum likelihood instead of REML (one model)." };
        var ddf = DdfOption.Create(allowNone: false);
        var contrasts = new Option<string[]>("--contrast")
        {
            Description = "Test a contrast of the fixed effects, e.g. \"cses:MEANSES = 0\" or \"SECTOR - MEANSES = 0\" (repeatable; one model).",
            AllowMultipleArgumentsPerToken = false,
        };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Add pbkrtest's parametric bootstrap p-values (PBmodcomp) with N replicates (two models)." };
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
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            var table = data.Load(r);
            var fs = r.GetValue(formulas) ?? [];
            bool json = r.GetValue(format) == "json";
            var options = new FitOptions { Reml = !r.GetValue(ml) };
            var models = fs.Select(f => LinearMixedModel.Fit(MixedModelDesign.Build(table, FormulaParser.Parse(f)), options)).ToList();
            string dataName = Path.GetFileName(r.GetValue(data.Data)!);
            if (models.Count > 1)
            {
                if ((r.GetValue(contrasts) ?? []).Length > 0)
                    throw new ModelException("--contrast tests one model: give a single --formula.");
                var lrt = LikelihoodRatioTest.Compare(models);
                int replicates = r.GetValue(bootstrap);
                if (replicates > 0) lrt = WithBootstrap(lrt, replicates, r.GetValue(seed));
                if (lrt.Refitted && !json) Console.Error.WriteLine("refitting model(s) with ML (instead of REML)");
                Console.Out.Write(json ? AnovaWriter.Json(lrt) + Environment.NewLine : AnovaWriter.Text(lrt, dataName));
                return ExitCodes.Success;
            }
            var model = models[0];
            var method = DdfOption.Parse(r.GetValue(ddf)) ?? DdfMethod.Satterthwaite;
            var specs = r.GetValue(contrasts) ?? [];
            AnovaTable result;
            if (specs.Length > 0)
            {
                var names = model.FixedEffects.Select(f => f.Name).ToList();
                var rows = specs.Select(s => FixedEffectsAnova.Contrast(model, s, [ContrastSpec.Parse(s, names)], method)).ToList();
                result = new AnovaTable($"F tests of contrasts with {method.Possessive()} method", method, rows, []);
            }
            else result = FixedEffectsAnova.TypeThree(model, method);
            if (r.GetValue(bootstrap) > 0)
                throw new ModelException("--bootstrap compares two models: give two --formula options.");
            Console.Out.Write(json ? AnovaWriter.Json(result) + Environment.NewLine : AnovaWriter.Text(result));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>pbkrtest's PBmodcomp columns (bootstrap, Bartlett-corrected and Gamma p-values) for the larger model's row.</summary>
    private static LikelihoodRatioTable WithBootstrap(LikelihoodRatioTable lrt, int replicates, ulong seed)
    {
        if (lrt.Models.Count != 2)
            throw new ModelException("--bootstrap compares exactly two nested models.");
        var pb = ParametricBootstrapLrt.Run(lrt.Models[0], lrt.Models[1], replicates, seed);
        Console.Error.WriteLine(FormattableString.Invariant(
            $"parametric bootstrap: {pb.Replicates} replicates (seed {seed}), {pb.PositiveCount} usable, {pb.FailedCount} failed refits, {pb.Elapsed.TotalSeconds:F1} s"));
        return lrt
            .WithColumn(new ExtraColumn("PB p", "pBootstrap", [null, pb.PValueBootstrap]))
            .WithColumn(new ExtraColumn("Bartlett p", "pBartlett", [null, pb.PValueBartlett]))
            .WithColumn(new ExtraColumn("Gamma p", "pGamma", [null, pb.PValueGamma]));
    }
}
