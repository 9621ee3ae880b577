using System.CommandLine;
using Resampling.Engine;
using Resampling.Figures;
using Resampling.Figures.Html;
using Resampling.Inference.Checks;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling check</c>: the model-check HTML report (residual and random-effect plots, influence of each group).</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var formula = new Option<string>("--formula") { Description = "lme4 model formula with at least one random-effects term.", Required = true };
        var ml = new Option<bool>("--ml") { Description = "Fit by maximum likelihood instead of REML." };
        var output = new Option<string>("--output") { Description = "The HTML file to write.", DefaultValueFactory = _ => "check-report.html" };
        var noInfluence = new Option<bool>("--no-influence") { Description = "Skip Cook's distances (one refit per group of the first grouping factor)." };
        var command = new Command("check", "Model-check report: residuals against fitted values, normal QQ plots, residuals by group, influence of each group.");
        data.AddTo(command);
        foreach (var o in new Option[] { formula, ml, output, noInfluence }) command.Options.Add(o);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            string path = r.GetValue(output)!;
            OutputPaths.CheckFile(path, "--output");
            var table = data.LoadFor(r, r.GetValue(formula)!);
            var design = ModelDesigns.Build(table, r.GetValue(formula)!, r.GetValue(data.Weights));
            var model = LinearMixedModel.Fit(design, new FitOptions { Reml = !r.GetValue(ml) });
            var check = ModelCheck.Compute(model, influence: !r.GetValue(noInfluence));
            string dataName = Path.GetFileName(r.GetValue(data.Data)!);
            File.WriteAllText(path, CheckHtmlReport.Write(check, CheckFigures.Create(check), SummaryWriter.Write(model, dataName), dataName));
            Console.Out.WriteLine($"Wrote {path}");
            return ExitCodes.Success;
        }));
        return command;
    }
}
