using System.Globalization;
using Resampling.Data;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Cluster;

/// <summary>
/// Joins shards' cross-products into the design of the whole data: levels are matched by name and sorted as R sorts
/// the whole data's levels, cells met in several shards are summed, and each cell's sum M = Σ v v' becomes at most
/// dim(v) pseudo-rows r with Σ r r' = M (pivoted Cholesky), which the engine fits as it fits data rows. Memory follows
/// the number of cells, never the number of data rows. Maths: docs/cluster.md.
/// </summary>
public static class CrossproductsReduce
{
    /// <summary>The design of the union of <paramref name="shards"/> (path, content), refusing shards of other models.</summary>
    public static MixedModelDesign Design(IReadOnlyList<(string Path, ShardCrossproducts Shard)> shards)
    {
        if (shards.Count == 0) throw new DataException("No cross-products files given.");
        var (firstPath, first) = shards[0];
        foreach (var (path, s) in shards.Skip(1)) CheckSameModel(firstPath, first, path, s);
        var formula = FormulaParser.Parse(first.Formula);
        int nt = first.Terms.Count;

        // The union of each term's levels, by name, in R's order for the whole data.
        var levels = new string[nt][];
        var index = new Dictionary<string, int>[nt];
        for (int t = 0; t < nt; t++)
        {
            var numeric = first.Terms[t].NumericComponents;
            levels[t] = shards.SelectMany(s => s.Shard.Terms[t].Levels).Distinct(StringComparer.Ordinal).ToArray();
            Array.Sort(levels[t], (a, b) => CompareLevels(a, b, numeric));
            index[t] = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < levels[t].Length; i++) index[t][levels[t][i]] = i;
        }

        // Cells summed over shards, in order of first appearance (shards in the order given).
        int tri = first.Triangle, d = first.Dimension;
        var keys = new CellKeys(levels.Select(l => l.Length).ToArray());
        var cellLevels = new List<int[]>();
        var sums = new List<double[]>();
        var level = new int[nt];
        foreach (var (_, s) in shards)
        {
            var map = Enumerable.Range(0, nt).Select(t => s.Terms[t].Levels.Select(l => index[t][l]).ToArray()).ToArray();
            for (int c = 0; c < s.CellCount; c++)
            {
                for (int t = 0; t < nt; t++) level[t] = map[t][s.CellCodes[c * nt + t]];
                int cell = keys.IndexOf(level, cellLevels.Count);
                if (cell == cellLevels.Count)
                {
                    cellLevels.Add((int[])level.Clone());
                    sums.Add(new double[tri]);
                }
                var sum = sums[cell];
                for (int k = 0, o = c * tri; k < tri; k++) sum[k] += s.Sums[o + k];
            }
        }

        long observations = shards.Sum(s => s.Shard.Rows);
        if (observations > int.MaxValue) throw new DataException($"{observations} rows in all: more than this program fits ({int.MaxValue}).");
        if (observations == 0) throw new ModelException("No rows in the cross-products files.");
        var pseudo = new List<double[]>();
        var pseudoCell = new List<int>();
        var a = new double[d * d];
        for (int c = 0; c < sums.Count; c++)
        {
            Unpack(sums[c], a, d);
            foreach (var row in PivotedCholesky(a, d))
            {
                pseudo.Add(row);
                pseudoCell.Add(c);
            }
        }

