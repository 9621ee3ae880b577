using System.Globalization;
using Resampling.Ranking;

namespace Resampling.Reporting;

/// <summary>
/// The rank report in plain words, for readers who are not statisticians (a head teacher, a school board): what was
/// ranked, by what, adjusted for what, and how uncertain the ranks are, all read from the model and the results.
/// The report, its figures and the console share these phrases so they say the same thing.
/// </summary>
public static class RankWording
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The outcome as the formula names it (MATHACH, log(y); a cbind(successes, failures) response by its successes).</summary>
    public static string Outcome(RankReport report) =>
        report.Target.Formula.Response.Expression is Formulas.CbindExpr cbind ? cbind.Successes.ToString() : report.Target.Formula.Response.Label;

    /// <summary>The unit of the estimates: the one given, else "units of OUTCOME" (a GLMM's link scale: "log-odds of PASS").</summary>
    public static string Unit(RankReport report, RankReportInfo? info) =>
        !string.IsNullOrWhiteSpace(info?.Unit) ? info.Unit.Trim()
        : report.Target.Generalized is not null ? $"{LinkScale(report)} of {Outcome(report)}"
        : $"units of {Outcome(report)}";

    /// <summary>A GLMM's link scale in words: "log-odds" (logit), "probit", "complementary log-log", "log rate".</summary>
    public static string LinkScale(RankReport report) => report.Target.Generalized?.Family.Link switch
    {
        Glmm.GlmmLink.Logit => "log-odds",
        Glmm.GlmmLink.Probit => "probit",
        Glmm.GlmmLink.Cloglog => "complementary log-log",
        Glmm.GlmmLink.Log => "log rate",
        _ => "",
    };

    /// <summary>What a GLMM ranks, in words: "chance of PASS" (binomial) or "rate of TICKS" (Poisson); the outcome otherwise.</summary>
    public static string Ranked(RankReport report) => report.Target.Generalized?.Family.Distribution switch
    {
        Glmm.GlmmDistribution.Binomial => $"chance of {Outcome(report)}",
        Glmm.GlmmDistribution.Poisson => $"rate of {Outcome(report)}",
        _ => Outcome(report),
    };

    /// <summary>The variables the fixed part adjusts for, in formula order (interactions by their variables).</summary>
    public static IReadOnlyList<string> Adjustments(RankReport report) =>
        report.Target.Formula.Fixed.Terms.SelectMany(t => t.Variables).Select(v => v.Label).Distinct().ToList();

    /// <summary>What one group's estimate is, as an axis label: "MATHACH relative to an average SCHOOL".</summary>
    public static string QuantityLabel(RankReport report)
    {
        var t = report.Target;
        if (t.HasProfile) return t.Generalized is null ? $"predicted {Outcome(report)}" : $"predicted {LinkScale(report)} of {Outcome(report)}";
        return t.Description.StartsWith("random intercept", StringComparison.Ordinal)
            ? t.Generalized is null ? $"{Outcome(report)} relative to an average {t.Group}" : $"{LinkScale(report)} of {Outcome(report)} relative to an average {t.Group}"
            : $"{t.Description} (difference from the average)";
    }

    /// <summary>"a, b and c".</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    /// <summary>
    /// The report's first paragraph: what was ranked (outcome, unit, adjustments, number of groups and observations),
    /// the direction, and how uncertain the ranks are, in sentences.
    /// </summary>
    public static IReadOnlyList<string> Summary(RankReport report, RankReportInfo? info = null)
    {
        var t = report.Target;
        int n = t.Levels.Count;
        string g = t.Group, y = Outcome(report), unit = Unit(report, info), level = RFormat.Percent(report.Level);
        var adjust = Adjustments(report);
        string from = info?.DataName is { Length: > 0 } d ? $" in {d}" : "";
        var s = new List<string>
        {
            t.Generalized is null
                ? $"This report ranks {N(n)} {g} groups by their {y}, using {N(t.ObservationCount)} observations{from}."
                : $"This report ranks {N(n)} {g} groups by their {Ranked(report)}, using {N(t.ObservationCount)} observations{from} " +
                  $"and a {t.Generalized.Family.FamilyName} model on the {LinkScale(report)} scale.",
        };
        if (t.Generalized is { } glmm && !t.HasProfile && t.Description.StartsWith("random intercept", StringComparison.Ordinal))
        {
            s.Add($"Each {g}'s estimate is how far the {LinkScale(report)} of {y} in that {g} lie above (+) or below (−) those in an average {g}, in {unit}" +
                  (adjust.Count > 0 ? $", comparing like with like on {List(adjust)}." : " (nothing else is taken into account)."));
            s.Add(glmm.Family.Link == Glmm.GlmmLink.Logit
                ? $"On this scale +0.7 roughly doubles the odds of {y} and −0.7 halves them; 0 is an average {g}."
                : glmm.Family.Link == Glmm.GlmmLink.Log
                    ? $"On this scale +0.7 roughly doubles the rate of {y} and −0.7 halves it; 0 is an average {g}."
                    : $"0 is an average {g}.");
        }
        else if (t.HasProfile)
            s.Add($"Each {g}'s estimate is its predicted {y}, in {unit}, {Profile(t.Description)}.");
        else if (t.Description.StartsWith("random intercept", StringComparison.Ordinal))
            s.Add($"Each {g}'s estimate is how far its {y} lies above (+) or below (−) that of an average {g}, in {unit}" +
                  (adjust.Count > 0 ? $", after taking {List(adjust)} into account." : " (nothing else is taken into account)."));
        else
            s.Add($"Each {g}'s estimate is how much the effect of {Term(t.Description)} on {y} in that {g} differs from its average over all " +
                  $"{g} groups ({unit} per unit of {Term(t.Description)})" + (adjust.Count > 0 ? $", after taking {List(adjust)} into account." : "."));
        s.Add($"Rank 1 is the highest estimate, rank {N(n)} the lowest.");

        int above = report.Rows.Count(r => r.Flag == "above"), below = report.Rows.Count(r => r.Flag == "below");
        s.Add($"{N(above)} {g} groups are clearly above average and {N(below)} clearly below (their {level} interval excludes the average); " +
              $"the other {N(n - above - below)} cannot be told apart from an average {g}.");
        if (report.Primary is { } p)
        {
            int width = MedianWidth(report.Rows.Select(r => r.Draws[0].RankUpper - r.Draws[0].RankLower + 1));
            s.Add($"Ranks are uncertain: for a typical {g}, the {RFormat.Percent(p.Level)} interval of its rank covers {N(width)} of the {N(n)} places.");
        }
        else if (report.Sets is not null)
        {
            int width = MedianWidth(report.Rows.Select(r => (r.SetUpper ?? n) - (r.SetLower ?? 1) + 1));
            s.Add($"Ranks are uncertain: for a typical {g}, the {RFormat.Percent(report.Sets.Coverage)} confidence set of its rank covers {N(width)} of the {N(n)} places.");
        }
        if (report.Sets is { } sets)
        {
            int top = report.Rows.Count(r => r.SimultaneousUpper <= report.TopCount);
            int bottom = report.Rows.Count(r => r.SimultaneousLower >= n - report.TopCount + 1);
            string k = N(report.TopCount), all = $"Looking at all {g} groups at once ({RFormat.Percent(sets.Coverage)} confidence), ";
            s.Add(top + bottom == 0
                ? all + $"none can be placed with confidence in the top {k} or in the bottom {k}."
                : all + $"{N(top)} can be placed in the top {k} and {N(bottom)} in the bottom {k}.");
        }
        s.Add("Small differences in rank are not evidence that one group does better than another.");
        return s;
    }

    /// <summary>"predicted value at a = 1, b = 2 (fixed ...)" → "at a = 1, b = 2" (the whole description if it has another form).</summary>
    private static string Profile(string description)
    {
        const string lead = "predicted value ";
        int end = description.IndexOf(" (", StringComparison.Ordinal);
        return description.StartsWith(lead, StringComparison.Ordinal) && end > lead.Length ? description[lead.Length..end] : description;
    }

    /// <summary>"random effect 'cses' of SCHOOL" → "cses".</summary>
    private static string Term(string description)
    {
        int a = description.IndexOf('\''), b = description.LastIndexOf('\'');
        return a >= 0 && b > a ? description[(a + 1)..b] : description;
    }

    private static int MedianWidth(IEnumerable<int> widths)
    {
        var w = widths.OrderBy(x => x).ToArray();
        return w.Length == 0 ? 0 : w[(w.Length - 1) / 2];
    }

    /// <summary>Thousands separated by commas (7,185), as a report for people writes them.</summary>
    public static string N(int n) => n.ToString("#,0", C);
}
