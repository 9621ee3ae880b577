using MathNet.Numerics.Distributions;
using Resampling.Engine;

namespace Resampling.Examples.Walkthrough;

/// <summary>
/// The walkthrough's anova(Mod5, Mod4), kept small on purpose: both models refitted by ML, then lme4's table. The library's
/// own likelihood-ratio test (resampling anova) supersedes this.
/// </summary>
public sealed record LrtRow(string Model, int Npar, double Aic, double Bic, double LogLik, double Deviance, double? Chisq, int? Df, double? P);

public static class LikelihoodRatioTest
{
    public static IReadOnlyList<LrtRow> Compare((string Name, LinearMixedModel Model) smaller, (string Name, LinearMixedModel Model) larger)
    {
        var a = smaller.Model.RefitMl();
        var b = larger.Model.RefitMl();
        double chisq = a.Objective - b.Objective;
        int df = b.ParameterCount - a.ParameterCount;
        double p = ChiSquared.CDF(df, Math.Max(chisq, 0)) is var c ? 1 - c : double.NaN;
        return
        [
            new LrtRow(smaller.Name, a.ParameterCount, a.Aic, a.Bic, a.LogLikelihood, a.Objective, null, null, null),
            new LrtRow(larger.Name, b.ParameterCount, b.Aic, b.Bic, b.LogLikelihood, b.Objective, chisq, df, p),
        ];
    }

    public static string Format(IReadOnlyList<LrtRow> rows)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder();
        sb.Append("refitting model(s) with ML (instead of REML)\n");
        sb.Append($"{"",-5} {"npar",4} {"AIC",9} {"BIC",9} {"logLik",9} {"deviance",9} {"Chisq",9} {"Df",3} {"Pr(>Chisq)",10}\n");
        foreach (var r in rows)
            sb.Append(c, $"{r.Model,-5} {r.Npar,4} {r.Aic,9:F2} {r.Bic,9:F2} {r.LogLik,9:F2} {r.Deviance,9:F2} {(r.Chisq is { } x ? x.ToString("F4", c) : "NA"),9} {(r.Df is { } d ? d.ToString(c) : "NA"),3} {(r.P is { } p ? p.ToString("F4", c) : "NA"),10}\n");
        return sb.ToString();
    }
}
