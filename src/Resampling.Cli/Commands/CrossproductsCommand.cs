using System.CommandLine;
using System.Globalization;
using Resampling.Cluster;
using Resampling.Formulas;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary>
/// <c>resampling crossproducts --data part.csv --formula F --out part.rxp</c>: the cross-products of one shard of data
/// split over files or machines; fit, confint and anova read them with <c>--crossproducts 'parts/*.rxp'</c>.
/// </summary>
internal static class CrossproductsCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var formula = new Option<string>("--formula") { Description = "lme4 model formula (the same for every shard).", Required = true };
        var output = new Option<string>("--out") { Description = "The .rxp file to write.", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite --out if it exists." };
        var command = new Command("crossproducts", "Write the cross-products of one shard of the data (.rxp), for a fit of data split over files: fit --crossproducts 'parts/*.rxp'.");
        data.AddTo(command);
        command.Options.Add(formula);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            var path = r.GetValue(output)!;
            OutputPaths.CheckFile(path, "--out");
            if (File.Exists(path) && !r.GetValue(force)) throw new IOException($"'{path}' exists: use --force to overwrite it.");
            var shard = ShardCrossproducts.Compute(data.LoadFor(r, r.GetValue(formula)!), FormulaParser.Parse(r.GetValue(formula)!), r.GetValue(data.Weights));
            CrossproductsFile.Write(path, shard);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path}: {shard.Rows} rows ({shard.DroppedRows} dropped for missing values), {shard.CellCount} cells of {shard.Dimension} columns"));
            return ExitCodes.Success;
        }));
        return command;
    }
}
