using System.CommandLine;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Glmm;
using Resampling.Model;
using Resampling.Prediction;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling predict</c>: lme4's predict(model, newdata) at population level (re.form = NA) or conditional on groups.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var formula = new Option<string>("--formula") { Description = "lme4 model formula.", Required = true };
        var ml = new Option<bool>("--ml") { Description = "Fit by maximum likelihood instead of REML." };
        var newdata = new Option<string>("--newdata") { Description = "CSV of rows to predict (the response column is not needed; --compute and --factor apply to it too).", Required = true };
        var reForm = new Option<string>("--re-form") { Description = "NA: population level (Xβ, with standard errors); full: conditional on the groups (new levels fall back to population level).", DefaultValueFactory = _ => "NA" };
        reForm.AcceptOnlyFromAmong("NA", "full");
        var interval = new Option<string>("--interval") { Description = "none; confidence: for the mean prediction; prediction: for a new observation (adds σ² and the random effects' variance; docs/inference.md §7).", DefaultValueFactory = _ => "none" };
        interval.AcceptOnlyFromAmong("none", "confidence", "prediction");
        var level = new Option<double>("--level") { Description = "Coverage of --interval (normal quantiles).", DefaultValueFactory = _ => 0.95 };
        var output = new Option<string?>("--output") { Description = "Write the predictions to this file instead of standard output." };
        var format = FormatOption.Create("csv");
        var command = new Command("predict", "Predict new rows from a fitted linear mixed model (lme4's predict).");
        data.AddTo(command);
        command.Options.Add(formula);
        command.Options.Add(ml);
        command.Options.Add(newdata);
        command.Options.Add(reForm);
        command.Options.Add(interval);
        command.Options.Add(level);
        command.Options.Add(output);
        var force = new Option<bool>("--force") { Description = "Overwrite an existing --output file." };
        command.Options.Add(force);
        command.Options.Add(format);
        var glmm = new GlmmOptions();
        glmm.AddTo(command);
        var scale = new Option<string?>("--type") { Description = "With --family: link (the linear predictor, predict.merMod's default) or response (the mean: a probability or a count)." };
        scale.AcceptOnlyFromAmong("link", "response");
        command.Options.Add(scale);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            OutputPaths.CheckFile(r.GetValue(output), "--output");
            var family = glmm.Family(r);
            if (family is null && r.GetValue(scale) is not null) throw new UsageException("--type link|response goes with --family (a linear model has one scale).");
            if (family is not null)
            {
                if (r.GetValue(ml)) throw new UsageException("--ml goes with linear models: a generalised model is always fitted by maximum likelihood.");
                if (r.GetValue(interval) != "none" || r.GetResult(level) is { Implicit: false })
                    throw new UsageException("--interval is not yet supported with --family (predict.merMod gives no intervals for a GLMM either).");
            }
            double coverage = r.GetValue(level);
            if (!(coverage > 0 && coverage < 1)) throw new UsageException($"--level {coverage}: must lie strictly between 0 and 1.");
            var kind = r.GetValue(interval) switch { "confidence" => IntervalKind.Confidence, "prediction" => IntervalKind.Prediction, _ => IntervalKind.None };
            // A --level with no interval to apply it to would be ignored: say so rather than print no limits silently.
            if (kind == IntervalKind.None && r.GetResult(level) is { Implicit: false })
                throw new UsageException("--level needs --interval confidence or --interval prediction.");
            var table = data.LoadFor(r, r.GetValue(formula)!);
            if (r.GetValue(output) is { } target && File.Exists(target) && !r.GetValue(force))
                throw new IOException($"'{target}' exists: use --force to overwrite it.");
            var predictionLevel = r.GetValue(reForm) == "full" ? PredictionLevel.Conditional : PredictionLevel.Population;
            PredictionResult result;
            DataTable grid;
            if (family is not null)
            {
                var glmmModel = GeneralizedLinearMixedModel.Fit(GlmmProblem.Build(table, r.GetValue(formula)!, family, r.GetValue(data.Weights)),
                    new GlmmFitOptions { Nagq = glmm.Nagq(r), Hessian = false });
                foreach (var w in glmmModel.Warnings) DataOptions.Warn(w);
                grid = LoadNewData(r, data, r.GetValue(newdata)!);
                result = GlmmPredictions.Compute(glmmModel, grid, predictionLevel,
                    r.GetValue(scale) == "response" ? GlmmPredictionScale.Response : GlmmPredictionScale.Link);
            }
            else
            {
                var design = ModelDesigns.Build(table, r.GetValue(formula)!, r.GetValue(data.Weights));
                var model = LinearMixedModel.Fit(design, new FitOptions { Reml = !r.GetValue(ml) });
                grid = LoadNewData(r, data, r.GetValue(newdata)!);
                result = kind == IntervalKind.None
                    ? Predictions.Compute(model, grid, predictionLevel)
                    : Predictions.Compute(model, grid, predictionLevel, kind, coverage);
            }
            var path = r.GetValue(output);
            var writer = path is null ? Console.Out : new StreamWriter(path);
            try
            {
                if (r.GetValue(format) == "json") writer.Write(PredictionWriter.Json(grid, result) + "\n");
                else PredictionWriter.WriteCsv(writer, grid, result);
            }
            finally
            {
                if (path is null) writer.Flush(); else writer.Dispose();
            }
            if (result.NewLevelRows > 0)
                Console.Error.WriteLine($"note: {result.NewLevelRows} row(s) have a group level the model was not fitted with: predicted at population level for that term.");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The new data with the fit's --factor and --compute applied; a computed column already present is kept as given.</summary>
    private static DataTable LoadNewData(ParseResult r, DataOptions data, string path)
    {
        var table = TableReader.Read(path, r.GetValue(data.Delimiter));
        foreach (var name in r.GetValue(data.Factor) ?? [])
            if (table.Contains(name)) table = table.WithTextColumn(name);
        foreach (var text in r.GetValue(data.Compute) ?? [])
        {
            var spec = ComputeSpec.Parse(text);
            if (table.Contains(spec.Name) && !spec.Expression.Variables().All(table.Contains)) continue;
            table = ComputedColumns.Apply(table, spec);
        }
        return table;
    }
}
