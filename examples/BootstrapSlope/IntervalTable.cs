using System.Globalization;
using System.Text;
using Resampling.Bootstrap;
using Resampling.Reporting;

namespace Resampling.Examples.BootstrapSlope;

/// <summary>The four bootstrap intervals per parameter, as a text table and as long-format CSV (one row per interval).</summary>
public static class IntervalTable
{
    public static readonly string[] Methods = ["percentile", "basic", "normal", "shortest"];

    public static string Text(BootstrapResult run, IReadOnlyList<BootstrapParameterSummary> rows, double level)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Parametric bootstrap of Mod4 (REML): {run.Replicates} replicates (seed {run.Seed}), {run.FailedCount} failed refits, singular fits {RFormat.Fixed(100 * run.SingularFraction, 1)}%");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{RFormat.Significant(100 * level, 3)}% intervals for the variance components:");
        sb.AppendLine();
        string[] header = ["Estimate", "Bias", "Std.Error", "n", "Perc.lower", "Perc.upper", "Basic.lower", "Basic.upper",
            "Normal.lower", "Normal.upper", "Short.lower", "Short.upper"];
        var cells = rows.Select(p => new[]
        {
            Num(p.Estimate), Num(p.Bias), Num(p.StdError), p.Count.ToString(CultureInfo.InvariantCulture),
            Num(p.Percentile.Lower), Num(p.Percentile.Upper), Num(p.Basic.Lower), Num(p.Basic.Upper),
            Num(p.Normal.Lower), Num(p.Normal.Upper), Num(p.Shortest.Lower), Num(p.Shortest.Upper),
        }).ToList();
        SummaryWriter.AppendTable(sb, header, cells, rows.Select(p => p.Name).ToArray());
        sb.AppendLine();
        sb.AppendLine("n: replicates with a finite value (a correlation is undefined when a refit's slope sd is 0).");
        sb.AppendLine("Basic and normal intervals can leave the parameter space (sd < 0, |cor| > 1); percentile and shortest cannot.");
        return sb.ToString();
    }

    public static string Csv(IReadOnlyList<BootstrapParameterSummary> rows)
    {
        var sb = new StringBuilder("parameter,estimate,bias,std_error,n,level,method,lower,upper\n");
        foreach (var p in rows)
        {
            BootstrapInterval[] intervals = [p.Percentile, p.Basic, p.Normal, p.Shortest];
            for (int m = 0; m < Methods.Length; m++)
                sb.Append(CultureInfo.InvariantCulture,
                    $"\"{p.Name}\",{R(p.Estimate)},{R(p.Bias)},{R(p.StdError)},{p.Count},{R(p.Level)},{Methods[m]},{R(intervals[m].Lower)},{R(intervals[m].Upper)}\n");
        }
        return sb.ToString();
    }

    private static string Num(double v) => double.IsFinite(v) ? RFormat.Significant(v, 5) : "NA";

    private static string R(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NA";
}
