using System.CommandLine;
using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Glmm;
using Resampling.Inference;
using Resampling.Inference.Decomposition;
using Resampling.Model;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling fit</c>: fit one model and print lme4's summary, or JSON.</summary>
internal static class FitCommand
{
    public static Command Create()
    {
        var data = new DataOptions(crossproducts: true);
        var formula = new Option<string>("--formula") { Description = "lme4 model formula, e.g. \"MATHACH ~ cses + (1 + cses|SCHOOL)\" (required with --data)." };
        var ml = new Option<bool>("--ml") { Description = "Fit by maximum likelihood instead of REML." };
        var ranef = new Option<bool>("--ranef") { Description = "Also print the conditional modes of the random effects." };
        var format = FormatOption.Create();
        var ddf = DdfOption.Create(allowNone: true);
        var bootstrap = new BootstrapRequest("percentile intervals for the ICC and R2");
        var level = new Option<double?>("--level") { Description = "Confidence level of the --bootstrap intervals (0.95)." };
        var glmm = new GlmmOptions();
        var command = new Command("fit", "Fit a linear mixed model by REML (or ML), or a generalised one (--family) as glmer does, and print its summary.");
        data.AddTo(command);
        command.Options.Add(formula);
        command.Options.Add(ml);
        command.Options.Add(ranef);
        command.Options.Add(format);
        command.Options.Add(ddf);
        bootstrap.AddTo(command);
        command.Options.Add(level);
        glmm.AddTo(command);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            if (glmm.Family(r) is { } family)
            {
                if (r.GetValue(ml)) throw new UsageException("--ml goes with linear models: a generalised model is always fitted by maximum likelihood.");
                if (r.GetResult(ddf) is { Implicit: false }) throw new UsageException("--ddf goes with linear models: a generalised model's fixed effects have Wald z tests.");
                if (bootstrap.Parse(r) is not null || r.GetValue(level) is not null)
                    throw new UsageException("--bootstrap is not yet supported with --family.");
                if (data.Crossproducts is not null && r.GetValue(data.Crossproducts) is not null)
                    throw new UsageException("--crossproducts holds a linear model's sufficient statistics: give --data with --family.");
                return FitGeneralized(r, data, formula, family, glmm.Nagq(r), r.GetValue(ranef), r.GetValue(format) == "json");
            }
            var method = DdfOption.Parse(r.GetValue(ddf), r.GetValue(ml));
            var boot = bootstrap.Parse(r);
            double? asked = r.GetValue(level);
            if (asked is not null && boot is null) throw new UsageException("--level is the bootstrap intervals': give --bootstrap N.");
            if (asked is not (null or (> 0 and < 1))) throw new UsageException($"--level {asked}: give a confidence level between 0 and 1, e.g. 0.95.");
            if (boot is not null && data.Crossproducts is not null && r.GetValue(data.Crossproducts) is not null)
                throw new UsageException("--bootstrap simulates and refits the data rows: give --data, not --crossproducts.");
            var design = data.Design(r, formula);
            LinearMixedModel model;
            DecompositionBootstrapResult? intervals = null;
            using (var progress = TerminalProgress.ForStderr("fit"))
            {
                model = LinearMixedModel.Fit(design, new FitOptions { Reml = !r.GetValue(ml), Progress = progress?.Fit() });
                if (boot is not null)
                {
                    progress?.Step("replicates");
                    intervals = DecompositionBootstrap.Run(model, boot with { Progress = progress?.Counter("replicates") }, asked ?? 0.95);
                }
            }
            var fixedEffects = method is { } dm ? FixedEffectsInference.Compute(model, dm) : model.FixedEffects;
            if (r.GetValue(format) == "json")
            {
                Console.Out.WriteLine(FitJson.Write(model, r.GetValue(ranef), fixedEffects, intervals));
                return ExitCodes.Success;
            }
            Console.Out.Write(SummaryWriter.Write(model, fixedEffects, method?.Possessive(), data.DataName(r)));
            Console.Out.WriteLine();
            Console.Out.Write(DecompositionWriter.Write(VarianceDecomposition.Of(model), intervals));
            if (r.GetValue(ranef))
            {
                Console.Out.WriteLine();
                Console.Out.WriteLine("Conditional modes of the random effects (condsd: conditional sd, lme4's condVar):");
                Console.Out.Write(RanefWriter.Write(model));
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static int FitGeneralized(ParseResult r, DataOptions data, Option<string> formula, GlmmFamily family, int nagq, bool ranef, bool json)
    {
        if (r.GetValue(formula) is not { } f) throw new UsageException("give --formula.");
        var table = data.LoadFor(r, f);
        var problem = GlmmProblem.Build(table, f, family, r.GetValue(data.Weights));
        var model = GeneralizedLinearMixedModel.Fit(problem, new GlmmFitOptions { Nagq = nagq });
        // glmer warns and still returns its fit: so here, one line each on stderr.
        foreach (var w in model.Warnings) DataOptions.Warn(w);
        if (json)
        {
            Console.Out.WriteLine(GlmmFitJson.Write(model, ranef));
            return ExitCodes.Success;
        }
        Console.Out.Write(GlmmSummaryWriter.Write(model, data.DataName(r)));
        if (ranef)
        {
            Console.Out.WriteLine();
            Console.Out.WriteLine("Conditional modes of the random effects (link scale; condsd: conditional sd, lme4's condVar):");
            Console.Out.Write(RanefWriter.Write(model.RandomEffects));
        }
        return ExitCodes.Success;
    }
}
