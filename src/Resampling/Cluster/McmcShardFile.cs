using System.Globalization;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Glmm;
using Resampling.Mcmc;
using Resampling.Numerics;
using Resampling.Reporting;

namespace Resampling.Cluster;

/// <summary>
/// The draws file of a shard of an MCMC run's chains (<c>mcmc --shard K/N --draws part.csv</c>): a first comment line
/// <c># resampling mcmc chains; chains=A-B; acceptance=…; run=…</c>, then the draws CSV of chains A … B as the whole run
/// writes them (<see cref="McmcDrawsCsv"/>, chain and draw numbers of the whole run). The run part names everything that
/// makes the draws what they are (chains in all, iterations, warm-up, thin, seed, priors, data fingerprint, formula):
/// shards are joined only when it is the joining command's own, so chains of another run, seed, data or formula are
/// refused. Round-trip numbers: the chains read back are the sampled ones bit for bit.
/// </summary>
public static class McmcShardFile
{
    private const string Magic = "# resampling mcmc chains; ";

    /// <summary>What identifies the whole run (the formula last: it is free text).</summary>
    public static string Run(McmcOptions whole, LinearMixedModel fit, string formula) => string.Create(CultureInfo.InvariantCulture,
        $"of={whole.Chains}; iterations={whole.Iterations}; warmup={whole.Warmup}; thin={whole.Thin}; seed={whole.Seed}; " +
        $"priors={McmcReport.Describe(whole)}{(whole.CollapsedMove ? "" : ", no collapsed move")}; data={fit.Design.Fingerprint()}; " +
        $"formula={formula.ReplaceLineEndings(" ")}");

    /// <summary>
    /// A generalised model's run (<c>mcmc --family --shard</c>): as a linear one's, with its family and link
    /// (<c>family=binomial(logit)</c>) and the GLMM's data fingerprint (<see cref="GlmmRunIdentity"/>), so chains of a
    /// linear model or of another family are refused by name.
    /// </summary>
    public static string Run(McmcOptions whole, GeneralizedLinearMixedModel fit, string formula) => string.Create(CultureInfo.InvariantCulture,
        $"of={whole.Chains}; iterations={whole.Iterations}; warmup={whole.Warmup}; thin={whole.Thin}; seed={whole.Seed}; " +
        $"priors={McmcReport.Describe(whole, residual: false)}; family={GlmmRunIdentity.Family(fit.Problem.Family)}; " +
        $"data={GlmmRunIdentity.Fingerprint(fit.Problem)}; formula={formula.ReplaceLineEndings(" ")}");

