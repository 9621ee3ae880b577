using System.Globalization;
using System.Text.Json;
using Resampling.Data;
using Resampling.Model;
using Resampling.Randomness;

namespace Resampling.Power;

/// <summary>
/// A design written from scratch, as simr's makeLmer takes one: the formula, the grouping levels (outermost first, each
/// nested in the one before, with its number of groups per enclosing group), the observations per innermost group
/// (fixed, or drawn uniformly between a minimum and a maximum), the covariates with the level they vary at and their
/// distribution, and every parameter by the names <c>--set</c> takes (correlations default to 0). The table is drawn
/// once from the stream (seed, <see cref="StreamPurpose.Simulation"/>, 0); the responses are then simulated as for data.
/// Format and maths: docs/power.md §6.
/// </summary>
public sealed record DesignSpec(string Formula, DataTable Table, IReadOnlyDictionary<string, double> Parameters)
{
    public static DesignSpec Read(string path, ulong seed)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataException($"--design '{path}': {e.Message}"); }
        try
        {
            using var doc = JsonDocument.Parse(text);
            return Parse(doc.RootElement, seed, Path.GetDirectoryName(Path.GetFullPath(path)));
        }
        catch (JsonException e) { throw new DataException($"--design '{path}' is not valid JSON: {e.Message}"); }
    }

    /// <summary>Draws the design's table from its JSON; a covariate's relative <c>file</c> is looked for in <paramref name="directory"/> (the design file's folder).</summary>
    public static DesignSpec Parse(JsonElement root, ulong seed, string? directory = null)
    {
        string formula = Str(root, "formula");
        var levels = Array(root, "levels").Select(l => (Name: Str(l, "name"), Groups: PositiveInt(l, "groups", "groups"))).ToList();
        if (levels.Count == 0) throw new ModelException("The design has no grouping levels.");
        var size = Get(root, "size");
        int sizeMin, sizeMax;
        if (size.ValueKind == JsonValueKind.Number) sizeMin = sizeMax = PositiveInt(root, "size", "observations per group");
        else
        {
            sizeMin = PositiveInt(size, "min", "observations per group");
            sizeMax = PositiveInt(size, "max", "observations per group");
            if (sizeMax < sizeMin) throw new ModelException($"size: max {sizeMax} is below min {sizeMin}.");
        }
        var random = new RandomStream(seed, StreamPurpose.Simulation, 0);

        // Rows: each innermost group's observations, with the index of its group at every level.
        int depth = levels.Count;
        var groupOf = new List<int[]>();
        int[] counters = new int[depth];
        void Build(int level, int[] path)
        {
            for (int k = 0; k < levels[level].Groups; k++)
            {
                path[level] = counters[level]++;
                if (level + 1 < depth) Build(level + 1, path);
                else
                {
                    int m = sizeMin == sizeMax ? sizeMin : sizeMin + random.NextInt(sizeMax - sizeMin + 1);
                    for (int i = 0; i < m; i++) groupOf.Add((int[])path.Clone());
                }
            }
        }
        Build(0, new int[depth]);
        int n = groupOf.Count;
        var columns = new List<DataColumn>();
        for (int l = 0; l < depth; l++)
        {
            int li = l;
            columns.Add(DataColumn.FromTexts(levels[l].Name,
                groupOf.Select(g => (string?)$"{levels[li].Name}{(g[li] + 1).ToString(CultureInfo.InvariantCulture)}").ToArray()));
        }
        if (root.TryGetProperty("covariates", out var covs))
        {
            var tables = new TableDraws(covs, directory);
            foreach (var cov in covs.EnumerateObject())
            {
                string at = cov.Value.TryGetProperty("level", out var lv) ? lv.GetString() ?? "" : "observation";
                int level = at == "observation" ? depth : levels.FindIndex(l => l.Name == at);
                if (level < 0) throw new ModelException($"Covariate '{cov.Name}': level '{at}' is neither 'observation' nor one of {string.Join(", ", levels.Select(l => l.Name))}.");
                int units = level == depth ? n : counters[level];
                int UnitOf(int row) => level == depth ? row : groupOf[row][level];
                if (cov.Value.ValueKind == JsonValueKind.Object && cov.Value.TryGetProperty("distribution", out var dist) && dist.ValueEquals("table"))
                {
                    columns.Add(tables.Column(cov.Name, cov.Value, units, n, UnitOf, random));
                    continue;
                }
                var values = Draw(cov.Name, cov.Value, units, random);
                var v = new double[n];
                for (int i = 0; i < n; i++) v[i] = values[UnitOf(i)];
                columns.Add(DataColumn.FromNumbers(cov.Name, v));
            }
        }
        // A placeholder response (a model is fitted to it only for its structure; every response is then simulated).
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = random.NextNormal();
        var response = Formulas.FormulaParser.Parse(formula).Response.Label;
        if (columns.Any(c => c.Name == response)) throw new ModelException($"The response '{response}' must not also be a covariate.");
        columns.Add(DataColumn.FromNumbers(response, y));

        var parameters = new Dictionary<string, double>();
        foreach (var p in Get(root, "parameters").EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number) throw new ModelException($"Parameter '{p.Name}' must be a number.");
            parameters[p.Name] = p.Value.GetDouble();
        }
        return new DesignSpec(formula, new DataTable(columns), parameters);
    }

    /// <summary>
    /// The settings that replace every parameter of the model fitted to the drawn table: each name must be given,
    /// except correlations (0 when not given); names the model does not have are refused by <see cref="SimulationParameters.Set"/>.
    /// </summary>
    public IReadOnlyList<string> Settings(IEnumerable<string> modelNames)
    {
        var settings = new List<string>();
        var names = modelNames.ToList();
        foreach (var name in names)
        {
            if (Parameters.TryGetValue(name, out double v)) settings.Add($"{name}={v.ToString("R", CultureInfo.InvariantCulture)}");
            else if (name.StartsWith("cor_", StringComparison.Ordinal)) settings.Add($"{name}=0");
            else throw new ModelException($"The design gives no value for parameter '{name}'; it needs {string.Join(", ", names.Where(x => !x.StartsWith("cor_", StringComparison.Ordinal)))}.");
        }
        foreach (var (name, v) in Parameters)
            if (!names.Contains(name)) settings.Add($"{name}={v.ToString("R", CultureInfo.InvariantCulture)}"); // refused by name
        return settings;
    }

    private static double[] Draw(string name, JsonElement spec, int units, RandomStream random)
    {
        string dist = Str(spec, "distribution");
        var v = new double[units];
        switch (dist)
        {
            case "normal":
                double mean = Num(spec, "mean", 0), sd = Num(spec, "sd", 1);
                if (sd < 0) throw new ModelException($"Covariate '{name}': sd {sd} is negative.");
                for (int i = 0; i < units; i++) v[i] = mean + sd * random.NextNormal();
                break;
            case "uniform":
                double lo = Num(spec, "min", 0), hi = Num(spec, "max", 1);
                if (hi < lo) throw new ModelException($"Covariate '{name}': max {hi} is below min {lo}.");
                for (int i = 0; i < units; i++) v[i] = lo + (hi - lo) * random.NextDouble();
                break;
            case "bernoulli":
                double p = Num(spec, "p", 0.5);
                if (p is < 0 or > 1) throw new ModelException($"Covariate '{name}': p {p} is not a probability.");
                for (int i = 0; i < units; i++) v[i] = random.NextDouble() < p ? 1 : 0;
                break;
            case "balanced":
                // Exactly half the units (rounded down) at 1, in a random order: a balanced randomisation.
                var order = Enumerable.Range(0, units).ToArray();
                for (int i = units - 1; i > 0; i--)
                {
                    int k = random.NextInt(i + 1);
                    (order[i], order[k]) = (order[k], order[i]);
                }
                for (int i = 0; i < units / 2; i++) v[order[i]] = 1;
                break;
            default:
                throw new ModelException($"Covariate '{name}': distribution '{dist}' is not normal, uniform, bernoulli, balanced or table.");
        }
        return v;
    }

    /// <summary>
    /// Covariates resampled from a table (<c>"distribution": "table", "file": ..., "column": ...</c>): each unit of the
    /// covariate's level takes the values of one row of the file drawn with replacement, and covariates drawn from the
    /// same file at the same level share the drawn rows, so their joint distribution (a school's sector with its mean
    /// SES, say) is the table's. Rows missing any of those covariates' columns are left out of the pool.
    /// </summary>
    private sealed class TableDraws
    {
        private readonly string? _directory;
        private readonly Dictionary<(string File, string Level), List<string>> _columns = [];
        private readonly Dictionary<string, DataTable> _tables = [];
        private readonly Dictionary<(string File, string Level), int[]> _drawn = [];

        public TableDraws(JsonElement covariates, string? directory)
        {
            _directory = directory;
            // First pass: which columns each (file, level) pool must have present, so the pool is fixed before any draw.
            foreach (var cov in covariates.EnumerateObject())
            {
                if (cov.Value.ValueKind != JsonValueKind.Object || !cov.Value.TryGetProperty("distribution", out var d) || !d.ValueEquals("table")) continue;
                var key = (FilePath(cov.Name, cov.Value), LevelKey(cov.Value));
                if (!_columns.TryGetValue(key, out var list)) _columns[key] = list = [];
                list.Add(ColumnName(cov.Name, cov.Value));
            }
        }

        public DataColumn Column(string name, JsonElement spec, int units, int n, Func<int, int> unitOf, RandomStream random)
        {
            string file = FilePath(name, spec);
            var table = Table(file);
            string columnName = ColumnName(name, spec);
            if (!table.Columns.Any(c => c.Name == columnName))
                throw new ModelException($"Covariate '{name}': '{file}' has no column '{columnName}'; it has {string.Join(", ", table.Columns.Select(c => c.Name))}.");
            var key = (file, LevelKey(spec));
            if (!_drawn.TryGetValue(key, out var rows))
            {
                var needed = _columns[key].Select(c => table.Columns.FirstOrDefault(x => x.Name == c)).OfType<DataColumn>().ToList();
                var pool = Enumerable.Range(0, table.RowCount).Where(i => needed.All(c => !c.IsMissing(i))).ToArray();
                if (pool.Length == 0) throw new ModelException($"Covariate '{name}': '{file}' has no row with {string.Join(", ", _columns[key])} all present.");
                rows = new int[units];
                for (int u = 0; u < units; u++) rows[u] = pool[random.NextInt(pool.Length)];
                _drawn[key] = rows;
            }
            var source = table[columnName];
            if (source.Kind == ColumnKind.Numeric)
            {
                var v = new double[n];
                for (int i = 0; i < n; i++) v[i] = source.Numbers[rows[unitOf(i)]];
                return DataColumn.FromNumbers(name, v);
            }
            var t = new string?[n];
            for (int i = 0; i < n; i++) t[i] = source.TextAt(rows[unitOf(i)]);
            return DataColumn.FromTexts(name, t);
        }

        private DataTable Table(string file)
        {
            if (!_tables.TryGetValue(file, out var table)) _tables[file] = table = TableReader.Read(file);
            return table;
        }

        private string FilePath(string name, JsonElement spec)
        {
            if (!spec.TryGetProperty("file", out var f) || f.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(f.GetString()))
                throw new ModelException($"Covariate '{name}': a table covariate needs \"file\", the data file to resample from.");
            string path = f.GetString()!;
            return Path.IsPathRooted(path) || _directory is null ? path : Path.Combine(_directory, path);
        }

        private static string LevelKey(JsonElement spec) => spec.TryGetProperty("level", out var l) ? l.GetString() ?? "" : "observation";

        private static string ColumnName(string name, JsonElement spec) =>
            spec.TryGetProperty("column", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : name;
    }

    private static JsonElement Get(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : throw new ModelException($"The design has no '{name}'.");

    private static string Str(JsonElement e, string name) =>
        Get(e, name) is { ValueKind: JsonValueKind.String } s ? s.GetString()! : throw new ModelException($"The design's '{name}' must be a string.");

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        Get(e, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray().ToList() : throw new ModelException($"The design's '{name}' must be a list.");

    private static double Num(JsonElement e, string name, double fallback) =>
        !e.TryGetProperty(name, out var v) ? fallback
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new ModelException($"The design's '{name}' must be a number.");

    private static int PositiveInt(JsonElement e, string name, string what)
    {
        var v = Get(e, name);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int k)) throw new ModelException($"The design's '{name}' must be a whole number.");
        if (k < 1) throw new ModelException($"The design's {what} must be at least 1 (got {k}: zero groups is no design).");
        return k;
    }
}
