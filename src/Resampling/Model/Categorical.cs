using System.Runtime.CompilerServices;

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
        // One hash lookup per row: codes in order of first appearance, renumbered once the levels are sorted.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<string>();
        var codes = new int[values.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            var v = values[i];
            if (!index.TryGetValue(v, out int code))
            {
                code = distinct.Count;
                index.Add(v, code);
                distinct.Add(v);
            }
            codes[i] = code;
        }
        var order = Enumerable.Range(0, distinct.Count).ToArray();
        if (numeric)
        {
            var keys = distinct.Select(d => double.Parse(d, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        }
        else
            Array.Sort(order, (a, b) => LevelComparer.Instance.Compare(distinct[a], distinct[b]));
        return Renumbered(distinct, order, codes);
    }

    /// <summary>
    /// The factor of a numeric column's values on <paramref name="rows"/> (none missing), without formatting every row:
    /// the same levels (each distinct value's shortest round-trip text, so 0 and −0 are two levels as their texts are)
    /// and the same numeric order as <see cref="FromValues"/> on the texts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per row of the data (see MixedModelDesign.KeptRows)
    public static Categorical FromNumbers(ReadOnlySpan<double> column, int[] rows)
    {
        var index = new Dictionary<long, int>();
        var distinct = new List<double>();
        var codes = new int[rows.Length];
        for (int i = 0; i < codes.Length; i++)
        {
            double v = column[rows[i]];
            long bits = BitConverter.DoubleToInt64Bits(v);
            if (!index.TryGetValue(bits, out int code))
            {
                code = distinct.Count;
                index.Add(bits, code);
                distinct.Add(v);
            }
            codes[i] = code;
        }
        var order = Enumerable.Range(0, distinct.Count).ToArray();
        Array.Sort(order, (a, b) => distinct[a] != distinct[b] ? distinct[a].CompareTo(distinct[b]) : a.CompareTo(b)); // 0 and −0: first seen first
        return Renumbered(distinct.Select(Data.DataColumn.FormatNumber).ToList(), order, codes);
    }

    /// <summary>Levels in <paramref name="order"/> (first-appearance codes, sorted), and the codes renumbered to match.</summary>
    private static Categorical Renumbered(List<string> firstSeen, int[] order, int[] codes)
    {
        var rank = new int[order.Length];
        var levels = new string[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            rank[order[k]] = k;
            levels[k] = firstSeen[order[k]];
        }
        for (int i = 0; i < codes.Length; i++) codes[i] = rank[codes[i]];
        return new Categorical(levels, codes);
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
