namespace Resampling.Model;

/// <summary>A factor as R stores it: sorted levels and each row's level index.</summary>
internal sealed record Categorical(IReadOnlyList<string> Levels, int[] Codes)
{
    /// <summary>
    /// Levels sorted as R's factor() sorts them: numerically for a numeric column, otherwise alphabetically
    /// with case folded first (R's usual locale collation), then lower case before upper case.
    /// </summary>
    public static Categorical FromValues(IReadOnlyList<string> values, bool numeric)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).ToList();
        if (numeric)
        {
            // Each level parsed once, not twice per comparison (10,000 student ids: 300,000 parses otherwise).
            var keyed = distinct.Select(v => (Key: double.Parse(v, System.Globalization.CultureInfo.InvariantCulture), Text: v)).ToArray();
            Array.Sort(keyed, (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : string.CompareOrdinal(a.Text, b.Text));
            distinct = keyed.Select(k => k.Text).ToList();
        }
        else
            distinct.Sort(LevelComparer.Instance);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < distinct.Count; i++) index[distinct[i]] = i;
        var codes = new int[values.Count];
        for (int i = 0; i < codes.Length; i++) codes[i] = index[values[i]];
        return new Categorical(distinct, codes);
    }

    /// <summary>The interaction a:b of several factors, levels in lexical order of (a, b, ...), unused combinations dropped.</summary>
    public static Categorical Interaction(IReadOnlyList<Categorical> factors)
    {
        int n = factors[0].Codes.Length;
        if (factors.Count == 1 && AllLevelsUsed(factors[0])) return factors[0]; // the "interaction" of one factor is itself
        var keys = new long[n];
        for (int i = 0; i < n; i++)
        {
            long k = 0;
            foreach (var f in factors) k = k * f.Levels.Count + f.Codes[i];
            keys[i] = k;
        }
        var sorted = keys.Distinct().Order().ToArray();
        var index = new Dictionary<long, int>();
        for (int i = 0; i < sorted.Length; i++) index[sorted[i]] = i;
        var levels = new string[sorted.Length];
        for (int i = 0; i < n; i++)
        {
            int code = index[keys[i]];
            levels[code] ??= string.Join(":", factors.Select(f => f.Levels[f.Codes[i]]));
        }
        return new Categorical(levels, keys.Select(k => index[k]).ToArray());
    }

    private static bool AllLevelsUsed(Categorical c)
    {
        var used = new bool[c.Levels.Count];
        int count = 0;
        foreach (int code in c.Codes)
            if (!used[code]) { used[code] = true; count++; }
        return count == used.Length;
    }

    private sealed class LevelComparer : IComparer<string>
    {
        public static readonly LevelComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            int c = string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
            return c != 0 ? c : -string.CompareOrdinal(x, y);
        }
    }
}
