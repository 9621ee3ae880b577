using System.CommandLine;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Glmm;
using Resampling.Intervals;
using Resampling.Model;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling confint</c>: profile-likelihood (default) or Wald confidence intervals, as lme4's confint.</summary>
internal static class ConfintCommand
{
    public static Command Create()
    {
        var data = new DataOptions(crossproducts: true);
        var formula = new Option<string>("--formula") { Description = "lme4 model formula (required with --data)." };
        var ml = new Option<bool>("--ml") { Description = "Fit by maximum likelihood instead of REML (profiles are of the ML deviance either way, as lme4's)." };
        var method = new Option<string>("--method") { Description = "profile (lme4's default) or wald.", DefaultValueFactory = _ => "profile" };
        method.AcceptOnlyFromAmong("profile", "wald");
        var level = new Option<double>("--level") { Description = "Confidence level.", DefaultValueFactory = _ => 0.95 };
        var format = FormatOption.Create();
        var command = new Command("confint", "Confidence intervals for the variance parameters and fixed effects (lme4's confint).");
        data.AddTo(command);
        command.Options.Add(formula);
        command.Options.Add(ml);
        command.Options.Add(method);
        command.Options.Add(level);
        command.Options.Add(format);
        var glmm = new GlmmOptions();
        glmm.AddTo(command);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            double lvl = r.GetValue(level);
            if (!(lvl > 0 && lvl < 1))
                throw new UsageException($"--level must lie strictly between 0 and 1 (got {lvl.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
            if (glmm.Family(r) is { } family)
            {
                if (r.GetValue(method) != "profile") throw new UsageException("--method wald is not yet supported with --family (use --method profile, or boot --family for percentile intervals).");
                if (r.GetValue(ml)) throw new UsageException("--ml goes with linear models: a generalised model is always fitted by maximum likelihood.");
                if (data.Crossproducts is not null && r.GetValue(data.Crossproducts) is not null)
                    throw new UsageException("--crossproducts holds a linear model's sufficient statistics: give --data with --family.");
                if (r.GetValue(formula) is not { } f) throw new UsageException("give --formula.");
                var glmmModel = GeneralizedLinearMixedModel.Fit(GlmmProblem.Build(data.LoadFor(r, f), f, family, r.GetValue(data.Weights)),
                    new GlmmFitOptions { Nagq = glmm.Nagq(r) });
                foreach (var w in glmmModel.Warnings) DataOptions.Warn(w);
                var profile = GlmmProfileIntervals.Compute(glmmModel, lvl);
                Console.Out.Write(r.GetValue(format) == "json"
                    ? IntervalWriter.Json(profile, lvl, "profile", f, false) + "\n"
                    : IntervalWriter.Text(profile, lvl));
                return ExitCodes.Success;
            }
            var design = data.Design(r, formula);
            var model = LinearMixedModel.Fit(design, new FitOptions { Reml = !r.GetValue(ml) });
            string m = r.GetValue(method)!;
            var intervals = m == "wald" ? WaldIntervals.Compute(model, lvl) : ProfileIntervals.Compute(model, lvl);
            Console.Out.Write(r.GetValue(format) == "json"
                ? IntervalWriter.Json(intervals, lvl, m, model.Formula.Text, model.Reml) + "\n"
                : IntervalWriter.Text(intervals, lvl));
            return ExitCodes.Success;
        }));
        return command;
    }
}