        int n = pseudo.Count, col = 0;
        double[] Column() { int k = col++; var v = new double[n]; for (int i = 0; i < n; i++) v[i] = pseudo[i][k]; return v; }
        var terms = new List<RandomEffectsTerm>();
        for (int t = 0; t < nt; t++)
        {
            var st = first.Terms[t];
            var z = st.ColumnNames.Select(_ => Column()).ToArray();
            var codes = new int[n];
            for (int i = 0; i < n; i++) codes[i] = cellLevels[pseudoCell[i]][t];
            terms.Add(new RandomEffectsTerm(st.GroupName, levels[t], codes, st.ColumnNames, z));
        }
        var x = new ModelMatrix(first.XNames, first.XNames.Select(_ => Column()).ToArray(), n);
        var y = Column();
        return MixedModelDesign.FromPseudoRows(formula, y, x, terms, (int)Math.Min(int.MaxValue, shards.Sum(s => s.Shard.DroppedRows)), (int)observations,
            shards.Sum(s => s.Shard.LogWeightSum));
    }

    private static void CheckSameModel(string firstPath, ShardCrossproducts first, string path, ShardCrossproducts s)
    {
        string Refuse(string what) => $"'{path}' and '{firstPath}' are cross-products of different models ({what}): give the shards of one fit.";
        if (s.Formula != first.Formula)
            throw new DataException(Refuse($"formula \"{s.Formula}\" and \"{first.Formula}\""));
        if (s.Weights != first.Weights)
            throw new DataException(Refuse($"weights {(s.Weights is null ? "none" : $"'{s.Weights}'")} and {(first.Weights is null ? "none" : $"'{first.Weights}'")}"));
        if (!s.XNames.SequenceEqual(first.XNames))
            throw new DataException(Refuse($"fixed-effects columns {string.Join(",", s.XNames)} and {string.Join(",", first.XNames)}"));
        for (int i = 0; i < first.Factors.Count; i++)
            if (s.Factors.Count != first.Factors.Count || s.Factors[i].Name != first.Factors[i].Name || !s.Factors[i].Levels.SequenceEqual(first.Factors[i].Levels))
                throw new DataException($"'{path}' and '{firstPath}' have different levels of the fixed-effects factor '{first.Factors[i].Name}': cross-products need the same levels of such factors in every shard.");
        if (s.Terms.Count != first.Terms.Count
            || s.Terms.Zip(first.Terms).Any(p => p.First.GroupName != p.Second.GroupName || !p.First.ColumnNames.SequenceEqual(p.Second.ColumnNames)
                || !p.First.NumericComponents.SequenceEqual(p.Second.NumericComponents)))
            throw new DataException(Refuse("random-effects terms"));
    }

    /// <summary>R's order of a grouping factor's levels: by each variable of a:b in turn, numerically or as text (<see cref="Categorical"/>).</summary>
    private static int CompareLevels(string a, string b, IReadOnlyList<bool> numeric)
    {
        var pa = numeric.Count > 1 ? a.Split(':') : [a];
        var pb = numeric.Count > 1 ? b.Split(':') : [b];
        if (pa.Length != numeric.Count || pb.Length != numeric.Count) return Text(a, b);
        for (int k = 0; k < numeric.Count; k++)
        {
            int c = numeric[k]
                ? double.Parse(pa[k], CultureInfo.InvariantCulture).CompareTo(double.Parse(pb[k], CultureInfo.InvariantCulture))
                : Text(pa[k], pb[k]);
            if (c != 0) return c;
        }
        return string.CompareOrdinal(a, b);

        static int Text(string x, string y)
        {
            int c = string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
            return c != 0 ? c : -string.CompareOrdinal(x, y);
        }
    }

    private static void Unpack(double[] packed, double[] a, int d)
    {
        for (int i = 0, o = 0; i < d; i++)
            for (int j = 0; j <= i; j++, o++) a[i * d + j] = a[j * d + i] = packed[o];
    }

    /// <summary>
    /// Rows r_k with Σ r_k r_k' = A (A positive semi-definite, overwritten), largest remaining relative pivot first;
    /// stops when what is left is rounding (every remaining diagonal at most 1e-13 of its original value).
    /// </summary>
    internal static List<double[]> PivotedCholesky(double[] a, int d)
    {
        var original = new double[d];
        for (int i = 0; i < d; i++) original[i] = a[i * d + i];
        var rows = new List<double[]>();
        while (true)
        {
            int j = -1;
            double best = 1e-13;
            for (int i = 0; i < d; i++)
            {
                if (original[i] <= 0) continue;
                double ratio = a[i * d + i] / original[i];
                if (ratio > best) { best = ratio; j = i; }
            }
            if (j < 0) return rows;
            double pivot = Math.Sqrt(a[j * d + j]);
            var r = new double[d];
            for (int i = 0; i < d; i++) r[i] = a[i * d + j] / pivot;
            r[j] = pivot;
            for (int i = 0; i < d; i++)
                for (int k = 0; k < d; k++) a[i * d + k] -= r[i] * r[k];
            for (int i = 0; i < d; i++) { a[i * d + j] = 0; a[j * d + i] = 0; }
            rows.Add(r);
        }
    }
}
