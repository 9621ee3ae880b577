using System.Globalization;
using System.Text;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Glmm;
using Resampling.Mcmc;
using Resampling.Numerics;
using Resampling.Ranking;

namespace Resampling.Cluster;

/// <summary>
/// A shard of a rank run (<c>rank --shard K/N --draws part.csv</c>): its block of the type III bootstrap's replicates and,
/// when the method samples the posterior, its share of the chains. The file: a first line
/// <c># resampling rank shard; replicates=A-B; attempted=…; failed=…; run=…</c> (replicates=none when the method has no
/// bootstrap), a header <c>replicate,&lt;group levels&gt;</c>, one row per kept replicate (the ranked quantity of every
/// group, round-trip numbers), then, if the shard ran chains, an <see cref="McmcShardFile"/> section. The run part names
/// what makes the draws what they are (method, replicates, seed, ranked quantity, data, formula): shards of another run
/// are refused.
/// </summary>
public static class RankShardFile
{
    private const string Magic = "# resampling rank shard; ";

    /// <summary>What this shard runs: its replicates (Count 0: none) and its chains (Count 0: none).</summary>
    public sealed record Plan((long First, int Count) Replicates, (int First, int Count) Chains);

    /// <summary>
    /// Shard <paramref name="shard"/>'s work: a contiguous block of the <paramref name="replicates"/> (0: no bootstrap) and
    /// of the <paramref name="chains"/> (0: no posterior); with more shards than chains, shards 1 … chains run one chain
    /// each. A shard count that leaves a shard nothing is an <see cref="ArgumentException"/> with a one-line message.
    /// </summary>
    public static Plan For(Shard shard, int replicates, int chains)
    {
        if (replicates == 0 && chains == 0) throw new ArgumentException("this method has no draws to split (the confidence sets are computed in one step): run it without --shard.");
        if (replicates == 0 && shard.Count > chains) throw new ArgumentException($"the posterior has {chains} chains: give at most {chains} shards.");
        var reps = replicates > 0 ? shard.Range(1, replicates) : (1, 0);
        (int, int) ch = (1, 0);
        if (chains > 0 && shard.Count <= chains)
        {
            var (first, count) = shard.Range(1, chains, "chains");
            ch = ((int)first, count);
        }
        else if (chains > 0 && shard.Index <= chains) ch = (shard.Index, 1);
        return new Plan(reps, ch);
    }

    /// <summary>What identifies the whole run (the formula last: it is free text).</summary>
    public static string Run(string method, int replicates, ulong seed, RankTarget target, LinearMixedModel model, string formula) =>
        string.Create(CultureInfo.InvariantCulture,
            $"method={method}; replicates={replicates}; seed={seed}; group={target.Group}; ranked={target.Description}; data={model.Design.Fingerprint()}; formula={formula.ReplaceLineEndings(" ")}");

    /// <summary>
    /// A generalised model's rank run (<c>rank --family --shard</c>): as a linear one's, with its family and link and the
    /// quadrature points of its fit (the confidence sets' and the bootstrap refits'), and the GLMM's data fingerprint.
    /// </summary>
    public static string Run(string method, int replicates, ulong seed, RankTarget target, GeneralizedLinearMixedModel model, string formula) =>
        string.Create(CultureInfo.InvariantCulture,
            $"method={method}; replicates={replicates}; seed={seed}; family={GlmmRunIdentity.Family(model.Problem.Family)}; nagq={model.Nagq}; " +
            $"group={target.Group}; ranked={target.Description}; data={GlmmRunIdentity.Fingerprint(model.Problem)}; formula={formula.ReplaceLineEndings(" ")}");

