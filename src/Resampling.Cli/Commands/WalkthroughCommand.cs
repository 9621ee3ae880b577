using System.CommandLine;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Inference;
using Resampling.Model;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary>
/// <c>resampling walkthrough</c>: the walkthrough's models Mod1 to Mod5 on HSB (cses = SES − MEANSES), with their
/// summaries and the first 20 schools' conditional modes from Mod1 and Mod5, as the walkthrough prints them;
/// <c>--format json</c> gives every model's fit document and the test as one JSON document.
/// </summary>
internal static class WalkthroughCommand
{
    public static Command Create()
    {
        var dataOption = new Option<string>("--data") { Description = "The HSB data (CSV or SAS7BDAT, chosen by content).", DefaultValueFactory = _ => Path.Combine("data", "hsb12.csv") };
        var format = FormatOption.Create();
        var command = new Command("walkthrough", "Fit the walkthrough's models Mod1 to Mod5 on HSB and print their summaries.");
        command.Options.Add(dataOption);
        command.Options.Add(format);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            var path = r.GetValue(dataOption)!;
            var table = HsbModels.WithCses(TableReader.Read(path));
            bool json = r.GetValue(format) == "json";
            var fits = new Dictionary<string, LinearMixedModel>();
            var documents = new List<(string, LinearMixedModel, IReadOnlyList<FixedEffect>)>();
            foreach (var (name, formula) in HsbModels.All)
            {
                var m = LinearMixedModel.Fit(table, formula);
                fits[name] = m;
                var fixedEffects = FixedEffectsInference.Satterthwaite(m);
                documents.Add((name, m, fixedEffects));
                if (json) continue;
                Console.Out.WriteLine($"==== {name}: {formula}");
                Console.Out.WriteLine(SummaryWriter.Write(m, fixedEffects, "Satterthwaite's", Path.GetFileName(path)));
            }
            var lrt = LikelihoodRatioTest.Compare([fits["Mod5"], fits["Mod4"]], ["Mod5", "Mod4"]);
            if (json)
            {
                Console.Out.WriteLine(WalkthroughJson.Write(Path.GetFileName(path), documents, lrt));
                return ExitCodes.Success;
            }
            Console.Out.WriteLine("==== anova(Mod5, Mod4): refitting model(s) with ML (instead of REML)");
            Console.Out.WriteLine(AnovaWriter.Text(lrt, Path.GetFileName(path)));
            Console.Out.WriteLine("==== School effects: cbind(ranef(Mod1)$SCHOOL, ranef(Mod5)$SCHOOL)[1:20,]");
            var r1 = fits["Mod1"].RandomEffects[0];
            var r5 = fits["Mod5"].RandomEffects[0];
            var rows = Enumerable.Range(0, 20).Select(i => new[] { RFormat.Fixed(r1.Values[i, 0], 7), RFormat.Fixed(r5.Values[i, 0], 7) }).ToList();
            var sb = new System.Text.StringBuilder();
            SummaryWriter.AppendTable(sb, ["Mod1 (Intercept)", "Mod5 (Intercept)"], rows, r1.Levels.Take(20).ToArray());
            Console.Out.Write(sb.ToString());
            return ExitCodes.Success;
        }));
        return command;
    }
}