    /// <summary>Writes a shard's result (chains FirstChain … FirstChain + Chains − 1) with the whole run's identity.</summary>
    public static void Write(McmcResult shard, string run, string path)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        Write(shard, run, writer);
    }

    /// <summary>The same, into a writer (a rank shard appends its chains to its bootstrap rows).</summary>
    public static void Write(McmcResult shard, string run, TextWriter writer)
    {
        int first = shard.Options.FirstChain;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Magic}chains={first}-{first + shard.Chains - 1}; acceptance={string.Join(",", shard.CollapsedAcceptance.Select(a => a.ToString("R", CultureInfo.InvariantCulture)))}; run={run}"));
        McmcDrawsCsv.Write(shard, writer);
    }

    /// <summary>The first and last chain a shard file holds and the run it names, from its first line only (collect's check).</summary>
    public static (int First, int Last, string Run) Header(string path)
    {
        using var reader = new StreamReader(path);
        return ParseHeader(reader.ReadLine(), path).Header;
    }

    /// <summary>
    /// Reads a shard's chains, refusing (one-line <see cref="DataException"/>) a file of another run than
    /// <paramref name="run"/> or whose first columns are not <paramref name="parameterNames"/> (the random effects follow;
    /// <see cref="McmcSampler.FromChains"/> checks their number).
    /// </summary>
    public static IReadOnlyList<McmcChain> Read(string path, string run, IReadOnlyList<string> parameterNames, int drawsPerChain)
    {
        if (!File.Exists(path)) throw new DataException($"MCMC shard draws '{path}' not found.");
        using var reader = new StreamReader(path);
        var chains = Read(reader, path, run, parameterNames, drawsPerChain);
        if (reader.ReadLine() is { Length: > 0 }) throw new DataException($"'{path}' holds more draws than its chains.");
        return chains;
    }

    /// <summary>Reads one shard's chains from <paramref name="reader"/> (positioned at their first line), no further.</summary>
    public static IReadOnlyList<McmcChain> Read(TextReader reader, string path, string run, IReadOnlyList<string> parameterNames, int drawsPerChain)
    {
        var (header, acceptance) = ParseHeader(reader.ReadLine(), path);
        if (header.Run != run)
            throw new DataException($"'{path}' holds chains of another run ({RunDifference.Describe(run, header.Run)}).");
        // Parameter names hold no comma (effect names may, quoted): only the parameters' columns are compared by name.
        var columns = reader.ReadLine()?.Split(',') ?? [];
        int k = parameterNames.Count;
        if (columns.Length < 3 + k || !columns.Skip(3).Take(k).SequenceEqual(parameterNames))
            throw new DataException($"'{path}': its columns are not this model's parameters.");
        int count = header.Last - header.First + 1, width = -1, effects = 0;
        if (acceptance.Length != count) throw new DataException($"'{path}': {acceptance.Length} acceptance rates for {count} chains.");
        var chains = new List<McmcChain>();
        for (int c = 0; c < count; c++)
        {
            var p = new double[drawsPerChain * k];
            var e = new double[drawsPerChain * effects];
            for (int i = 0; i < drawsPerChain; i++)
            {
                var line = reader.ReadLine() ?? throw new DataException($"'{path}' is cut short: chain {header.First + c} has {i} of its {drawsPerChain} draws.");
                var f = line.Split(',');
                if (width < 0)
                {
                    width = f.Length;
                    effects = Math.Max(0, width - 3 - k);
                    e = new double[drawsPerChain * effects];
                }
                if (f.Length != width || f[0] != (header.First + c).ToString(CultureInfo.InvariantCulture) || f[1] != (i + 1).ToString(CultureInfo.InvariantCulture))
                    throw new DataException($"'{path}': draw {i + 1} of chain {header.First + c} is not where expected ({f.Length} fields, chain '{f[0]}').");
                for (int j = 0; j < k; j++) p[i * k + j] = Number(f[3 + j], path);
                for (int j = 0; j < effects; j++) e[i * effects + j] = Number(f[3 + k + j], path);
            }
            chains.Add(new McmcChain(header.First + c, ReadOnlyVector.Wrap(p), ReadOnlyVector.Wrap(e), acceptance[c]));
        }
        return chains;
    }

    private static ((int First, int Last, string Run) Header, double[] Acceptance) ParseHeader(string? line, string path)
    {
        if (line is null || !line.StartsWith(Magic, StringComparison.Ordinal))
            throw new DataException($"'{path}' is not an MCMC shard's draws file (written by mcmc --shard).");
        var rest = line[Magic.Length..];
        int runAt = rest.IndexOf("; run=", StringComparison.Ordinal);
        var parts = (runAt < 0 ? "" : rest[..runAt]).Split("; ").Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        var range = parts.GetValueOrDefault("chains", "").Split('-');
        if (runAt < 0 || range.Length != 2 || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first) ||
            !int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last) || first < 1 || last < first)
            throw new DataException($"'{path}': the first line does not name its chains and run.");
        var acceptance = parts.GetValueOrDefault("acceptance", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => Number(a, path)).ToArray();
        return ((first, last, rest[(runAt + "; run=".Length)..]), acceptance);
    }

    private static double Number(string text, string path) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new DataException($"'{path}': bad number '{text}'.");
}