    public static void Write(string path, string run, (long First, int Count) replicates, TypeThreeBootstrapResult? bootstrap, IReadOnlyList<string> levels,
        McmcResult? chains, string mcmcRun)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        string range = replicates.Count == 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"{replicates.First}-{replicates.First + replicates.Count - 1}");
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Magic}replicates={range}; attempted={bootstrap?.Replicates ?? 0}; failed={bootstrap?.Failed ?? 0}; run={run}"));
        w.WriteLine("replicate," + string.Join(",", levels.Select(Quote)));
        if (bootstrap is not null)
        {
            var values = bootstrap.Draws.Values;
            var line = new StringBuilder();
            for (int i = 0; i < values.Rows; i++)
            {
                line.Clear().Append(bootstrap.KeptReplicates[i].ToString(CultureInfo.InvariantCulture));
                for (int j = 0; j < values.Columns; j++) line.Append(',').Append(values[i, j].ToString("R", CultureInfo.InvariantCulture));
                w.WriteLine(line.ToString());
            }
        }
        if (chains is not null) McmcShardFile.Write(chains, mcmcRun, w);
    }

    /// <summary>A shard file's replicate block (<c>A-B</c> or <c>none</c>) and run, from its first line only (collect's check).</summary>
    public static (string Replicates, string Run) Header(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine();
        int runAt = first?.IndexOf("; run=", StringComparison.Ordinal) ?? -1;
        if (first is null || !first.StartsWith(Magic, StringComparison.Ordinal) || runAt < 0)
            throw new DataException($"'{path}' is not a rank shard's draws file (written by rank --shard).");
        var meta = first[Magic.Length..runAt].Split("; ").Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        return (meta.GetValueOrDefault("replicates", ""), first[(runAt + "; run=".Length)..]);
    }

    /// <summary>One shard read back: its replicate block, the attempted and failed counts, its kept rows and its chains.</summary>
    public sealed record Part(long First, long Last, int Attempted, int Failed, IReadOnlyList<ReadOnlyVector> Rows, IReadOnlyList<McmcChain> Chains);

    public static Part Read(string path, string run, int groups, string mcmcRun, IReadOnlyList<string> parameterNames, int drawsPerChain)
    {
        if (!File.Exists(path)) throw new DataException($"Rank shard '{path}' not found.");
        using var reader = new StreamReader(path);
        var first = reader.ReadLine();
        if (first is null || !first.StartsWith(Magic, StringComparison.Ordinal)) throw new DataException($"'{path}' is not a rank shard's draws file (written by rank --shard).");
        int runAt = first.IndexOf("; run=", StringComparison.Ordinal);
        if (runAt < 0 || first[(runAt + "; run=".Length)..] != run)
            throw new DataException($"'{path}' holds draws of another rank run ({RunDifference.Describe(run, first[(runAt + "; run=".Length)..])}).");
        var meta = first[Magic.Length..runAt].Split("; ").Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        long a = 0, b = -1;
        var range = meta.GetValueOrDefault("replicates", "");
        if (range != "none")
        {
            var ab = range.Split('-');
            if (ab.Length != 2 || !long.TryParse(ab[0], NumberStyles.None, CultureInfo.InvariantCulture, out a) || !long.TryParse(ab[1], NumberStyles.None, CultureInfo.InvariantCulture, out b))
                throw new DataException($"'{path}': the first line does not name its replicates.");
        }
        if (!int.TryParse(meta.GetValueOrDefault("attempted"), NumberStyles.None, CultureInfo.InvariantCulture, out var attempted) ||
            !int.TryParse(meta.GetValueOrDefault("failed"), NumberStyles.None, CultureInfo.InvariantCulture, out var failed))
            throw new DataException($"'{path}': the first line does not give the attempted and failed replicates.");
        reader.ReadLine(); // the header: the levels, which the run's fingerprint already pins down
        var rows = new List<ReadOnlyVector>();
        IReadOnlyList<McmcChain> chains = [];
        while (reader.Peek() >= 0)
        {
            if (reader.Peek() == '#')
            {
                chains = McmcShardFile.Read(reader, path, mcmcRun, parameterNames, drawsPerChain);
                break;
            }
            var f = reader.ReadLine()!.Split(',');
            if (f.Length != groups + 1 || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rep) || rep < a || rep > b)
                throw new DataException($"'{path}': a bootstrap row is not of its replicates {range} and {groups} groups (cut short?).");
            var v = new double[groups];
            for (int j = 0; j < groups; j++)
                if (!double.TryParse(f[j + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out v[j])) throw new DataException($"'{path}': bad number '{f[j + 1]}'.");
            rows.Add(ReadOnlyVector.Wrap(v));
        }
        if (rows.Count != attempted - failed) throw new DataException($"'{path}': {rows.Count} bootstrap rows, its first line says {attempted - failed} (cut short?).");
        return new Part(a, b, attempted, failed, rows, chains);
    }

    /// <summary>
    /// The shards' bootstrap joined: their rows one after the other in replicate order, which must cover 1 … replicates
    /// exactly once (a one-line <see cref="DataException"/> names the gap or overlap).
    /// </summary>
    public static TypeThreeBootstrapResult JoinBootstrap(IReadOnlyList<Part> parts, int replicates, ulong seed, IReadOnlyList<string> levels)
    {
        long next = 1;
        var rows = new List<ReadOnlyVector>();
        int attempted = 0, failed = 0;
        foreach (var p in parts.Where(p => p.Last >= p.First).OrderBy(p => p.First))
        {
            if (p.First != next) throw new DataException($"the rank shards' replicates {(p.First > next ? $"{next}-{p.First - 1} are missing" : $"from {p.First} overlap")}.");
            rows.AddRange(p.Rows);
            attempted += p.Attempted;
            failed += p.Failed;
            next = p.Last + 1;
        }
        if (next != replicates + 1) throw new DataException($"the rank shards' replicates {next}-{replicates} are missing.");
        if (rows.Count == 0) throw new DataException("Every bootstrap refit failed in every rank shard.");
        var values = new double[rows.Count, levels.Count];
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < levels.Count; j++) values[i, j] = rows[i][j];
        return new TypeThreeBootstrapResult(new RankDraws("bootstrap", levels, values), attempted, failed, seed);
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
