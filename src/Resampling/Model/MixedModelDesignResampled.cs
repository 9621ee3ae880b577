namespace Resampling.Model;

/// <summary>A design made of some of another design's rows, with new group codes (case bootstrap replicates).</summary>
public sealed partial class MixedModelDesign
{
    /// <summary>
    /// The design of rows <paramref name="rows"/> (indices into this design's rows, repeats allowed), in that order, with
    /// term k's grouping codes <paramref name="codes"/>[k] (0 .. <paramref name="levelCounts"/>[k] − 1). Formula, column
    /// names, aliased columns and term order are this design's: the θ and β of a refit line up with the model's.
    /// </summary>
    internal MixedModelDesign Resampled(int[] rows, IReadOnlyList<int[]> codes, IReadOnlyList<int> levelCounts)
    {
        var y = Gather(Y, rows);
        var x = new ModelMatrix(X.Names, X.Columns.Select(c => Gather(c, rows)).ToArray(), rows.Length);
        var terms = new List<RandomEffectsTerm>(Terms.Count);
        for (int k = 0; k < Terms.Count; k++)
        {
            var t = Terms[k];
            var levels = Enumerable.Range(1, levelCounts[k]).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            terms.Add(new RandomEffectsTerm(t.GroupName, levels, codes[k], t.ColumnNames, t.Columns.Select(c => Gather(c, rows)).ToArray()));
        }
        var dataRows = rows.Select(r => _rows[r]).ToArray();
        // Y, X and Z already carry the weights (√w per row): the resampled rows keep theirs, and their Σ log w.
        var weights = _priorWeights is null ? null : Gather(_priorWeights, rows);
        return new MixedModelDesign(Formula, y, x, AliasedColumns, terms, DroppedRows, dataRows, _data, weights,
            _offset is null ? null : Gather(_offset, rows))
        {
            RootWeights = RootWeights is null ? null : Gather(RootWeights, rows),
            LogWeightSum = weights?.Sum(Math.Log) ?? 0,
        };
    }

    private static double[] Gather(double[] values, int[] rows)
    {
        var g = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++) g[i] = values[rows[i]];
        return g;
    }
}
