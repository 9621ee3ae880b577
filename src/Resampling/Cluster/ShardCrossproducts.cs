using System.Runtime.CompilerServices;
using Resampling.Data;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Cluster;

/// <summary>One random-effects term of a shard: its grouping factor's levels by name, and how to sort them.</summary>
/// <param name="GroupName">lme4's name of the grouping factor.</param>
/// <param name="ColumnNames">The term's model-matrix columns.</param>
/// <param name="NumericComponents">Per variable of the grouping (a:b has two): sorted as numbers (true) or as text.</param>
/// <param name="Levels">The levels met in this shard, in its order; a cell's code indexes them.</param>
public sealed record ShardTerm(string GroupName, IReadOnlyList<string> ColumnNames, IReadOnlyList<bool> NumericComponents,
    IReadOnlyList<string> Levels);

/// <summary>A categorical variable of the fixed effects (or a random slope) and its levels: every shard must have the same.</summary>
public sealed record ShardFactor(string Name, IReadOnlyList<string> Levels);

/// <summary>
/// The cross-products of one shard of the data (resampling crossproducts): for every cell (one combination of the random
/// terms' grouping levels met in the shard) the sum over its rows of v v', v = [z of each term, x, y], packed as a lower
/// triangle. Sums over rows add up over shards, so a fit needs only these (docs/cluster.md). The fixed-effects columns
/// are all of them (aliased ones are found on the union), and levels are kept by name, so shards that meet different
/// levels merge correctly.
/// </summary>
public sealed record ShardCrossproducts
{
    public required string Formula { get; init; }
    public required IReadOnlyList<string> XNames { get; init; }
    public required IReadOnlyList<ShardFactor> Factors { get; init; }
    public required IReadOnlyList<ShardTerm> Terms { get; init; }

    /// <summary>The data rows the model uses, and those dropped for missing values.</summary>
    public required long Rows { get; init; }

    public required long DroppedRows { get; init; }

    /// <summary>The prior-weights column (null: unweighted); the sums are then of the weighted rows √w v (docs/cluster.md §1).</summary>
    public string? Weights { get; init; }

    /// <summary>Σ log wᵢ over the shard's rows (lme4's ldW), which adds up over shards like the sums; 0 without weights.</summary>
    public double LogWeightSum { get; init; }

    /// <summary>The cells' level codes, <see cref="Terms"/>.Count per cell (internal: the library's results hold no arrays).</summary>
    internal int[] CellCodes { get; init; } = [];

    /// <summary>The cells' sums of v v', <see cref="Triangle"/> values per cell (row a: entries 0..a).</summary>
    internal double[] Sums { get; init; } = [];

    /// <summary>Length of v: the terms' columns, the fixed-effects columns and the response.</summary>
    public int Dimension => Terms.Sum(t => t.ColumnNames.Count) + XNames.Count + 1;

    public int Triangle => Dimension * (Dimension + 1) / 2;
    public int CellCount => Terms.Count == 0 ? 0 : CellCodes.Length / Terms.Count;

    /// <summary>
    /// The cross-products of the rows of <paramref name="data"/> that model <paramref name="formula"/> uses, weighted by
    /// the prior-weights column <paramref name="weights"/> when one is given.
    /// </summary>
    public static ShardCrossproducts Compute(DataTable data, Formula formula, string? weights = null)
    {
        // scale() and poly() take their constants from the whole data; each shard would compute its own.
        var basis = formula.Fixed.Terms.SelectMany(t => t.Variables)
            .Concat(formula.Random.SelectMany(r => r.Lhs.Terms.SelectMany(t => t.Variables)))
            .FirstOrDefault(v => v.Basis is not null);
        if (basis is not null)
            throw new ModelException($"'{basis.Label}' needs the whole data (its constants come from every row): compute the column beforehand (--compute) to split the data over files.");
        var design = MixedModelDesign.Build(data, formula, forShard: true, weights);
        var rows = design.Rows.ToArray();
        var source = new VariableSource(data, rows);
        var factors = formula.Fixed.Terms.SelectMany(t => t.Variables)
            .Concat(formula.Random.SelectMany(r => r.Lhs.Terms.SelectMany(t => t.Variables)))
            .Where(v => VariableSource.IsCategorical(data, v))
            .DistinctBy(v => v.Label)
            .Select(v => new ShardFactor(v.Label, source.Categorical(v)!.Levels))
            .ToList();
        var terms = new List<ShardTerm>();
        for (int k = 0; k < design.Terms.Count; k++)
        {
            var rt = formula.Random[k]; // a shard's design keeps the formula's order of terms
            var t = design.Terms[k];
            var order = rt.GroupName == rt.GroupLabel ? rt.Grouping : rt.Grouping.Reverse().ToList();
            terms.Add(new ShardTerm(t.GroupName, t.ColumnNames, order.Select(n => data[n].Kind == ColumnKind.Numeric).ToList(), t.Levels));
        }
        var (codes, sums) = Accumulate(design);
        return new ShardCrossproducts
        {
            Formula = formula.Text,
            XNames = design.X.Names,
            Factors = factors,
            Terms = terms,
            Rows = design.RowCount,
            DroppedRows = design.DroppedRows,
            Weights = weights,
            LogWeightSum = design.LogWeightSum,
            CellCodes = codes,
            Sums = sums,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once per row of the shard
    private static (int[] Codes, double[] Sums) Accumulate(MixedModelDesign design)
    {
        var terms = design.Terms;
        int nt = terms.Count;
        var columns = terms.SelectMany(t => t.Columns).Concat(design.X.Columns).Append(design.Y).ToArray();
        int d = columns.Length, tri = d * (d + 1) / 2;
        var key = new CellKeys(terms.Select(t => t.LevelCount).ToArray());
        var groups = terms.Select(t => t.GroupIndex).ToArray();
        var codes = new List<int>();
        var sums = new double[Math.Max(16, 1) * tri];
        var v = new double[d];
        var level = new int[nt];
        int cells = 0;
        for (int i = 0, n = design.RowCount; i < n; i++)
        {
            for (int k = 0; k < nt; k++) level[k] = groups[k][i];
            int cell = key.IndexOf(level, cells);
            if (cell == cells)
            {
                cells++;
                codes.AddRange(level);
                if (cells * tri > sums.Length) Array.Resize(ref sums, 2 * sums.Length);
            }
            for (int a = 0; a < d; a++) v[a] = columns[a][i];
            int o = cell * tri;
            for (int a = 0; a < d; a++)
            {
                double va = v[a];
                for (int b = 0; b <= a; b++) sums[o++] += va * v[b];
            }
        }
        Array.Resize(ref sums, cells * tri);
        return (codes.ToArray(), sums);
    }
}
