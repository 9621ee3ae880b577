using System.Globalization;
using Resampling.Data;

namespace Resampling.Bootstrap;

/// <summary>
/// The bootstrap draws CSV: a first comment line identifying the run (<c># resampling draws; type=…; seed=…; formula=…</c>),
/// a header <c>replicate,status,&lt;parameters&gt;,error</c>, a row 0 (status <c>estimate</c>) with the original fit's
/// estimates, then one row per replicate, written as replicates finish (so not necessarily in order; readers sort).
/// Values are invariant-culture round-trip numbers; a failed replicate has NA values and its error message.
/// </summary>
public sealed class DrawsFile
{
    private const string Magic = "# resampling draws";

    public DrawsFile(string type, ulong seed, string formula, IReadOnlyList<string> names, IReadOnlyList<double> estimates,
        IReadOnlyList<BootstrapDraw> draws, string settings = "", string data = "")
    {
        Data = data;
        Settings = settings;
        Type = type;
        Seed = seed;
        Formula = formula;
        Names = names;
        Estimates = estimates;
        Draws = draws;
    }

    public string Type { get; }

    /// <summary>
    /// The scheme's options that change the draws (e.g. <c>use-u</c>, <c>within</c>, <c>levels=T/T/F</c>), empty for
    /// none: a resume or merge with other settings would mix two different bootstraps under one seed.
    /// </summary>
    public string Settings { get; }
    public ulong Seed { get; }

    /// <summary>
    /// The model design's fingerprint (<see cref="Model.MixedModelDesign.Fingerprint"/>): the data the draws were made
    /// from, computed columns included. Empty in files written before it was recorded, which are compared without it.
    /// </summary>
    public string Data { get; }

    public string Formula { get; }
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<double> Estimates { get; }
    public IReadOnlyList<BootstrapDraw> Draws { get; }

    public BootstrapResult ToResult(TimeSpan elapsed) => new(Type, Seed, Names, Estimates, Draws, elapsed);

    /// <summary>
    /// True when <paramref name="other"/> comes from the same run (type, settings, seed, formula, parameters and, when
    /// both files record it, data).
    /// </summary>
    public bool SameRun(DrawsFile other) =>
        Type == other.Type && Settings == other.Settings && Seed == other.Seed && Formula == other.Formula &&
        Names.SequenceEqual(other.Names) && (Data.Length == 0 || other.Data.Length == 0 || Data == other.Data);

    /// <summary>True when both files record their data and it differs: the reason to give when <see cref="SameRun"/> fails.</summary>
    public bool OtherData(DrawsFile other) => Data.Length > 0 && other.Data.Length > 0 && Data != other.Data;

    /// <summary>
    /// The model a file's draws are of: <c>a binomial(logit) nagq=1 GLMM</c> (its settings' <c>family=</c> and
    /// <c>nagq=</c>) or <c>a linear model</c>.
    /// </summary>
    public string ModelKind
    {
        get
        {
            var parts = Settings.Split(',');
            var family = parts.FirstOrDefault(p => p.StartsWith("family=", StringComparison.Ordinal));
            if (family is null) return "a linear model";
            var nagq = parts.FirstOrDefault(p => p.StartsWith("nagq=", StringComparison.Ordinal));
            return $"a {family["family=".Length..]}{(nagq is null ? "" : " " + nagq)} GLMM";
        }
    }

    /// <summary>
    /// Why <paramref name="other"/> is not of this run, in words for a one-line refusal (<see cref="SameRun"/> false): the
    /// model (linear, or a GLMM's family, link and quadrature points) first, then the data, then the rest.
    /// </summary>
    public string Difference(DrawsFile other) =>
        ModelKind != other.ModelKind ? $"draws of {ModelKind} and of {other.ModelKind}"
        : OtherData(other) ? "other data: the model's response, design or groups differ"
        : "type, settings, seed, formula or parameters differ";

    // The formula stays last: it is free text and may itself contain "; ".
    public static string HeaderComment(string type, ulong seed, string formula, string settings = "", string data = "") =>
        $"{Magic}; type={type}; " + (settings.Length > 0 ? $"settings={settings}; " : "") +
        $"seed={seed.ToString(CultureInfo.InvariantCulture)}; " + (data.Length > 0 ? $"data={data}; " : "") +
        $"formula={formula.ReplaceLineEndings(" ")}";

    public static string HeaderRow(IEnumerable<string> names) =>
        "replicate,status," + string.Join(",", names.Select(Quote)) + ",error";

    public static string Row(long replicate, string status, IEnumerable<double> values, string? error) =>
        replicate.ToString(CultureInfo.InvariantCulture) + "," + status + "," +
        string.Join(",", values.Select(v => double.IsNaN(v) ? "NA" : v.ToString("R", CultureInfo.InvariantCulture))) + "," +
        (error is null ? "" : Quote(error));

    public static string Row(BootstrapDraw d) => Row(d.Replicate, StatusName(d.Status), d.Values, d.Error);

    public static string StatusName(DrawStatus s) => s switch
    {
        DrawStatus.Ok => "ok",
        DrawStatus.Singular => "singular",
        _ => "failed",
    };

