using System.CommandLine;
using Resampling.Inference;

namespace Resampling.Cli.Commands;

/// <summary>--ddf satterthwaite|kenward-roger|none, shared by fit and anova.</summary>
internal static class DdfOption
{
    public static Option<string> Create(bool allowNone)
    {
        var o = new Option<string>("--ddf")
        {
            Description = allowNone
                ? "Denominator df for t tests: satterthwaite (lmerTest's default), kenward-roger (REML only) or none (lme4's table)."
                : "Denominator df for F tests: satterthwaite or kenward-roger (REML only).",
            DefaultValueFactory = _ => "satterthwaite",
        };
        if (allowNone) o.AcceptOnlyFromAmong("satterthwaite", "kenward-roger", "none");
        else o.AcceptOnlyFromAmong("satterthwaite", "kenward-roger");
        return o;
    }

    public static DdfMethod? Parse(string? value) => value switch
    {
        "kenward-roger" => DdfMethod.KenwardRoger,
        "none" => null,
        _ => DdfMethod.Satterthwaite,
    };

    /// <summary>--ddf kenward-roger with --ml is a usage error, found before any data is read (in the library's words).</summary>
    public static DdfMethod? Parse(string? value, bool ml)
    {
        var method = Parse(value);
        if (method == DdfMethod.KenwardRoger && ml) throw new UsageException("Kenward-Roger's method is only available for REML model fits.");
        return method;
    }
}
