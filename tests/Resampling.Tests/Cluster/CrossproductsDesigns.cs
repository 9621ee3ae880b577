using Resampling.Cluster;
using Resampling.Data;
using Resampling.Engine;
using Resampling.Formulas;
using Resampling.Model;

namespace Resampling.Tests.Cluster;

/// <summary>
/// Designs rebuilt from shards' cross-products in memory (no .rxp files): the data's rows dealt to shards, each shard's
/// cross-products computed and the shards joined, as resampling crossproducts and --crossproducts do.
/// </summary>
internal static class CrossproductsDesigns
{
    /// <summary>The rows of <paramref name="data"/> whose index passes <paramref name="keep"/>.</summary>
    public static DataTable Rows(DataTable data, Func<int, bool> keep)
    {
        var rows = Enumerable.Range(0, data.RowCount).Where(keep).ToArray();
        return new DataTable(data.Columns.Select(c => c.Kind == ColumnKind.Numeric
            ? DataColumn.FromNumbers(c.Name, rows.Select(i => c.Numbers[i]).ToArray())
            : DataColumn.FromTexts(c.Name, rows.Select(i => c.Texts[i]).ToArray())).ToArray());
    }

    /// <summary>The design of <paramref name="data"/> from <paramref name="shards"/> shards, row i in shard i mod shards (every group split).</summary>
    public static MixedModelDesign FromShards(DataTable data, string formula, int shards = 3, string? weights = null)
    {
        var f = FormulaParser.Parse(formula);
        var parts = Enumerable.Range(0, shards)
            .Select(k => ($"part{k}.rxp", ShardCrossproducts.Compute(Rows(data, i => i % shards == k), f, weights)))
            .ToArray();
        return CrossproductsReduce.Design(parts);
    }

    /// <summary>The REML (or ML) fit of <see cref="FromShards"/>.</summary>
    public static LinearMixedModel Fit(DataTable data, string formula, int shards = 3, string? weights = null, bool reml = true) =>
        LinearMixedModel.Fit(FromShards(data, formula, shards, weights), new FitOptions { Reml = reml });
}
