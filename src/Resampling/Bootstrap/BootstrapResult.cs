namespace Resampling.Bootstrap;

/// <summary>
/// The replicates of one bootstrap run (or of one range of it), in replicate order, with the original estimates.
/// Failed refits are kept as draws with status <see cref="DrawStatus.Failed"/> and NaN values: counted, never dropped.
/// </summary>
public sealed class BootstrapResult
{
    public BootstrapResult(string type, ulong seed, IReadOnlyList<string> names, IReadOnlyList<double> estimates,
        IReadOnlyList<BootstrapDraw> draws, TimeSpan elapsed)
    {
        if (names.Count != estimates.Count) throw new ArgumentException("One estimate per parameter name is needed.");
        Type = type;
        Seed = seed;
        Names = names;
        Estimates = estimates;
        Draws = draws.OrderBy(d => d.Replicate).ToArray();
        Elapsed = elapsed;
    }

    /// <summary>parametric, case, residual, or the name of a user statistic's run.</summary>
    public string Type { get; }
    public ulong Seed { get; }
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<double> Estimates { get; }
    public IReadOnlyList<BootstrapDraw> Draws { get; }
    public TimeSpan Elapsed { get; }

    public int Replicates => Draws.Count;
    public int FailedCount => Draws.Count(d => d.Status == DrawStatus.Failed);
    public int SingularCount => Draws.Count(d => d.Status == DrawStatus.Singular);

    /// <summary>Share of singular refits among the refits that gave estimates.</summary>
    public double SingularFraction => Replicates - FailedCount == 0 ? double.NaN : (double)SingularCount / (Replicates - FailedCount);

    /// <summary>Messages of the failed refits, by replicate.</summary>
    public IEnumerable<(long Replicate, string Error)> Failures =>
        Draws.Where(d => d.Status == DrawStatus.Failed).Select(d => (d.Replicate, d.Error ?? "failed"));

    public int IndexOf(string name)
    {
        for (int k = 0; k < Names.Count; k++) if (Names[k] == name) return k;
        throw new ArgumentException($"No bootstrap parameter named '{name}'. Parameters are: {string.Join(", ", Names)}.");
    }

    /// <summary>The draws of one parameter from the refits that gave estimates, in replicate order.</summary>
    public double[] Values(int parameter) => Draws.Where(d => d.Status != DrawStatus.Failed).Select(d => d.Values[parameter]).ToArray();

    public double[] Values(string name) => Values(IndexOf(name));

    public IReadOnlyList<BootstrapParameterSummary> Summarize(double level = 0.95) =>
        Names.Select((n, k) => BootstrapParameterSummary.Compute(n, Estimates[k], Values(k), level)).ToArray();
}
