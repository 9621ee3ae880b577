using System.CommandLine;
using Resampling.Engine;
using Resampling.Inference;
using Resampling.Inference.Deletion;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling drop1</c>: lmerTest's F tests of the fixed terms that can be dropped (marginal terms).</summary>
internal static class Drop1Command
{
    public static Command Create()
    {
        var data = new DataOptions();
        var formula = new Option<string>("--formula") { Description = "lme4 model formula.", Required = true };
        var ml = new Option<bool>("--ml") { Description = "Fit by maximum likelihood instead of REML." };
        var ddf = DdfOption.Create(allowNone: false);
        var format = FormatOption.Create();
        var command = new Command("drop1", "lmerTest's drop1: F tests of each fixed term that can be dropped respecting the hierarchy.");
        data.AddTo(command);
        command.Options.Add(formula);
        command.Options.Add(ml);
        command.Options.Add(ddf);
        command.Options.Add(format);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            bool byMl = r.GetValue(ml);
            var method = DdfOption.Parse(r.GetValue(ddf), byMl) ?? DdfMethod.Satterthwaite;
            var table = data.LoadFor(r, r.GetValue(formula)!);
            var model = LinearMixedModel.Fit(ModelDesigns.Build(table, r.GetValue(formula)!, r.GetValue(data.Weights)), new FitOptions { Reml = !byMl });
            var result = FixedTermDeletion.Compute(model, method);
            Console.Out.Write(r.GetValue(format) == "json" ? AnovaWriter.Json(result) + Environment.NewLine : AnovaWriter.Text(result));
            return ExitCodes.Success;
        }));
        return command;
    }
}
