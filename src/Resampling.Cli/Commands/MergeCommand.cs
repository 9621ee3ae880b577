using System.CommandLine;
using Resampling.Bootstrap;
using Resampling.Data;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling merge</c>: joins draws files of ranges of one bootstrap run and prints the whole run's table.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("draws") { Description = "Draws CSV files written by resampling boot --draws.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Write the merged draws to this CSV." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --output file." };
        var level = new Option<double>("--level") { Description = "Confidence level of the intervals.", DefaultValueFactory = _ => 0.95 };
        var format = FormatOption.Create();
        var command = new Command("merge", "Merge the draws of bootstrap ranges run separately (same seed) and summarise the whole run (boot, or pbmodcomp / anova --bootstrap draws).");
        command.Arguments.Add(files);
        foreach (var o in new Option[] { output, force, level, format }) command.Options.Add(o);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            double lv = r.GetValue(level);
            if (!(lv > 0 && lv < 1)) throw new UsageException("--level must be between 0 and 1.");
            var path = r.GetValue(output);
            OutputPaths.CheckFile(path, "--output");
            if (path is not null && File.Exists(path) && !r.GetValue(force)) throw new IOException($"'{path}' exists: use --force to overwrite it.");
            var merged = DrawsFileRun.Merge(r.GetValue(files)!, path);
            bool json = r.GetValue(format) == "json";
            if (merged.Type == PbModcompDrawsRun.TypeName)
            {
                // Draws of pbmodcomp or anova --bootstrap: the test as pbmodcomp prints it.
                var test = PbModcompDrawsRun.FromDraws(merged, sw.Elapsed);
                var (small, large) = PbModcompDrawsRun.Formulas(merged);
                Console.Out.Write(json ? BootstrapReport.PbModcompJson(test) + Environment.NewLine : BootstrapReport.PbModcompText(test, large, small));
                return ExitCodes.Success;
            }
            var result = merged.ToResult(sw.Elapsed);
            Console.Out.Write(json
                ? BootstrapReport.Json(result, lv, sw.Elapsed.TotalSeconds) + Environment.NewLine
                : BootstrapReport.Text(result, lv));
            return ExitCodes.Success;
        }));
        return command;
    }
}
