namespace Resampling.Cluster;

/// <summary>
/// Why a shard's run is not the joining command's, in words for a one-line refusal. A run string (the <c>run=</c> part of
/// an <see cref="McmcShardFile"/> or <see cref="RankShardFile"/> first line) is <c>key=value</c> pairs separated by
/// <c>"; "</c>, the free-text formula last; a generalised model's has <c>family=</c> (and a rank's <c>nagq=</c>).
/// </summary>
public static class RunDifference
{
    // The keys named, in the order they are compared: the model first, then what a user most often changes.
    private static readonly (string Key, string Name)[] Keys =
    [
        ("family", "family"), ("nagq", "nagq"), ("seed", "seed"), ("method", "method"), ("of", "chains"), ("replicates", "replicates"),
        ("iterations", "iterations"), ("warmup", "warm-up"), ("thin", "thin"), ("group", "group"), ("ranked", "ranked quantity"),
        ("data", "data"), ("formula", "formula"),
    ];

    /// <summary>E.g. <c>a binomial(logit) GLMM's, this run is a linear model's</c> or <c>seed 6, this run's 5</c>.</summary>
    public static string Describe(string ours, string theirs)
    {
        if (Value(ours, "family") is var a && Value(theirs, "family") is var b && a != b)
            return $"{Model(b)}, this run is {Model(a)}";
        foreach (var (key, name) in Keys)
            if (Value(ours, key) is { } mine && Value(theirs, key) is { } other && mine != other)
                return key is "data" or "formula" ? $"its {name} differs" : $"{name} {other}, this run's {mine}";
        return "its priors or settings differ";
    }

    private static string Model(string? family) => family is null ? "a linear model's" : $"a {family} GLMM's";

    /// <summary>The value of <paramref name="key"/> in a run string, or null (values other than the formula hold no "; ").</summary>
    private static string? Value(string run, string key)
    {
        string start = key + "=";
        int at = run.StartsWith(start, StringComparison.Ordinal) ? 0 : run.IndexOf("; " + start, StringComparison.Ordinal) is var i and >= 0 ? i + 2 : -1;
        if (at < 0) return null;
        at += start.Length;
        if (key == "formula") return run[at..];
        int end = run.IndexOf("; ", at, StringComparison.Ordinal);
        return end < 0 ? run[at..] : run[at..end];
    }
}
