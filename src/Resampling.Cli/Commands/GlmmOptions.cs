using System.CommandLine;
using Resampling.Glmm;

namespace Resampling.Cli.Commands;

/// <summary>The options of a generalised model: <c>--family</c>, <c>--link</c> and <c>--nagq</c> (glmer's family and nAGQ).</summary>
internal sealed class GlmmOptions
{
    public Option<string?> FamilyOption { get; } = new("--family")
    {
        Description = "Fit a generalised linear mixed model as lme4's glmer: binomial (0/1, a proportion with --weights as trials, or cbind(successes, failures)) or poisson.",
    };
    public Option<string?> Link { get; } = new("--link") { Description = "Link function: logit (binomial's default), probit, cloglog; log (poisson)." };
    public Option<int?> NagqOption { get; } = new("--nagq")
    {
        Description = "Adaptive Gauss-Hermite points (glmer's nAGQ): 1 is the Laplace approximation (default); more needs one scalar random effect such as (1|g).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(FamilyOption);
        command.Options.Add(Link);
        command.Options.Add(NagqOption);
    }

    /// <summary>The family asked for, or null for a linear model (then --link and --nagq are refused).</summary>
    public GlmmFamily? Family(ParseResult r)
    {
        string? name = r.GetValue(FamilyOption);
        string? link = r.GetValue(Link);
        if (name is null)
        {
            if (link is not null || r.GetValue(NagqOption) is not null)
                throw new UsageException("--link and --nagq go with --family binomial or --family poisson.");
            return null;
        }
        var distribution = name switch
        {
            "binomial" => GlmmDistribution.Binomial,
            "poisson" => GlmmDistribution.Poisson,
            _ => throw new UsageException($"--family {name}: the families are binomial and poisson."),
        };
        if (link is null) return GlmmFamily.Canonical(distribution);
        var l = link switch
        {
            "logit" => GlmmLink.Logit,
            "probit" => GlmmLink.Probit,
            "cloglog" => GlmmLink.Cloglog,
            "log" => GlmmLink.Log,
            _ => throw new UsageException($"--link {link}: the links are logit, probit, cloglog (binomial) and log (poisson)."),
        };
        try
        {
            return new GlmmFamily(distribution, l);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--link {link}: {e.Message}");
        }
    }

    public int Nagq(ParseResult r)
    {
        int n = r.GetValue(NagqOption) ?? 1;
        if (n < 1 || n > 100) throw new UsageException($"--nagq {n}: give a number of points from 1 to 100.");
        return n;
    }
}
