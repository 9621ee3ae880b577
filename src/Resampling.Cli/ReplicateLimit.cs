namespace Resampling.Cli;

/// <summary>
/// The most replicates (or draws) one run may ask for. The draws of a run are kept in memory, a replicate's values
/// side by side, so counts near int.MaxValue cannot even be allocated; ten million is far beyond what any interval
/// needs, and a larger job can be split into ranges (--replicates 10000001-20000000) and merged.
/// </summary>
internal static class ReplicateLimit
{
    public const int Max = 10_000_000;

    public static void Check(long count, string option)
    {
        if (count > Max)
            throw new UsageException($"{option} {count}: at most {Max:N0} per run (split a larger job into --replicates ranges and merge them).");
    }
}
