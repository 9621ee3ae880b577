using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Resampling.Data;

namespace Resampling.Cluster;

/// <summary>
/// What a cluster run was asked to do, written to <c>manifest.json</c> in its run folder when it is submitted and read
/// by every later step (collect, resubmission): the command and how to start the program, where, split into how many
/// shards, and the seed, formula and data checksum that identify the run. The shards' draws files are checked against
/// it, so shards of another run, seed, formula or data are refused.
/// </summary>
public sealed record RunManifest
{
    public const int CurrentVersion = 1;

    /// <summary>The resampling command and its options as given (e.g. <c>boot --data … --replicates 10000</c>).</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>How to start the program on a node: the executable, or <c>dotnet</c> and the assembly.</summary>
    public required IReadOnlyList<string> Program { get; init; }

    /// <summary>The folder the command was submitted from: its relative paths are relative to it.</summary>
    public required string WorkingDirectory { get; init; }

    public required int Tasks { get; init; }
    public required ulong Seed { get; init; }
    public required string Formula { get; init; }
    public required long FirstReplicate { get; init; }
    public required int Replicates { get; init; }

    /// <summary>The data file (full path) and its SHA-256 at submission: a collect after the data changed is refused.</summary>
    public required string Data { get; init; }

    public required string DataSha256 { get; init; }

    /// <summary>
    /// For a fit of data split over files (<c>fit --data 'parts/*.csv'</c>): the files (full paths), one array task each;
    /// for a run from shards' cross-products (<c>boot|mcmc|rank --crossproducts 'parts/*.rxp'</c>): the .rxp files.
    /// <see cref="DataSha256"/> is then <see cref="Checksum(IReadOnlyList{string})"/> of them. Empty for a run on one data file.
    /// </summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>The scheduler the run folder is written for: <c>slurm</c> or <c>kubernetes</c>.</summary>
    public string Scheduler { get; init; } = "slurm";

    /// <summary>True for a fit mapped over files (each task writes a shard's cross-products; the collect job fits).</summary>
    public bool IsFit => Command.Count > 0 && Command[0] == "fit";

    /// <summary>True for a power analysis split by simulations: each shard writes its result's JSON, collect merges them.</summary>
    public bool IsPower => Command.Count > 0 && Command[0] == "power";

    /// <summary>True for an MCMC run split by chains: <see cref="Replicates"/> is then the number of chains.</summary>
    public bool IsMcmc => Command.Count > 0 && Command[0] == "mcmc";

    /// <summary>True for a rank run: <see cref="Replicates"/> is then the bootstrap's (0 when the method has none; the chains split alone).</summary>
    public bool IsRank => Command.Count > 0 && Command[0] == "rank";

    /// <summary>Where the merged draws go (full path): the command's <c>--draws</c>, or <c>draws.csv</c> in the run folder.</summary>
    public required string Draws { get; init; }

    /// <summary>The file the collect step writes the command's printed output to: <c>output.txt</c> or <c>output.json</c>.</summary>
    public required string Output { get; init; }

    /// <summary>The scheduler options given to submit (<c>--partition</c>, <c>--time</c>, <c>--mem</c>), null when not given.</summary>
    public string? Partition { get; init; }

    public string? Time { get; init; }
    public string? Memory { get; init; }

    /// <summary>SHA-256 of a file's bytes, lower-case hex.</summary>
    public static string Checksum(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>SHA-256 of the files' own SHA-256 values and names, in order: changes when any file does.</summary>
    public static string Checksum(IReadOnlyList<string> files) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Concat(files.Select(f => Checksum(f) + "  " + System.IO.Path.GetFileName(f) + "\n")))));

    public void Write(string path)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteNumber("version", CurrentVersion);
        w.WriteString("scheduler", Scheduler);
        Strings(w, "command", Command);
        Strings(w, "program", Program);
        w.WriteString("workingDirectory", WorkingDirectory);
        w.WriteNumber("tasks", Tasks);
        w.WriteString("seed", Seed.ToString(CultureInfo.InvariantCulture));
        w.WriteString("formula", Formula);
        w.WriteNumber("firstReplicate", FirstReplicate);
        w.WriteNumber("replicates", Replicates);
        w.WriteString("data", Data);
        w.WriteString("dataSha256", DataSha256);
        if (Inputs.Count > 0) Strings(w, "inputs", Inputs);
        w.WriteString("draws", Draws);
        w.WriteString("output", Output);
        if (Partition is not null) w.WriteString("partition", Partition);
        if (Time is not null) w.WriteString("time", Time);
        if (Memory is not null) w.WriteString("mem", Memory);
        w.WriteEndObject();
    }

    /// <summary>Reads a manifest; anything missing or malformed is a one-line <see cref="DataException"/>.</summary>
    public static RunManifest Read(string path)
    {
        if (!File.Exists(path)) throw new DataException($"'{path}' not found: not a run folder written by resampling submit.");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            int version = r.GetProperty("version").GetInt32();
            if (version != CurrentVersion) throw new DataException($"'{path}': manifest version {version}, this program reads version {CurrentVersion}.");
            return new RunManifest
            {
                Command = r.GetProperty("command").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                Program = r.GetProperty("program").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                WorkingDirectory = r.GetProperty("workingDirectory").GetString()!,
                Tasks = r.GetProperty("tasks").GetInt32(),
                Seed = ulong.Parse(r.GetProperty("seed").GetString()!, CultureInfo.InvariantCulture),
                Formula = r.GetProperty("formula").GetString()!,
                FirstReplicate = r.GetProperty("firstReplicate").GetInt64(),
                Replicates = r.GetProperty("replicates").GetInt32(),
                Data = r.GetProperty("data").GetString()!,
                DataSha256 = r.GetProperty("dataSha256").GetString()!,
                Scheduler = r.TryGetProperty("scheduler", out var sched) ? sched.GetString() ?? "slurm" : "slurm",
                Inputs = r.TryGetProperty("inputs", out var inputs) ? inputs.EnumerateArray().Select(e => e.GetString()!).ToArray() : [],
                Draws = r.GetProperty("draws").GetString()!,
                Output = r.GetProperty("output").GetString()!,
                Partition = r.TryGetProperty("partition", out var p) ? p.GetString() : null,
                Time = r.TryGetProperty("time", out var t) ? t.GetString() : null,
                Memory = r.TryGetProperty("mem", out var m) ? m.GetString() : null,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new DataException($"'{path}': not a readable run manifest ({e.Message.ReplaceLineEndings(" ")}).");
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
