using System.CommandLine;
using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Formulas;
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
        var command = new Command("fit", "Fit a linear mixed model by REML (or ML) and print its summary.");
        data.AddTo(command);
        command.Options.Add(formula);
        command.Options.Add(ml);
        command.Options.Add(ranef);
        command.Options.Add(format);
        command.Options.Add(ddf);
        bootstrap.AddTo(command);
        command.Options.Add(level);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
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
}
