using Resampling.Model;

namespace Resampling.Power;

/// <summary>What a power analysis tests: a fixed-effect coefficient, a fixed-effect term, or a random-effects column.</summary>
public enum PowerTestKind
{
    /// <summary><c>coef:NAME</c>: one fixed-effect coefficient, by its lme4 name (t test, or LRT dropping its term).</summary>
    Coefficient,

    /// <summary><c>term:NAME</c>: a fixed-effect term (lmerTest's type III F test, or LRT dropping it).</summary>
    Term,

    /// <summary><c>ranef:TERM|GROUP</c>: the random effect of column TERM for GROUP (its variance and covariances).</summary>
    RandomEffect,
}

/// <summary>The method of the test applied to each simulated data set.</summary>
public enum PowerMethod
{
    Satterthwaite,
    KenwardRoger,

    /// <summary>Likelihood ratio of the ML fits with and without the tested effect (χ², or the ½:½ χ² mixture for a random effect).</summary>
    LikelihoodRatio,

    /// <summary>The parametric-bootstrap LRT (pbkrtest's PBmodcomp) on each simulated data set.</summary>
    ParametricBootstrap,
}

/// <summary>A parsed test specification (<c>coef:NAME</c>, <c>term:NAME</c>, <c>ranef:TERM|GROUP</c>).</summary>
public sealed record PowerTest(PowerTestKind Kind, string Name, string? Group)
{
    public static PowerTest Parse(string spec)
    {
        int colon = spec.IndexOf(':');
        string kind = colon < 0 ? "" : spec[..colon].Trim(), rest = colon < 0 ? "" : spec[(colon + 1)..].Trim();
        if (rest.Length == 0 || kind is not ("coef" or "term" or "ranef"))
            throw new ModelException($"Test '{spec}' is not coef:NAME, term:NAME or ranef:TERM|GROUP.");
        if (kind != "ranef") return new PowerTest(kind == "coef" ? PowerTestKind.Coefficient : PowerTestKind.Term, rest, null);
        int bar = rest.LastIndexOf('|');
        if (bar <= 0 || bar == rest.Length - 1) throw new ModelException($"Test '{spec}' is not ranef:TERM|GROUP (e.g. ranef:cses|SCHOOL).");
        return new PowerTest(PowerTestKind.RandomEffect, rest[..bar].Trim(), rest[(bar + 1)..].Trim());
    }

    public static PowerMethod ParseMethod(string method) => method.ToLowerInvariant() switch
    {
        "satterthwaite" => PowerMethod.Satterthwaite,
        "kenward-roger" => PowerMethod.KenwardRoger,
        "lrt" => PowerMethod.LikelihoodRatio,
        "pb" => PowerMethod.ParametricBootstrap,
        _ => throw new ModelException($"Method '{method}' is not satterthwaite, kenward-roger, lrt or pb."),
    };

    public override string ToString() => Kind switch
    {
        PowerTestKind.Coefficient => $"coef:{Name}",
        PowerTestKind.Term => $"term:{Name}",
        _ => $"ranef:{Name}|{Group}",
    };
}

public static class PowerMethodNames
{
    public static string Name(this PowerMethod m) => m switch
    {
        PowerMethod.Satterthwaite => "satterthwaite",
        PowerMethod.KenwardRoger => "kenward-roger",
        PowerMethod.LikelihoodRatio => "lrt",
        _ => "pb",
    };
}
