using System.CommandLine;
using System.Globalization;
using Resampling.Engine;
using Resampling.Prediction.Marginal;
using Resampling.Reporting;

namespace Resampling.Cli.Commands;

/// <summary><c>resampling emmeans</c>: estimated marginal means and their contrasts, as R's emmeans computes them.</summary>
internal static class EmmeansCommand
{
    public static Command Create()
    {
        var data = new DataOptions();
        var formula = new Option<string>("--formula") { Description = "lme4 model formula.", Required = true };
        var specs = new Option<string[]>("--specs") { Description = "Factor(s) whose marginal means are wanted (repeatable).", Required = true, AllowMultipleArgumentsPerToken = false };
        var by = new Option<string[]>("--by") { Description = "Factor(s) to condition on: means and contrasts within each of their levels (repeatable).", AllowMultipleArgumentsPerToken = false };
        var at = new Option<string[]>("--at") { Description = "Fix a covariate (MEANSES=0) or a factor (SECTOR=1) in the reference grid (repeatable).", AllowMultipleArgumentsPerToken = false };
        var pairwise = new Option<bool>("--pairwise") { Description = "All pairwise differences of the means (Tukey-adjusted by default)." };
        var contrast = new Option<string[]>("--contrast") { Description = "A custom contrast NAME=c1,c2,... over the means of each by-group (repeatable).", AllowMultipleArgumentsPerToken = false };
        var adjust = new Option<string?>("--adjust") { Description = "p-value adjustment: tukey (pairwise default), holm, bonferroni or none (custom default)." };
        adjust.AcceptOnlyFromAmong("tukey", "holm", "bonferroni", "none");
        var ddf = DdfOption.Create(allowNone: false);
        var level = new Option<double>("--level") { Description = "Confidence level.", DefaultValueFactory = _ => 0.95 };
        var ml = new Option<bool>("--ml") { Description = "Fit by maximum likelihood instead of REML." };
        var format = FormatOption.Create();
        var command = new Command("emmeans", "Estimated marginal means and contrasts (R's emmeans) with Satterthwaite or Kenward-Roger df.");
        data.AddTo(command);
        foreach (var o in new Option[] { formula, specs, by, at, pairwise, contrast, adjust, ddf, level, ml, format }) command.Options.Add(o);
        command.SetAction(r => CommandRunner.Guard(() =>
        {
            bool byMl = r.GetValue(ml);
            var method = DdfOption.Parse(r.GetValue(ddf), byMl) ?? Inference.DdfMethod.Satterthwaite;
            double lvl = r.GetValue(level);
            if (!(lvl > 0 && lvl < 1)) throw new UsageException($"--level {lvl.ToString(CultureInfo.InvariantCulture)}: give a confidence level between 0 and 1.");
            var atValues = new Dictionary<string, string>();
            foreach (var a in r.GetValue(at) ?? [])
            {
                int eq = a.IndexOf('=');
                if (eq <= 0 || eq == a.Length - 1) throw new UsageException($"--at \"{a}\": write NAME=VALUE, e.g. MEANSES=0.");
                atValues[a[..eq].Trim()] = a[(eq + 1)..].Trim();
            }
            var custom = new List<(string, IReadOnlyList<double>)>();
            foreach (var c in r.GetValue(contrast) ?? [])
            {
                int eq = c.IndexOf('=');
                var parts = eq > 0 ? c[(eq + 1)..].Split(',') : [];
                var coef = new double[parts.Length];
                bool ok = eq > 0 && parts.Length > 0;
                for (int i = 0; ok && i < parts.Length; i++)
                    ok = double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out coef[i]);
                if (!ok) throw new UsageException($"--contrast \"{c}\": write NAME=c1,c2,... with one number per mean, e.g. \"public-catholic=1,-1\".");
                custom.Add((c[..eq].Trim(), coef));
            }
            var adj = r.GetValue(adjust) is { } a2 ? Enum.Parse<PAdjust>(a2, ignoreCase: true) : (PAdjust?)null;
            if (!r.GetValue(pairwise) && custom.Count == 0 && adj is not null)
                throw new UsageException("--adjust applies to contrasts: add --pairwise or --contrast.");
            var table = data.LoadFor(r, r.GetValue(formula)!);
            var model = LinearMixedModel.Fit(ModelDesigns.Build(table, r.GetValue(formula)!, r.GetValue(data.Weights)), new FitOptions { Reml = !byMl });
            var result = MarginalMeans.Compute(model, new MarginalMeansOptions
            {
                Specs = r.GetValue(specs) ?? [],
                By = r.GetValue(by) ?? [],
                At = atValues,
                Method = method,
                Level = lvl,
                Pairwise = r.GetValue(pairwise),
                Contrasts = custom,
                Adjust = adj,
            });
            Console.Out.Write(r.GetValue(format) == "json" ? MarginalMeansWriter.Json(result) + Environment.NewLine : MarginalMeansWriter.Text(result));
            return ExitCodes.Success;
        }));
        return command;
    }
}