    /// <summary>Reads a draws file; a row cut short by an interruption (the last line) is ignored.</summary>
    public static DrawsFile Read(string path)
    {
        if (!File.Exists(path)) throw new DataException($"Draws file '{path}' not found.");
        var lines = File.ReadAllLines(path);
        if (lines.Length < 3 || !lines[0].StartsWith(Magic, StringComparison.Ordinal))
            throw new DataException($"'{path}' is not a draws file written by resampling boot.");
        var meta = lines[0][Magic.Length..].Split("; ", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1]);
        if (!meta.TryGetValue("type", out var type) || !meta.TryGetValue("seed", out var seedText) ||
            !ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            throw new DataException($"'{path}': the first line does not name the run's type and seed.");
        var formula = meta.GetValueOrDefault("formula", "");
        var settings = meta.GetValueOrDefault("settings", "");
        var data = meta.GetValueOrDefault("data", "");
        var header = SplitCsv(lines[1]);
        if (header.Count < 3 || header[0] != "replicate" || header[1] != "status" || header[^1] != "error")
            throw new DataException($"'{path}': unexpected header row.");
        var names = header.Skip(2).Take(header.Count - 3).ToArray();
        double[]? estimates = null;
        var draws = new List<BootstrapDraw>();
        var seen = new Dictionary<long, BootstrapDraw>();
        for (int li = 2; li < lines.Length; li++)
        {
            if (lines[li].Length == 0) continue;
            var f = SplitCsv(lines[li]);
            if (f.Count != header.Count)
            {
                if (li == lines.Length - 1) break; // the row being written when the run stopped
                throw new DataException($"'{path}' line {li + 1}: {f.Count} fields, expected {header.Count}.");
            }
            if (!long.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rep))
                throw new DataException($"'{path}' line {li + 1}: bad replicate number '{f[0]}'.");
            var values = new double[names.Length];
            for (int k = 0; k < names.Length; k++)
            {
                var s = f[k + 2];
                if (s == "NA") values[k] = double.NaN;
                else if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]))
                    throw new DataException($"'{path}' line {li + 1}: bad number '{s}'.");
            }
            if (f[1] == "estimate") { estimates = values; continue; }
            var status = f[1] switch
            {
                "ok" => DrawStatus.Ok,
                "singular" => DrawStatus.Singular,
                "failed" => DrawStatus.Failed,
                _ => throw new DataException($"'{path}' line {li + 1}: unknown status '{f[1]}'."),
            };
            var draw = new BootstrapDraw(rep, values, status, f[^1].Length == 0 ? null : f[^1]);
            // A replicate written twice (a resume racing an interruption) must agree with itself; it is kept once.
            if (seen.TryGetValue(rep, out var earlier))
            {
                if (!SameDraw(earlier, draw))
                    throw new DataException($"'{path}' line {li + 1}: replicate {rep} appears twice with different values.");
                continue;
            }
            seen[rep] = draw;
            draws.Add(draw);
        }
        if (estimates is null) throw new DataException($"'{path}': the estimates row (replicate 0) is missing.");
        return new DrawsFile(type, seed, formula, names, estimates, draws.OrderBy(d => d.Replicate).ToArray(), settings, data);
    }

    /// <summary>
    /// Merges parts of one run (same type, seed, formula, parameters). A replicate present in several parts must have the
    /// same values in each; it is kept once.
    /// </summary>
    public static DrawsFile Merge(IReadOnlyList<DrawsFile> parts)
    {
        if (parts.Count == 0) throw new DataException("No draws files to merge.");
        var first = parts[0];
        foreach (var p in parts.Skip(1))
            if (!first.SameRun(p))
                throw new DataException(first.ModelKind != p.ModelKind
                    ? $"The draws files come from different models ({first.Difference(p)}): merge shards of one run only."
                    : first.OtherData(p)
                    ? "The draws files come from different data (the model's response, design or groups differ)."
                    : "The draws files come from different runs (type, settings, seed, formula or parameters differ).");
        var byIndex = new SortedDictionary<long, BootstrapDraw>();
        foreach (var d in parts.SelectMany(p => p.Draws))
        {
            if (byIndex.TryGetValue(d.Replicate, out var e))
            {
                if (!SameDraw(e, d))
                    throw new DataException($"Replicate {d.Replicate} appears in two files with different values.");
                continue;
            }
            byIndex[d.Replicate] = d;
        }
        // The merge vouches for its data only when every part recorded the same.
        string data = parts.All(p => p.Data == first.Data) ? first.Data : "";
        return new DrawsFile(first.Type, first.Seed, first.Formula, first.Names, first.Estimates, byIndex.Values.ToArray(), first.Settings, data);
    }

    /// <summary>Writes the whole file (merge output).</summary>
    public void Write(TextWriter w)
    {
        w.WriteLine(HeaderComment(Type, Seed, Formula, Settings, Data));
        w.WriteLine(HeaderRow(Names));
        w.WriteLine(Row(0, "estimate", Estimates, null));
        foreach (var d in Draws) w.WriteLine(Row(d));
    }

    // NaN equals NaN here: a failed replicate written twice is the same replicate.
    private static bool SameDraw(BootstrapDraw a, BootstrapDraw b) =>
        a.Status == b.Status && a.Values.Count == b.Values.Count
        && Enumerable.Range(0, a.Values.Count).All(k => a.Values[k].Equals(b.Values[k]));

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"").ReplaceLineEndings(" ") + "\"";

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var sb = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields;
    }
}
