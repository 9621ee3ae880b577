using System.Globalization;
using System.Text;
using Resampling.Engine;
using Resampling.Mcmc;
using Resampling.Reporting;

namespace Resampling.Examples.McmcMod4;

/// <summary>One parameter's REML estimate beside its posterior summary.</summary>
public sealed record RemlComparisonRow(string Name, double Reml, double Mean, double Median, double Sd, double Q2_5, double Q97_5);

/// <summary>Posterior means and medians against the REML estimates, for every parameter both give.</summary>
public static class RemlComparison
{
    public static IReadOnlyList<RemlComparisonRow> Rows(LinearMixedModel reml, McmcResult mcmc)
    {
        var estimates = RemlEstimates(reml);
        return mcmc.Parameters
            .Where(s => estimates.ContainsKey(s.Name))
            .Select(s => new RemlComparisonRow(s.Name, estimates[s.Name], s.Mean, s.Median, s.Sd, s.Q2_5, s.Q97_5))
            .ToArray();
    }

    /// <summary>The REML fit's values under the sampler's names (fixed effects; var/cov/sd/cor per term; residual).</summary>
    public static Dictionary<string, double> RemlEstimates(LinearMixedModel m)
    {
        var d = m.FixedEffects.ToDictionary(f => f.Name, f => f.Estimate, StringComparer.Ordinal);
        foreach (var t in m.Covariances)
            for (int c = 0; c < t.Names.Count; c++)
                for (int r = c; r < t.Names.Count; r++)
                {
                    if (r == c)
                    {
                        d[$"var_{t.Names[r]}|{t.Group}"] = t.Variance(r);
                        d[$"sd_{t.Names[r]}|{t.Group}"] = t.StdDev(r);
                    }
                    else
                    {
                        d[$"cov_{t.Names[r]}.{t.Names[c]}|{t.Group}"] = t.Covariance[r, c];
                        d[$"cor_{t.Names[r]}.{t.Names[c]}|{t.Group}"] = t.Correlation(r, c);
                    }
                }
        d["var_Residual"] = m.Sigma * m.Sigma;
        d["sigma"] = m.Sigma;
        return d;
    }

    /// <summary>Differences from REML beyond this many posterior sds are named under the table.</summary>
    public const double FarInSds = 0.25;

    public static string Text(IReadOnlyList<RemlComparisonRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Posterior (default priors) against REML: mean and median, their differences from REML, in posterior sds");
        sb.AppendLine();
        string[] header = ["REML", "post.mean", "post.median", "post.sd", "q2.5", "q97.5", "(mean-REML)/sd", "(median-REML)/sd"];
        var cells = rows.Select(r => new[]
        {
            S(r.Reml), S(r.Mean), S(r.Median), S(r.Sd), S(r.Q2_5), S(r.Q97_5),
            RFormat.Fixed((r.Mean - r.Reml) / r.Sd, 2), RFormat.Fixed((r.Median - r.Reml) / r.Sd, 2),
        }).ToList();
        SummaryWriter.AppendTable(sb, header, cells, rows.Select(r => r.Name).ToArray());
        sb.AppendLine();
        sb.AppendLine("REML gives the maximum of the restricted likelihood; the posterior mean and median average over the uncertainty");
        sb.AppendLine("in every parameter. They agree where the posterior is near normal (fixed effects, sigma) and differ where it is");
        sb.AppendLine("skewed or bounded and the data say little, so that the prior shapes it (the slope's variance near 0, correlations).");
        var far = rows.Where(r => Math.Abs(r.Mean - r.Reml) > FarInSds * r.Sd || Math.Abs(r.Median - r.Reml) > FarInSds * r.Sd).ToList();
        sb.AppendLine(far.Count == 0
            ? $"Here every posterior mean and median is within {FarInSds} posterior sd of REML."
            : $"Here more than {FarInSds} posterior sd from REML: {string.Join(", ", far.Select(r => r.Name))}.");
        return sb.ToString();
    }

    public static string Csv(IReadOnlyList<RemlComparisonRow> rows)
    {
        var sb = new StringBuilder("parameter,reml,post_mean,post_median,post_sd,q2_5,q97_5\n");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"\"{r.Name}\",{R(r.Reml)},{R(r.Mean)},{R(r.Median)},{R(r.Sd)},{R(r.Q2_5)},{R(r.Q97_5)}\n");
        return sb.ToString();
    }

    private static string S(double v) => double.IsFinite(v) ? RFormat.Significant(v, 5) : "NA";

    private static string R(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NA";
}
