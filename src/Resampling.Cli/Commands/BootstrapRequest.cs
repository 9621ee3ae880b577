using System.CommandLine;
using Resampling.Bootstrap;

namespace Resampling.Cli.Commands;

/// <summary>
/// <c>--bootstrap N [--seed S] [--threads T]</c> on commands whose bootstrap is an addition to their table (fit's ICC and
/// R² intervals, ranova's p per row): --seed and --threads mean nothing without --bootstrap and are refused alone.
/// </summary>
internal sealed class BootstrapRequest
{
    private readonly string _what;

    public BootstrapRequest(string what)
    {
        _what = what;
        Bootstrap = new Option<int?>("--bootstrap") { Description = $"Add {what} from N parametric-bootstrap replicates." };
        Seed = new Option<ulong?>("--seed") { Description = "Seed of the bootstrap (1): replicate i uses the random stream of (seed, i)." };
        Threads = new Option<int?>("--threads") { Description = "Threads for the bootstrap (0: every core). Results do not depend on it." };
    }

    public Option<int?> Bootstrap { get; }
    public Option<ulong?> Seed { get; }
    public Option<int?> Threads { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Bootstrap);
        command.Options.Add(Seed);
        command.Options.Add(Threads);
    }

    /// <summary>The run's options, or null when --bootstrap was not given; bad values are one-line usage errors.</summary>
    public BootstrapOptions? Parse(ParseResult r)
    {
        int? n = r.GetValue(Bootstrap);
        ulong? seed = r.GetValue(Seed);
        int? threads = r.GetValue(Threads);
        if (n is null)
        {
            if (seed is not null) throw new UsageException($"--seed is the bootstrap's: give --bootstrap N for {_what}.");
            if (threads is not null) throw new UsageException($"--threads is the bootstrap's: give --bootstrap N for {_what}.");
            return null;
        }
        if (n < 1) throw new UsageException($"--bootstrap {n}: give the number of replicates, at least 1.");
        ReplicateLimit.Check(n.Value, "--bootstrap");
        if (threads < 0) throw new UsageException("--threads must be 0 (every core) or a positive number.");
        return new BootstrapOptions { Replicates = n.Value, Seed = seed ?? 1, MaxThreads = threads ?? 0 };
    }
}
