namespace Resampling.Ranking;

/// <summary>
/// What the groups are ranked by. Default: the random intercept of the model's first grouping factor (the walkthrough
/// ranks schools by their conditional modes). <see cref="Term"/> picks another random-effect column of that factor.
/// With a <see cref="Profile"/>, the quantity is each group's predicted value at that covariate profile: x₀'β + z₀'b_j.
/// Profile entries name a model-matrix column ("SECTOR", "cses:MEANSES", a factor dummy such as "SEXmale") or a numeric
/// variable; an interaction column without its own entry is the product of its variables' values; "(Intercept)" is 1.
/// </summary>
public sealed record RankedQuantity(string? Group = null, string Term = "(Intercept)", IReadOnlyDictionary<string, double>? Profile = null)
{
    public static RankedQuantity Default { get; } = new();
}
