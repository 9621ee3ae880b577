using System.CommandLine;
using Resampling.Bootstrap;
using Resampling.Engine;
using Resampling.Inference.Deletion;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling ranova</c>: lmerTest's likelihood-ratio tests of each random-effects term (removed or reduced).</summary>
internal static class RanovaCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var formula = new Option<string>("--formula") { Description = "lme4 model formula with at least one random-effects term.", Required = true };
        var ml = new Option<bool>("--ml") { Description = "Fit (and refit the reduced models) by maximum likelihood instead of REML." };
        var format = FormatOption.Create();
        var bootstrap = new BootstrapRequest("a parametric-bootstrap p per row (pbkrtest's PBmodcomp)");
        var command = new Command("ranova", "lmerTest's ranova: likelihood-ratio tests of each random-effects term, removed or reduced.");
        data.AddTo(command);
        command.Options.Add(formula);
        command.Options.Add(ml);
        command.Options.Add(format);
        bootstrap.AddTo(command);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            var boot = bootstrap.Parse(r);
            var table = data.LoadFor(r, r.GetValue(formula)!);
            var model = LinearMixedModel.Fit(ModelDesigns.Build(table, r.GetValue(formula)!, r.GetValue(data.Weights)), new FitOptions { Reml = !r.GetValue(ml) });
            var result = RandomEffectsAnova.Compute(model);
            RandomEffectsAnovaBootstrapResult? pb = null;
            if (boot is not null)
            {
                using var progress = TerminalProgress.ForStderr("ranova");
                progress?.Step("replicates");
                pb = RandomEffectsAnovaBootstrap.Run(model, result, boot with { Progress = progress?.Counter("replicates") });
            }
            Console.Out.Write(r.GetValue(format) == "json" ? RanovaWriter.Json(result, pb) + Environment.NewLine : RanovaWriter.Text(result, pb));
            return ExitCodes.Success;
        }));
        return command;
    }
}
