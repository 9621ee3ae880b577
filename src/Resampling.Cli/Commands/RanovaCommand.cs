using System.CommandLine;
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
        var command = new Command("ranova", "lmerTest's ranova: likelihood-ratio tests of each random-effects term, removed or reduced.");
        data.AddTo(command);
        command.Options.Add(formula);
        command.Options.Add(ml);
        command.Options.Add(format);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            var table = data.Load(r);
            var model = LinearMixedModel.Fit(ModelDesigns.Build(table, r.GetValue(formula)!, r.GetValue(data.Weights)), new FitOptions { Reml = !r.GetValue(ml) });
            var result = RandomEffectsAnova.Compute(model);
            Console.Out.Write(r.GetValue(format) == "json" ? RanovaWriter.Json(result) + Environment.NewLine : RanovaWriter.Text(result));
            return ExitCodes.Success;
        }));
        return command;
    }
}
